"""The lines of a day sheet that tell a team on a trip (dinas luar) where it drives and sleeps.

A trip's drives (planner.trips) are outside the visit route, so every sheet that lists a
day's drives (jadwal.html, jadwal.png, pesan.txt, the workbook's team sheets) adds them
as lines of their own:

- on an away day, first: the drive to the lodging (dated: it is driven the day before);
- on the day before a stay: after the visits, the drive to the lodging, where the team sleeps;
- on an away day, last: "back to the lodging" (not "to the base"), then either the drive home
  (the last day of a stay) or a note that the team sleeps there tonight.
"""

from __future__ import annotations

from planner.i18n import Lang, long_date, num, t
from planner.plan import Plan, Transfer
from planner.render.itinerary import Itinerary


def _name(plan: Plan, venue_id: str) -> str:
    return next((v.name for v in plan.venues if v.id == venue_id), venue_id)


def transfer_text(plan: Plan, lang: Lang, tr: Transfer, kind: str) -> str:
    """One transfer as a sentence: `kind` is `before` (on the away day, dated), `evening`
    (on the day it is driven, before a stay) or `home` (after the last away day)."""
    return t(
        lang,
        f"transfer.{kind}",
        day=long_date(lang, tr.date),
        depart=tr.depart,
        arrive=tr.arrive,
        origin=_name(plan, tr.origin),
        destination=_name(plan, tr.destination),
        km=num(lang, tr.km),
        minutes=num(lang, tr.travel_min),
    )


def back_label(it: Itinerary, lang: Lang) -> str:
    """`Kembali ke penginapan` on an away day, else `Kembali ke basis`."""
    return t(lang, "back_to_lodging" if it.team_day.away else "back_to_base")


def sleeps_here(it: Itinerary, lang: Lang) -> str | None:
    """`(malam ini menginap di sini)` when the team ends an away day at its lodging and
    stays the night there, else None."""
    td = it.team_day
    if td.away and td.transfer_after is None and it.evening is None:
        return f"({t(lang, 'sleeps_tonight')})"
    return None


def opening_line(plan: Plan, it: Itinerary, lang: Lang) -> str | None:
    """The drive into the lodging, shown first on an away day (driven the day before)."""
    tr = it.team_day.transfer_before
    return transfer_text(plan, lang, tr, "before") if tr is not None else None


def closing_line(plan: Plan, it: Itinerary, lang: Lang) -> str | None:
    """The drive after the day's visits: home after a stay, or to tonight's lodging."""
    td = it.team_day
    if td.transfer_after is not None:
        return transfer_text(plan, lang, td.transfer_after, "home")
    if it.evening is not None:
        return transfer_text(plan, lang, it.evening, "evening")
    return None
