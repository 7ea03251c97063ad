"""The plan: what the optimiser decided, in the shape every renderer reads.

A `Plan` carries the venues it mentions (names, coordinates, pools, windows), so tables and
routes need neither the solver nor the venue files. `ikd-planner render --plan plan.json` still
reads the data folder (`--data`, default the plan's own `data_dir`) for the boundaries and
per-area counts the maps draw. It round-trips through `plan.json` unchanged.
Times are local `HH:MM`; durations are minutes; activations are expected people.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    # NaN or infinity in a saved plan (a hand-edited file) would crash the map renderers.
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )


_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _clock(value: str) -> str:
    if not _CLOCK.fullmatch(value):
        raise ValueError("expected a time HH:MM from 00:00 to 23:59")
    return value


Clock = Annotated[str, AfterValidator(_clock)]
"""A local time `HH:MM` from 00:00 to 23:59."""


class TimeWindow(_Frozen):
    """An interval `start`–`end` (HH:MM) in which a visit may happen."""

    start: Clock
    end: Clock


class Stop(_Frozen):
    """One visit of a team's day, numbered from 1 in driving order."""

    stop: int
    venue_id: str
    arrive: Clock
    start: Clock
    end: Clock
    travel_min: float = Field(description="driving minutes from the previous stop or the base")
    expected_activations: float
    p10: float
    p90: float
    window: TimeWindow = Field(description="the venue's time window used that day")
    fixed: bool = False
    actual: int | None = Field(
        default=None,
        description="activations recorded for this visit (a re-plan keeps the days before "
        "it with what the teams reported); the expected figures stay the forecast",
    )


class DayBreak(_Frozen):
    """A pause in a team's day (`lunch`, `friday_prayer`): drives and visits stop during it.

    Shown as its own line in every day sheet, so a long visit is not read as running straight
    through lunch or Friday prayer.
    """

    start: str
    end: str
    kind: str


class Transfer(_Frozen):
    """A drive of a trip (dinas luar) between the team's base and a lodging, or between two
    lodgings: outside the day's visits, on the team's own clock (planner.trips).

    `date` is the day it is driven: the day before the first away day (after that day's
    visits, or in the afternoon at the end of the team's hours when the team does not work
    that day) for a drive to the lodging; the last away day, right after its visits, for
    the drive home. Minutes and km are planner.travel's estimate.
    """

    date: date
    origin: str = Field(description="venue id the team drives from")
    destination: str = Field(description="venue id the team drives to (where it sleeps)")
    depart: Clock
    arrive: Clock
    travel_min: float = Field(ge=0)
    km: float = Field(ge=0)


class TeamDay(_Frozen):
    """A team's working day: leaves the base, visits its stops in order, returns.

    On a trip day (`away`) the base is the lodging; `transfer_before` is the drive into it
    (none while the team stays on at the same lodging) and `transfer_after` the drive home
    after the last away day of a stay (none when the team sleeps at a lodging that night).
    """

    date: date
    team: str
    officers: int
    base_venue: str
    depart: Clock
    return_: Clock = Field(alias="return")
    return_travel_min: float = 0.0
    stops: tuple[Stop, ...]
    breaks: tuple[DayBreak, ...] = ()
    away: bool = Field(
        default=False,
        description="dinas luar: the team slept at base_venue (a lodging away from its base) "
        "the night before and works from there",
    )
    night_cost: float = Field(default=0.0, description="rupiah for the team's night away")
    home_venue: str | None = Field(
        default=None, description="on a trip day: the team's own base, where it goes home to"
    )
    transfer_before: Transfer | None = Field(
        default=None, description="the drive to base_venue (a lodging) before this day"
    )
    transfer_after: Transfer | None = Field(
        default=None, description="the drive home after this day's visits (last away day)"
    )

    @property
    def transfers(self) -> tuple[Transfer, ...]:
        """The trip drives recorded on this day (each transfer of a plan is on one day)."""
        return tuple(x for x in (self.transfer_before, self.transfer_after) if x is not None)

    @property
    def expected_activations(self) -> float:
        return sum(s.expected_activations for s in self.stops)


class PlanVenue(_Frozen):
    """A venue as the plan saw it: where it is, how many people it can reach, when it is open."""

    id: str
    name: str
    type: str
    kecamatan: str
    desa: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    pool: float = Field(description="people reachable at this venue before the month starts")
    pool_estimated: bool
    coord_estimated: bool
    windows: dict[str, TimeWindow] = Field(description="weekday name (Mon..Sun) -> window")


class Unscheduled(_Frozen):
    """A venue the plan does not visit, and why."""

    venue_id: str
    reason: str
    detail: str = ""


class Summary(_Frozen):
    """Headline figures of a plan; `gap` = (upper_bound - expected) / upper_bound."""

    expected_activations: float
    expected_p10: float
    expected_p90: float
    upper_bound: float
    gap: float
    baseline_activations: float
    wktp: int
    ikd_active_before: int
    ikd_rate_before: float
    ikd_rate_after: float
    target_rate: float
    months_to_target: float | None = Field(
        description="whole months until the target if this month is repeated, the planned "
        "month counting as 1 (planner.projection; 0 = reached, None = not within the horizon)"
    )
    solve_seconds: float
    visits: int
    team_days: int
    staff_days: int
    travel_km: float = Field(description="km driven: day routes and trip transfers")
    solver_status: str
    month_target: str | None = Field(default=None, description="YYYY-MM the target is reached")
    national_target_rate: float | None = None
    months_to_national: float | None = None
    cohort_per_year: float | None = Field(
        default=None, description="new 17-year-olds a year used by the projection (people)"
    )
    activations_per_officer_day: float | None = None
    nights_away: int = Field(default=0, description="officer-nights away on trips (dinas luar)")
    night_cost: float = Field(default=0.0, description="rupiah for nights away (per diem)")
    transfer_km: float = Field(
        default=0.0, description="km of trip transfers to and from lodgings (in travel_km)"
    )
    transfer_min: float = Field(
        default=0.0, description="driving minutes of trip transfers to and from lodgings"
    )
    trip_activations: float = Field(
        default=0.0, description="expected activations of the trip days' visits (dinas luar)"
    )
    activations_per_million_rp: float | None = Field(
        default=None,
        description="what the trips bought: trip_activations per Rp 1,000,000 of night costs",
    )
    lowest_kecamatan: str | None = Field(default=None, description="least-covered kecamatan")
    lowest_share: float | None = Field(default=None, description="its share reached")
    equity_floor: float | None = Field(
        default=None, description="the scenario's minimum share per kecamatan"
    )
    floor_met: bool | None = None
    floor_cost: float | None = Field(
        default=None,
        description="expected activations the equity floor costs: the upper bound without the "
        "floor minus the bound with it (the LP price of the floor)",
    )
    floor_cost_low: float | None = Field(
        default=None, description="the cost is at least this (expected without − bound with)"
    )
    floor_cost_high: float | None = Field(
        default=None, description="the cost is at most this (bound without − expected with)"
    )

    route_mode: str = Field(
        default="enumerate",
        description="how day routes were found: enumerate (all listed) or generate (by pricing)",
    )
    routes: int = Field(default=0, description="distinct day routes the solve knew at the end")
    replayable: bool = Field(
        default=True, description="False: the wall clock ended the solve; a rerun may differ"
    )
    recorded_activations: int = Field(
        default=0,
        description="activations recorded by the campaign and counted in ikd_active_before",
    )
    ikd_baseline_as_of: str | None = Field(
        default=None, description="date of the official IKD figure ikd_active_before counts from"
    )
    unreported_visits: int = Field(
        default=0, description="earlier planned visits with no actuals yet (not counted as done)"
    )


class LearnedParameter(_Frozen):
    """A demand parameter the campaign learned from its reported visits (planner.calibrate)."""

    name: str
    prior: float
    mean: float
    lo: float = Field(description="lower end of the 90 % credible interval")
    hi: float = Field(description="upper end of the 90 % credible interval")
    visits: int = Field(description="reported visits the estimate rests on")


class Coverage(_Frozen):
    """One kecamatan's ready people and the share reached (planner.coverage); people."""

    kecamatan_code: str
    kecamatan: str
    ready: float
    reached: float
    share: float
    reached_to_date: float
    share_to_date: float
    floor: float | None = Field(default=None, description="the scenario's minimum share")


class Plan(_Frozen):
    """A month's visit schedule for one kabupaten and one scenario."""

    kabupaten_code: str
    kabupaten_name: str
    month: str
    data_dir: str
    scenario: dict[str, Any]
    summary: Summary
    team_days: tuple[TeamDay, ...]
    venues: tuple[PlanVenue, ...]
    unscheduled: tuple[Unscheduled, ...]
    coverage: tuple[Coverage, ...] = ()
    learned: tuple[LearnedParameter, ...] = ()

    @model_validator(mode="after")
    def _stops_name_known_venues(self) -> Plan:
        known = {v.id for v in self.venues}
        for td in self.team_days:
            for s in td.stops:
                if s.venue_id not in known:
                    raise ValueError(
                        f"team day {td.date} {td.team!r}, stop {s.stop}: venue {s.venue_id!r} "
                        "is not among the plan's venues"
                    )
        return self

    def venue(self, venue_id: str) -> PlanVenue:
        for v in self.venues:
            if v.id == venue_id:
                return v
        raise KeyError(venue_id)

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.model_validate_json(text)
