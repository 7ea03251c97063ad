"""The scenario: teams, staff limits, calendar, demand and travel parameters, as a typed model.

A scenario is a TOML file (a data folder's own `scenario.toml`, e.g. geodata/ppu/scenario.toml,
or any file given with --scenario); every field has a documented default,
so an empty file is a valid scenario. The same file and seed replay the same plan, and the
scenario as used is written back into `plan.json`.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from planner import venue_kinds
from planner._closest import closest_first
from planner.i18n import LocalisedValueError
from planner.scenario_extra import BaseSpell, EquityConfig, TripConfig
from planner.settings import MAX_TIME_LIMIT_S

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_ALIASES = {
    **{d.lower(): i for i, d in enumerate(WEEKDAYS)},
    **{
        n: i for i, n in enumerate(("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"))
    },
    **{
        n: i
        for i, n in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


def parse_weekday(value: str) -> int:
    """`"Mon"`, `"senin"`, `"Monday"` → 0 … 6; raises ValueError naming the bad value."""
    key = str(value).strip().lower().replace("'", "")
    if key not in _WEEKDAY_ALIASES:
        raise LocalisedValueError("scn.weekday_unknown", value=repr(value))
    return _WEEKDAY_ALIASES[key]


def parse_weekdays(value: Any) -> tuple[int, ...]:
    """Names, or a range string like `"Mon-Fri"` / `"Mon,Wed"` → sorted weekday numbers."""
    if isinstance(value, str):
        parts: list[Any] = []
        for chunk in value.split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            if "-" in chunk:
                a, b = (parse_weekday(x) for x in chunk.split("-", 1))
                if b < a:
                    raise LocalisedValueError("scn.weekday_backwards", value=repr(chunk))
                parts.extend(range(a, b + 1))
            else:
                parts.append(parse_weekday(chunk))
        return tuple(sorted(set(parts)))
    if isinstance(value, list | tuple):
        return tuple(sorted({v if isinstance(v, int) else parse_weekday(v) for v in value}))
    raise LocalisedValueError("scn.weekdays_expected", value=repr(value))


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", str(value))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise LocalisedValueError("scn.time_expected", value=repr(value))
    return time(int(m.group(1)), int(m.group(2)))


def _fmt_weekdays(days: tuple[int, ...]) -> list[str]:
    return [WEEKDAYS[d] for d in days]


Clock = Annotated[
    time, BeforeValidator(_parse_time), PlainSerializer(lambda t: t.strftime("%H:%M"))
]
Weekdays = Annotated[
    tuple[int, ...], BeforeValidator(parse_weekdays), PlainSerializer(_fmt_weekdays)
]


def minutes(t: time) -> int:
    """Minutes after midnight: the solver's unit of time."""
    return t.hour * 60 + t.minute


def _known_keys(table: str, rows: dict[str, Any]) -> None:
    """Refuse a row that is not a registered venue kind's demand key (e.g. `kantor_dessa`)."""
    known = venue_kinds.demand_keys()
    unknown = [k for k in rows if k not in known]
    if unknown:
        raise LocalisedValueError(
            "scn.unknown_kind",
            table=table,
            kinds=", ".join(map(repr, unknown)),
            known=", ".join(known),
        )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Break(_Model):
    """A break in the working day (no visit may run through it)."""

    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _ordered(self) -> Break:
        if minutes(self.end) <= minutes(self.start):
            raise LocalisedValueError("scn.break_order")
        return self


class DateRange(_Model):
    """An inclusive range of dates, e.g. a school holiday."""

    start: date
    end: date
    name: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise LocalisedValueError("scn.dates_order")
        return self

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


class Team(_Model):
    """A mobile team: how many officers, where it starts, when it works."""

    name: str = Field(min_length=1, max_length=40)
    officers: int = Field(default=3, ge=1, le=20)
    base: str | None = Field(
        default=None, description="venue_id of the team's base; default: the kabupaten's default"
    )
    weekdays: Weekdays = Field(default=(0, 1, 2, 3, 4), description="working weekdays")
    start: Clock = time(8, 0)
    end: Clock = time(16, 0)
    lunch: Break | None = Field(default_factory=lambda: Break(start=time(12, 0), end=time(13, 0)))
    days_off: tuple[date, ...] = Field(default=(), description="leave: dates this team is off")
    bases: tuple[BaseSpell, ...] = Field(
        default=(), description="other bases by weekday or date range (first match wins)"
    )

    def base_on(self, d: date, default: str) -> str:
        """The venue the team starts from on `d`: a matching spell, else its base."""
        for spell in self.bases:
            if spell.covers(d):
                return spell.venue
        return self.base or default

    @model_validator(mode="after")
    def _hours(self) -> Team:
        if minutes(self.end) <= minutes(self.start):
            raise LocalisedValueError(
                "scn.team_day_order",
                team=repr(self.name),
                end=f"{self.end:%H:%M}",
                start=f"{self.start:%H:%M}",
            )
        lunch = self.lunch
        if lunch is not None and lunch.start <= self.start and lunch.end >= self.end:
            raise LocalisedValueError(
                "scn.lunch_covers_day",
                team=repr(self.name),
                lunch=f"{lunch.start:%H:%M}-{lunch.end:%H:%M}",
                day=f"{self.start:%H:%M}-{self.end:%H:%M}",
            )
        return self


class StaffLimits(_Model):
    """What the office can field per day across all teams (None = no limit beyond the teams)."""

    officers_per_day: int | None = Field(default=None, ge=0)
    vehicles_per_day: int | None = Field(default=None, ge=0)


class FixedEvent(_Model):
    """A visit that must be in the plan, e.g. the Car Free Day stand every Saturday morning."""

    venue: str
    weekdays: Weekdays = Field(default=(5,))
    dates: tuple[date, ...] = ()
    start: Clock = time(6, 0)
    end: Clock = time(9, 0)
    officers: int = Field(default=2, ge=1)
    team: str | None = Field(default=None, description="team name; None lets the planner choose")

    @model_validator(mode="after")
    def _ordered(self) -> FixedEvent:
        if minutes(self.end) <= minutes(self.start):
            raise LocalisedValueError(
                "scn.event_order",
                venue=repr(self.venue),
                end=f"{self.end:%H:%M}",
                start=f"{self.start:%H:%M}",
            )
        return self


class CalendarConfig(_Model):
    """Which days are working days and which venues are open on them."""

    national_holidays: bool = Field(
        default=True, description="Indonesian national holidays and cuti bersama (holidays: ID)"
    )
    extra_holidays: tuple[date, ...] = ()
    lebaran_pause_days: int = Field(
        default=0,
        ge=0,
        le=30,
        description="no field visits this many days before and after Idul Fitri (0 = no pause)",
    )
    ramadan_pause: bool = Field(default=False, description="no field visits during Ramadan")
    school_days: Weekdays = Field(default=(0, 1, 2, 3, 4))
    school_holidays: tuple[DateRange, ...] = ()
    friday_prayer: Break | None = Field(
        default_factory=lambda: Break(start=time(11, 30), end=time(13, 0))
    )
    market_days: dict[str, Weekdays] = Field(
        default_factory=dict, description="venue_id of a market -> its market weekdays"
    )


class DemandConfig(_Model):
    """Parameters of the expected-activation model (see planner.demand for the formulas).

    Sources for the defaults are in geodata/ppu/scenario.toml and geodata/ppu/SOURCES.md.
    """

    readiness: float = Field(
        default=0.6, gt=0, le=1, description="share of unactivated WKTP with Android phone + e-mail"
    )
    student_17plus_share: float = Field(default=0.85, gt=0, le=1)
    student_ikd_rate: float = Field(default=0.05, ge=0, lt=1)
    staff_ikd_rate: float = Field(default=0.5, ge=0, lt=1)
    activations_per_officer_hour: float = Field(default=8.0, gt=0)
    p_type: dict[str, float] = Field(
        default_factory=venue_kinds.default_p_type,
        description="share of a venue's remaining pool that one visit activates (before capacity)"
        "; keyed by the kinds' demand keys, a partial table merges over the defaults",
    )
    p_relative_spread: float = Field(
        default=0.35, ge=0, lt=1, description="P10/P90 of p_type at ±(1.2816·spread)·p"
    )
    catchment_km: float = Field(
        default=6.0, gt=0, description="distance decay scale for desa around an office venue"
    )
    catchment_max_km: float = Field(default=20.0, gt=0)
    event_catchment_km: float = Field(default=10.0, gt=0)

    @field_validator("p_type")
    @classmethod
    def _p_range(cls, v: dict[str, float]) -> dict[str, float]:
        _known_keys("p_type", v)
        for k, p in v.items():
            if not 0 < p <= 1:
                raise LocalisedValueError("scn.p_type_range", kind=k, value=str(p))
        return {**venue_kinds.default_p_type(), **v}


class TravelConfig(_Model):
    """Travel time = great-circle km × detour factor / speed, plus a fixed parking overhead."""

    detour_factor: float = Field(default=1.35, ge=1.0, le=3.0)
    speed_kmh: float = Field(default=40.0, gt=5, le=120)
    overhead_min: float = Field(default=5.0, ge=0)


class VisitConfig(_Model):
    """How long a visit takes and how often a venue may be revisited."""

    spacing_days: int = Field(default=7, ge=1, le=31)
    max_visits_per_venue: int = Field(default=3, ge=1, le=10)
    service_min: dict[str, int] = Field(
        default_factory=venue_kinds.default_service_min,
        description="minutes on site per venue kind (events use their own window); keyed by the"
        " kinds' demand keys, a partial table merges over the defaults",
    )
    max_stops_per_day: int = Field(default=3, ge=1, le=6)

    @field_validator("service_min")
    @classmethod
    def _service_positive(cls, v: dict[str, int]) -> dict[str, int]:
        _known_keys("service_min", v)
        for k, m in v.items():
            if m <= 0:
                raise LocalisedValueError("scn.service_min_positive", kind=k, value=str(m))
        return {**venue_kinds.default_service_min(), **v}


class SolverConfig(_Model):
    """Solver limits and knobs; every solve stops at `time_limit_s` and reports bound and gap.

    The knobs below `travel_weight` tune the month engine (planner.solve, read through
    `planner.solve.params.SolveParams`); their defaults are what the benchmarks were run with.
    """

    time_limit_s: float = Field(default=60.0, gt=0, le=MAX_TIME_LIMIT_S)
    workers: int = Field(default=2, ge=1, le=16)
    travel_weight: float = Field(
        default=0.01, ge=0, description="activations given up per travel minute (tie-breaker)"
    )
    deterministic: bool = Field(
        default=True,
        description="stop on counted work (same seed -> same plan) before the wall clock; "
        "false stops on the clock only (may use the limit better, will not replay)",
    )
    deterministic_share: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="work units allowed per second of the time limit (about 1 unit = 1 s on "
        "the development machine), so the work budget normally ends the solve first",
    )
    lp_time_share: float = Field(
        default=0.4, gt=0, lt=1, description="share of the time left after routes for the LP bound"
    )
    stop_gap: float = Field(
        default=0.002, ge=0, lt=1, description="CP-SAT stops once proven this close (relative)"
    )
    routes_per_slot: int = Field(
        default=25, ge=1, le=1000, description="best routes per team-day kept for CP-SAT"
    )
    columns_per_round: int = Field(
        default=40, ge=1, le=1000, description="improving routes per team-day added per LP round"
    )
    route_mode: Literal["auto", "enumerate", "generate"] = Field(
        default="auto",
        description="enumerate every day route, generate them by pricing, or choose by size",
    )
    integer_solver: Literal["auto", "cpsat", "scip"] = Field(
        default="auto",
        description="the plan's integer solver: CP-SAT, SCIP, or auto (CP-SAT on enumerated "
        "routes, SCIP on generated ones)",
    )
    enumerate_max_routes: int = Field(
        default=60_000,
        ge=100,
        le=5_000_000,
        description="auto mode enumerates while the day routes stay below this many",
    )


class Scenario(_Model):
    """A complete planning scenario for one month."""

    name: str = "default"
    description: str = ""
    month: str | None = Field(default=None, description="YYYY-MM; default: next month")
    seed: int = 0
    teams: tuple[Team, ...] = Field(
        default_factory=lambda: (Team(name="Tim 1"), Team(name="Tim 2"))
    )
    staff: StaffLimits = Field(default_factory=StaffLimits)
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    fixed_events: tuple[FixedEvent, ...] = ()
    demand: DemandConfig = Field(default_factory=DemandConfig)
    travel: TravelConfig = Field(default_factory=TravelConfig)
    visits: VisitConfig = Field(default_factory=VisitConfig)
    solver: SolverConfig = Field(default_factory=SolverConfig)
    trips: TripConfig = Field(default_factory=TripConfig)
    equity: EquityConfig = Field(default_factory=EquityConfig)

    @field_validator("month")
    @classmethod
    def _month(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
            raise LocalisedValueError("scn.month_format", value=repr(v))
        return v

    @model_validator(mode="after")
    def _unique_teams(self) -> Scenario:
        names = [t.name for t in self.teams]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise LocalisedValueError("scn.team_names_unique", names=str(sorted(dup)))
        if not self.teams:
            raise LocalisedValueError("scn.no_team")
        for ev in self.fixed_events:
            if ev.team is not None and ev.team not in names:
                raise LocalisedValueError(
                    "scn.event_unknown_team",
                    venue=repr(ev.venue),
                    team=repr(ev.team),
                    names=closest_first(ev.team, names),
                )
        return self

    def override(
        self,
        *,
        teams: int | None = None,
        time_limit_s: float | None = None,
        seed: int | None = None,
        month: str | None = None,
    ) -> Scenario:
        """A copy with the command-line overrides applied and validated again (None = keep)."""
        sc = self.with_team_count(teams) if teams is not None else self
        data = sc.model_dump()
        if time_limit_s is not None:
            data["solver"] = {**data["solver"], "time_limit_s": time_limit_s}
        if seed is not None:
            data["seed"] = seed
        if month is not None:
            data["month"] = month
        return Scenario.model_validate(data)

    def with_team_count(self, n: int) -> Scenario:
        """The same scenario with `n` teams: the last kept team's settings copied for new teams."""
        if n < 1:
            raise ValueError("--teams must be at least 1")
        teams = list(self.teams[:n])
        template = self.teams[-1]
        while len(teams) < n:
            teams.append(template.model_copy(update={"name": f"Tim {len(teams) + 1}"}))
        data = self.model_dump()
        data["teams"] = [t.model_dump() for t in teams]
        names = {t.name for t in teams}
        data["fixed_events"] = [
            {**e, "team": e["team"] if e["team"] in names else None} for e in data["fixed_events"]
        ]
        return Scenario.model_validate(data)
