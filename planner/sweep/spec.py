"""The sweep file: a base scenario varied along staffing axes, each combination a named case.

A planner asks "what do 1, 2, 3 or 4 teams of 2 or 3 officers buy us, in January and in
February?". A sweep file (TOML, read by `planner.io.sweep_file.load_sweep`) says that in a few
lines; paths are relative to the sweep file:

    name = "ppu-staffing"
    base = "../../geodata/ppu/scenario.toml"  # the scenario every case starts from
    time_limit_s = 20                  # solver seconds per plan

    [vary]                             # the cartesian product of these lists
    teams = [1, 2, 3, 4]               # number of teams (the last team is copied)
    officers = [2, 3]                  # officers in every team
    weekdays = ["Mon-Fri", "Mon-Sat"]  # working days of every team
    hours = ["08:00-16:00"]            # working hours of every team
    vehicles = ["unlimited"]           # vehicles per day: a number or "unlimited"
    officers_per_day = ["unlimited"]   # officers per day across teams: a number or "unlimited"
    seeds = [0]
    months = ["2027-01", "2027-02"]
    data = ["../../geodata/ppu"]       # data folders (one per kabupaten)

    [[scenarios]]                      # optional hand-made cases, run for every month and data
    name = "dua tim, Senin-Sabtu"
    scenario = "other.toml"            # optional; default: base
    teams = 2
    weekdays = "Mon-Sat"

An axis with one value is a setting for every case; an axis with several values varies, and
only varying axes make up a case's name, e.g. `teams=3,officers=2,month=2027-01`. Explicit
`[[scenarios]]` take the `months` and `data` axes unless they set `month`/`data` themselves,
and the one-value staffing axes; they are not crossed with the varying staffing axes. The
grid is run unless the file has `[[scenarios]]` and varies no staffing axis. Everything here
is pure: files are read by planner.io, which hands the loaded base scenarios to
`build_sweep`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from planner.scenario import WEEKDAYS, Scenario, minutes, parse_weekdays

#: A sweep with more cases than this is refused: it is almost certainly a typo, and each case
#: costs a solve of `time_limit_s` seconds.
MAX_CASES = 500

#: Version of the case fingerprint; bump when what a case computes changes meaning.
CASE_FORMAT = 1

#: Staffing axes in the order they are applied and named, then the where/when axes.
STAFF_AXES = ("teams", "officers", "weekdays", "hours", "vehicles", "officers_per_day", "seed")
AXES = (*STAFF_AXES, "month", "data")


def _weekday_set(value: Any) -> tuple[int, ...]:
    """`"Mon-Fri"`, `["Mon-Fri"]`, `["Mon", "Wed"]` or `["Mon-Fri", "Sat"]` → weekday numbers."""
    items = value if isinstance(value, list | tuple) else [value]
    days: set[int] = set()
    for item in items:
        if isinstance(item, int):
            days.add(item)
        else:
            days.update(parse_weekdays(str(item)))
    if not days or not all(0 <= d <= 6 for d in days):
        raise ValueError(f"expected working weekdays such as 'Mon-Fri', got {value!r}")
    return tuple(sorted(days))


def _clock(text: str) -> time:
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"expected a time HH:MM, got {text!r}")
    return time(int(m.group(1)), int(m.group(2)))


def _hours(value: Any) -> tuple[time, time]:
    """`"08:00-16:00"` or `["08:00", "16:00"]` → (start, end), end after start."""
    parts = value.split("-") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple) or len(parts) != 2:
        raise ValueError(f"expected working hours such as '08:00-16:00', got {value!r}")
    start, end = (_clock(str(p)) for p in parts)
    if minutes(end) <= minutes(start):
        raise ValueError(f"working hours {value!r}: the end is not after the start")
    return start, end


WeekdaySet = Annotated[tuple[int, ...], BeforeValidator(_weekday_set)]
Hours = Annotated[tuple[time, time], BeforeValidator(_hours)]
TeamCount = Annotated[int, Field(ge=1, le=20)]
Officers = Annotated[int, Field(ge=1, le=20)]
Limit = Annotated[int, Field(ge=1, le=1000)] | Literal["unlimited"]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Seed = Annotated[int, Field(ge=0)]
DataPath = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VaryAxes(_Model):
    """The `[vary]` table: a list of values per axis (leave an axis out to keep the base's)."""

    teams: tuple[TeamCount, ...] | None = None
    officers: tuple[Officers, ...] | None = None
    weekdays: tuple[WeekdaySet, ...] | None = None
    hours: tuple[Hours, ...] | None = None
    vehicles: tuple[Limit, ...] | None = None
    officers_per_day: tuple[Limit, ...] | None = None
    seeds: tuple[Seed, ...] | None = None
    months: tuple[Month, ...] | None = None
    data: tuple[DataPath, ...] | None = None

    @field_validator("*")
    @classmethod
    def _not_empty(cls, v: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if v is not None and not v:
            raise ValueError("give at least one value (or leave the axis out)")
        if v is not None and len(set(v)) != len(v):
            raise ValueError("a value is listed twice")
        return v

    def axis(self, name: str) -> tuple[Any, ...] | None:
        """Values of axis `name` (singular name, as in case names)."""
        field = {"seed": "seeds", "month": "months"}.get(name, name)
        values: tuple[Any, ...] | None = getattr(self, field)
        return values


class ExplicitScenario(_Model):
    """One `[[scenarios]]` entry: a hand-made case, optionally from its own scenario file."""

    name: str = Field(min_length=1, max_length=80)
    scenario: str | None = Field(default=None, description="scenario file; default: base")
    teams: TeamCount | None = None
    officers: Officers | None = None
    weekdays: WeekdaySet | None = None
    hours: Hours | None = None
    vehicles: Limit | None = None
    officers_per_day: Limit | None = None
    seed: Seed | None = None
    month: Month | None = None
    data: DataPath | None = None


class Question(_Model):
    """`[question]`: what the comparison answers in one line at its top.

    The smallest staffing (officers out per day, then teams) whose projection reaches the
    kabupaten target (and the national one) by `by_month`, among the plans that fit the
    office's real daily limits (`officers_per_day`, `vehicles_per_day`; one vehicle per team).
    """

    by_month: Month | None = Field(default=None, description="target date; none: any month")
    officers_per_day: int | None = Field(default=None, ge=1, le=1000)
    vehicles_per_day: int | None = Field(default=None, ge=1, le=1000)


class SweepFile(_Model):
    """The sweep TOML as written; `base` and paths are relative to the file."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    description: str = ""
    base: str | None = Field(
        default=None,
        description="base scenario; default: the scenario of the first data folder "
        "(its scenario.toml, else the generic default built from it)",
    )
    time_limit_s: float | None = Field(default=None, gt=0, le=3600)
    solver_workers: int = Field(
        default=1,
        ge=1,
        le=16,
        description="CP-SAT threads per plan: 1, since the sweep runs one plan per dask thread",
    )
    vary: VaryAxes = Field(default_factory=VaryAxes)
    scenarios: tuple[ExplicitScenario, ...] = ()
    question: Question = Field(default_factory=Question)


class SweepCase(_Model):
    """One scenario of a sweep, ready to solve: everything a worker needs, nothing more.

    `varied` maps each varying axis (and, for explicit entries, `scenario`) to its display
    value, in naming order; `data_dir` is an absolute path the workers must be able to read.
    """

    name: str
    slug: str
    varied: dict[str, str]
    scenario: Scenario
    data_dir: str
    data_fingerprint: str = ""

    @property
    def month(self) -> str:
        return self.scenario.month or ""

    @property
    def case_hash(self) -> str:
        """sha256 of what decides the result: scenario, data folder and its file stamps."""
        payload = {
            "format": CASE_FORMAT,
            "scenario": self.scenario.model_dump(mode="json"),
            "data_dir": self.data_dir,
            "data": self.data_fingerprint,
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Sweep(_Model):
    """A sweep file expanded into its cases (in file order: grid first, then `[[scenarios]]`)."""

    name: str
    description: str = ""
    source: str
    axes: tuple[str, ...] = Field(description="axes that vary, in naming order")
    cases: tuple[SweepCase, ...]
    question: Question = Field(default_factory=Question)

    def override(self, *, time_limit_s: float | None = None) -> Sweep:
        """The same sweep with every case's solver time limit set (None = keep)."""
        if time_limit_s is None:
            return self
        cases = tuple(
            c.model_copy(update={"scenario": c.scenario.override(time_limit_s=time_limit_s)})
            for c in self.cases
        )
        return self.model_copy(update={"cases": cases})


# ------------------------------------------------------------------ display and names
def weekdays_label(days: Sequence[int]) -> str:
    """(0, 1, 2, 3, 4) → `Mon-Fri`; (0, 2, 4) → `Mon,Wed,Fri`; runs of 3+ days become ranges."""
    out: list[str] = []
    run: list[int] = []
    for d in [*sorted(days), None]:
        if d is not None and run and d == run[-1] + 1:
            run.append(d)
            continue
        if run:
            if len(run) >= 3:
                out.append(f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}")
            else:
                out.extend(WEEKDAYS[x] for x in run)
        run = [d] if d is not None else []
    return ",".join(out)


def hours_label(hours: tuple[time, time]) -> str:
    return f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"


def _label(axis: str, value: Any, data_labels: Mapping[str, str]) -> str:
    if axis == "weekdays":
        return weekdays_label(value)
    if axis == "hours":
        return hours_label(value)
    if axis == "data":
        return data_labels.get(value, str(value))
    return str(value)


def slugify(name: str) -> str:
    """A folder name from a case name: letters, digits and `._=,+-` kept, the rest `-`."""
    slug = re.sub(r"[^A-Za-z0-9._=,+-]+", "-", name.strip())
    slug = re.sub(r"-{2,}", "-", slug).strip("-.")[:100]
    return slug or "scenario"


def _data_labels(paths: Sequence[str]) -> dict[str, str]:
    """Folder names (`ppu`) when they tell the folders apart, else the paths as written."""
    names = [Path(p).name or p for p in paths]
    unique = len(set(names)) == len(names)
    return {p: (n if unique else p) for p, n in zip(paths, names, strict=True)}


# ------------------------------------------------------------------ applying values
def apply_values(base: Scenario, values: Mapping[str, Any]) -> Scenario:
    """`base` with the axis values set (axes: see `AXES`; `data` is not a scenario field).

    Team-wide axes (officers, weekdays, hours) apply to every team; `"unlimited"` lifts a daily
    limit. Raises ValueError (pydantic) when the result is not a valid scenario.
    """
    sc = base.with_team_count(values["teams"]) if "teams" in values else base
    raw = sc.model_dump()
    for team in raw["teams"]:
        if "officers" in values:
            team["officers"] = values["officers"]
        if "weekdays" in values:
            team["weekdays"] = list(values["weekdays"])
        if "hours" in values:
            team["start"], team["end"] = values["hours"]
    for axis, field in (("vehicles", "vehicles_per_day"), ("officers_per_day", "officers_per_day")):
        if axis in values:
            limit = values[axis]
            raw["staff"][field] = None if limit == "unlimited" else limit
    if "seed" in values:
        raw["seed"] = values["seed"]
    if "month" in values:
        raw["month"] = values["month"]
    return Scenario.model_validate(raw)


def _with_solver(sc: Scenario, spec: SweepFile) -> Scenario:
    raw = sc.model_dump()
    raw["solver"]["workers"] = spec.solver_workers
    if spec.time_limit_s is not None:
        raw["solver"]["time_limit_s"] = spec.time_limit_s
    return Scenario.model_validate(raw)


class SweepSpecError(ValueError):
    """A sweep whose cases cannot be built; the message names the field and the case."""


def build_sweep(
    spec: SweepFile,
    *,
    name: str,
    source: str,
    base: Scenario,
    explicit_bases: Sequence[Scenario],
    resolve_path: Callable[[str], str],
    default_data: str,
    default_month: Callable[[Scenario], str],
    fingerprint: Callable[[str], str] = lambda _p: "",
) -> Sweep:
    """Expand `spec` into cases; `explicit_bases[i]` is the scenario of `spec.scenarios[i]`.

    The grid of `[vary]` is run unless the file has `[[scenarios]]` and varies no staffing
    axis. `name` is the sweep's name when the file gives none (normally the file's stem).

    `resolve_path` turns a path as written into an absolute one; `default_month` gives the
    month of a case that names none (normally the month after today), so that the month is
    part of every case and of its fingerprint; `fingerprint` stamps a data folder.
    """
    vary = spec.vary
    data_raw = vary.data or ()
    data_paths = tuple(resolve_path(p) for p in data_raw) or (default_data,)
    if len(set(data_paths)) != len(data_paths):
        raise SweepSpecError("field 'vary.data': a data folder is listed twice")
    labels = _data_labels(data_paths)
    varying = tuple(a for a in AXES if len(vary.axis(a) or ()) > 1)
    where_axes: list[tuple[str, tuple[Any, ...]]] = [
        ("month", vary.months or (None,)),
        ("data", data_paths),
    ]
    staff_axes: list[tuple[str, tuple[Any, ...]]] = [
        (a, vs) for a in STAFF_AXES if (vs := vary.axis(a)) is not None
    ]
    cases: list[SweepCase] = []
    stamps: dict[str, str] = {}

    def stamp(path: str) -> str:
        if path not in stamps:
            stamps[path] = fingerprint(path)
        return stamps[path]

    def make(name: str, varied: dict[str, str], sc: Scenario, data_dir: str, where: str) -> None:
        try:
            sc = _with_solver(sc, spec)
            if sc.month is None:
                sc = sc.override(month=default_month(sc))
        except ValueError as exc:
            raise SweepSpecError(f"{where}: {exc}") from exc
        cases.append(
            SweepCase(
                name=name,
                slug=slugify(name),
                varied=varied,
                scenario=sc,
                data_dir=data_dir,
                data_fingerprint=stamp(data_dir),
            )
        )

    run_grid = any(len(vs) > 1 for _, vs in staff_axes) or not spec.scenarios
    if run_grid:
        axes = [*staff_axes] + [(a, vs) for a, vs in where_axes if a != "month" or vary.months]
        names = [a for a, _ in axes]
        size = math.prod(len(vs) for _, vs in axes)
        if size > MAX_CASES:
            raise SweepSpecError(f"vary: {size} combinations; at most {MAX_CASES} in one sweep")
        for combo in itertools.product(*(vs for _, vs in axes)):
            values = dict(zip(names, combo, strict=True))
            data_dir = values.pop("data")
            varied = {a: _label(a, v, labels) for a, v in values.items() if a in varying}
            if "data" in varying:
                varied["data"] = labels[data_dir]
            name = ",".join(f"{a}={v}" for a, v in varied.items()) or base.name
            try:
                sc = apply_values(base, values)
            except ValueError as exc:
                raise SweepSpecError(f"vary: case {name!r}: {exc}") from exc
            make(name, varied, sc, data_dir, f"vary: case {name!r}")

    for i, (entry, entry_base) in enumerate(zip(spec.scenarios, explicit_bases, strict=True)):
        months: tuple[Any, ...] = (entry.month,) if entry.month else (vary.months or (None,))
        datas = (resolve_path(entry.data),) if entry.data else data_paths
        for month, data_dir in itertools.product(months, datas):
            values = {a: getattr(entry, a) for a in STAFF_AXES if getattr(entry, a) is not None}
            for a, vs in staff_axes:
                if a not in values and len(vs) == 1:
                    values[a] = vs[0]
            if month is not None:
                values["month"] = month
            varied = {"scenario": entry.name}
            if "month" in varying and entry.month is None:
                varied["month"] = str(month)
            if "data" in varying and entry.data is None:
                varied["data"] = labels[data_dir]
            name = ",".join([entry.name, *(f"{a}={v}" for a, v in list(varied.items())[1:])])
            where = f"scenarios.{i} ({entry.name!r})"
            try:
                sc = apply_values(entry_base, values)
            except ValueError as exc:
                raise SweepSpecError(f"{where}: {exc}") from exc
            make(name, varied, sc, data_dir, where)
        if len(cases) > MAX_CASES:
            break

    if len(cases) > MAX_CASES:
        raise SweepSpecError(f"vary: {len(cases)}+ cases; at most {MAX_CASES} in one sweep")
    seen: dict[str, str] = {}
    for c in cases:
        if c.slug in seen:
            raise SweepSpecError(
                f"scenarios: two cases get the same folder name {c.slug!r} "
                f"({seen[c.slug]!r} and {c.name!r}); give them different names"
            )
        seen[c.slug] = c.name
    return Sweep(
        name=spec.name or name,
        description=spec.description,
        source=source,
        axes=varying,
        cases=tuple(cases),
        question=spec.question,
    )


def absolute(root: Path, path: str) -> str:
    """`path` as written in a file in folder `root`, made absolute (no file system access)."""
    p = Path(path).expanduser()
    return os.path.normpath(p if p.is_absolute() else root / p)
