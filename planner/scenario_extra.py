"""Scenario sections for teams that work far from the office, and for equity between kecamatan.

- `BaseSpell`: a team may start its day from another venue (a kantor camat) on some weekdays or
  in a date range (`[[teams]] bases = [...]`), at no extra cost: it is stationed there.
- `TripConfig` (`[trips]`): dinas luar. A team may spend nights away at a lodging venue and work
  from there; every day worked from a lodging costs one night per officer (the night before it:
  the team drives out the evening before, and back after its last day), at
  `cost_per_officer_night` rupiah, within `budget_per_month`. The plan chooses which days are
  worth it. Consecutive days at the same lodging are one trip.
- `EquityConfig` (`[equity]`): a minimum share of each kecamatan's ready population to reach in
  the month; the plan reports what that floor costs in activations.

Money is in rupiah; shares are 0–1. Pure models, no I/O.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

from planner.i18n import LocalisedValueError

ALL_WEEK = (0, 1, 2, 3, 4, 5, 6)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _weekdays(value: object) -> tuple[int, ...]:
    from planner.scenario import parse_weekdays

    return parse_weekdays(value)


def _weekday_names(days: tuple[int, ...]) -> list[str]:
    from planner.scenario import WEEKDAYS

    return [WEEKDAYS[d] for d in days]


_Weekdays = Annotated[tuple[int, ...], BeforeValidator(_weekdays), PlainSerializer(_weekday_names)]


class BaseSpell(_Model):
    """A team starts and ends its day at `venue` on `weekdays` between `start` and `end`
    (inclusive; either may be left out). The first spell that matches a date wins; on other
    dates the team's `base` holds."""

    venue: str
    weekdays: _Weekdays = Field(default=ALL_WEEK)
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> BaseSpell:
        if self.start and self.end and self.end < self.start:
            raise LocalisedValueError("scn.dates_order")
        return self

    def covers(self, d: date) -> bool:
        return (
            d.weekday() in self.weekdays
            and (self.start is None or d >= self.start)
            and (self.end is None or d <= self.end)
        )


class TripConfig(_Model):
    """Dinas luar: working days from a lodging away from the base, with a cost per night."""

    allowed: bool = Field(default=False, description="let the plan send teams on trips")
    lodging: tuple[str, ...] | None = Field(
        default=None,
        description="venue ids where a team may sleep; default: every kantor camat other "
        "than the team's base",
    )
    cost_per_officer_night: float = Field(
        default=350_000,
        ge=0,
        description="rupiah per officer per night away (uang harian + penginapan) [assumption]",
    )
    budget_per_month: float | None = Field(
        default=None, ge=0, description="rupiah a month for nights away; None = no limit"
    )
    min_activations_per_officer_night: float = Field(
        default=2.0,
        ge=0,
        description="a trip day is worth it only if it adds at least this many expected "
        "activations per officer-night (a preference of the plan, not part of the bound)",
    )


class EquityConfig(_Model):
    """No kecamatan left behind: reach at least this share of every kecamatan's ready people."""

    min_share_per_kecamatan: float = Field(
        default=0.0,
        ge=0,
        le=0.5,
        description="share (0-1) of each kecamatan's ready population to reach this month",
    )
