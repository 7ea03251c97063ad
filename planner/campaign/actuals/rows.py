"""What a reader produces and what it may look up: reported visits and the ledger's context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.i18n import Message
from planner.io.errors import DataError


class LineError(DataError):
    """A problem on one line of a text file (`balasan.txt line 5, field 'count'`)."""

    unit = "line"


def problem(
    file: str, row: int | None, field: str | None, message: str | Message, unit: str
) -> DataError:
    """A `DataError` that says "row" (tables) or "line" (text) as `unit` asks."""
    cls = LineError if unit == "line" else DataError
    return cls(file, row, field, message)


@dataclass(frozen=True)
class ReportedVisit:
    """One visit as a team reported it; `row` is the file's 1-based data row or text line.

    `unit` says which ("row" or "line"), so later messages name the place the same way.
    """

    file: str
    row: int
    date: dt.date
    team: str
    venue_id: str
    activations: int
    officers: int | None = None
    hours: float | None = None
    note: str | None = None
    unit: str = "row"

    @property
    def key(self) -> tuple[dt.date, str, str]:
        return (self.date, self.team, self.venue_id)

    def same_numbers(self, activations: int, officers: int | None, hours: float | None) -> bool:
        """True when the report says what is already recorded (a re-report, not a change)."""
        return (
            self.activations == activations
            and (self.officers is None or self.officers == officers)
            and (self.hours is None or hours is None or abs(self.hours - hours) < 1e-9)
        )


@dataclass(frozen=True)
class VenueInfo:
    """A venue the campaign knows (from its recorded plans): name and type."""

    venue_id: str
    name: str
    venue_type: str


@dataclass(frozen=True)
class PlannedSlot:
    """A planned visit's capacity (people) and forecast, to judge a report against."""

    capacity: float
    expected: float
    officers: int


@dataclass(frozen=True)
class ImportContext:
    """What the ledger knows that a report is checked against.

    `venues` and `teams` come from every plan in force; `months` are the planned months
    (YYYY-MM); `planned` maps (date, team, venue_id) to its slot; `team_capacity` is a full
    team-day's capacity per team (people), the ceiling for an unplanned stop;
    `per_officer_hour` is the scenario's activations per officer-hour.
    """

    kabupaten_code: str
    venues: dict[str, VenueInfo]
    teams: tuple[str, ...]
    months: frozenset[str]
    planned: dict[tuple[dt.date, str, str], PlannedSlot] = field(default_factory=dict)
    team_capacity: dict[str, float] = field(default_factory=dict)
    per_officer_hour: float = 8.0

    def team_on(self, day: dt.date) -> list[str]:
        """Teams with a planned visit on `day` (for messages that give no team)."""
        return sorted({t for (d, t, _v) in self.planned if d == day})
