"""`schedule.csv`: one row per visit, for spreadsheets and other tools.

The columns are fixed (other programs read them) and language-neutral: codes, ISO dates,
`HH:MM` times, minutes and expected people. `base_venue` is where the team left from that day
and `away` is `true` on a trip day (dinas luar: the team slept at `base_venue`). Rows are
visits only: the drive back to the base and a trip's drives to and from the lodging
(planner.trips) are in plan.json, the team sheets of schedule.xlsx and the jadwal. Text cells
that a spreadsheet would run as a formula are neutralised (CSV injection), since names come
from data files.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from planner.plan import Plan
from planner.render.itinerary import Visit, visits

SCHEDULE_COLUMNS: Final[tuple[str, ...]] = (
    "date",
    "team",
    "stop",
    "venue_id",
    "venue_name",
    "venue_type",
    "kecamatan",
    "desa",
    "lat",
    "lon",
    "arrive",
    "start",
    "end",
    "travel_min",
    "expected_activations",
    "base_venue",
    "away",
)

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula.
_FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula: `=1+1` → `'=1+1`."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def schedule_row(v: Visit) -> tuple[str | int | float, ...]:
    """The CSV row of one visit, in `SCHEDULE_COLUMNS` order (numbers stay numbers)."""
    s = v.stop
    return (
        v.date.isoformat(),
        safe_text(v.team),
        s.stop,
        safe_text(v.venue.id),
        safe_text(v.venue.name),
        safe_text(v.venue.type),
        safe_text(v.venue.kecamatan),
        safe_text(v.venue.desa),
        round(v.venue.lat, 6),
        round(v.venue.lon, 6),
        s.arrive,
        s.start,
        s.end,
        round(s.travel_min, 1),
        round(s.expected_activations, 1),
        safe_text(v.base),
        "true" if v.away else "false",
    )


def schedule_csv(plan: Plan) -> str:
    """The whole schedule as CSV text (UTF-8 without BOM, header first, sorted rows)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SCHEDULE_COLUMNS)
    for v in visits(plan):
        w.writerow(schedule_row(v))
    return buf.getvalue()
