"""The comparison table of a sweep: one row per case, with its projection to the targets.

Pure functions over `CaseResult`s; planner.sweep.report writes the rows as CSV, XLSX and HTML
and planner.sweep.plots draws them. The CSV columns, in order (`columns(axes)`):

- `scenario`, `folder` (the case's folder under the sweep's output folder), `status` (ok or
  failed);
- one column per varying axis of the sweep (`teams`, `officers`, `weekdays`, `hours`,
  `vehicles`, `officers_per_day`, `seed`, `month`, `data`), its value as in the case name;
- `kabupaten`, `plan_month`, `n_teams`, `officers_per_team` (e.g. `3` or `3/2`);
- `staff_days` (officer-days in the field), `team_days`, `visits`;
- `expected_activations`, `p10`, `p90` (people, planner.solve.evaluate);
- `activations_per_officer_day` = expected_activations / staff_days;
- `nights_away` (officer-nights on trips, dinas luar), `night_cost` (rupiah for them),
  `activations_per_million_rp` = expected activations of the trip days' visits per
  Rp 1,000,000 of night costs, what the trips bought (empty without trips);
- `lowest_kecamatan`, `lowest_share`: the least-covered kecamatan and the share of its ready
  people reached (planner.coverage); `equity_floor` and `floor_cost` (activations given up for
  the scenario's minimum share per kecamatan, empty without a floor);
- `upper_bound` (people, proven), `gap` = (bound − expected) / bound, `greedy_baseline`;
- `ikd_rate_before`, `ikd_rate_after` (shares of WKTP, before and after the planned month);
- `target_rate`, `month_target` (YYYY-MM when the projection reaches it), `months_to_target`
  (months, the planned month counting as 1; 0 = reached already);
- `national_target_rate`, `month_national`, `months_to_national`: the same for 30 %;
- `solve_seconds`, `error`.

Months-to columns are empty when the target is not reached within the projection horizon
(`horizon_years`, 10 by default), and every figure is empty for a failed case.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from planner.projection import DEFAULT_HORIZON_YEARS, Projection, ProjectionStart, project
from planner.sweep.result import CaseResult

FIXED_HEAD = ("scenario", "folder", "status")
FIXED_TAIL = (
    "kabupaten",
    "plan_month",
    "n_teams",
    "officers_per_team",
    "staff_days",
    "team_days",
    "visits",
    "expected_activations",
    "p10",
    "p90",
    "activations_per_officer_day",
    "nights_away",
    "night_cost",
    "activations_per_million_rp",
    "lowest_kecamatan",
    "lowest_share",
    "equity_floor",
    "floor_cost",
    "upper_bound",
    "gap",
    "greedy_baseline",
    "ikd_rate_before",
    "ikd_rate_after",
    "target_rate",
    "month_target",
    "months_to_target",
    "national_target_rate",
    "month_national",
    "months_to_national",
    "solve_seconds",
    "error",
)

Cell = str | int | float | None


def columns(axes: Sequence[str]) -> tuple[str, ...]:
    """CSV columns for a sweep whose varying axes are `axes`."""
    return (*FIXED_HEAD, *axes, *FIXED_TAIL)


@dataclass(frozen=True)
class ComparisonRow:
    """One case in the comparison: its result, its varied values and its projection."""

    result: CaseResult
    values: dict[str, str]
    projection: Projection | None

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def n_teams(self) -> int:
        return len(self.result.team_officers)

    @property
    def officers_label(self) -> str:
        per = self.result.team_officers
        return str(per[0]) if len(set(per)) == 1 else "/".join(str(o) for o in per)

    @property
    def label(self) -> str:
        """Short name for plots: the varied values (`teams=3,officers=2`) or the name."""
        return self.result.name

    @property
    def per_officer_day(self) -> float | None:
        s = self.result.summary
        if s is None or s.staff_days <= 0:
            return None
        return s.expected_activations / s.staff_days

    def months_to(self, target: float | None) -> int | None:
        if self.projection is None or target is None:
            return None
        return self.projection.months_to(target)

    def month_reaching(self, target: float | None) -> str | None:
        if self.projection is None or target is None:
            return None
        return self.projection.month_reaching(target)

    def cells(self, axes: Sequence[str]) -> dict[str, Cell]:
        """The CSV row: column → value (None = empty cell)."""
        r, s = self.result, self.result.summary
        national = r.national_target_rate
        row: dict[str, Cell] = {
            "scenario": r.name,
            "folder": r.slug,
            "status": r.status,
            **{a: self.values.get(a) for a in axes},
            "kabupaten": r.kabupaten_name,
            "plan_month": r.month,
            "n_teams": self.n_teams,
            "officers_per_team": self.officers_label,
            "error": r.error,
        }
        if s is not None:
            row |= {
                "staff_days": s.staff_days,
                "team_days": s.team_days,
                "visits": s.visits,
                "expected_activations": s.expected_activations,
                "p10": s.expected_p10,
                "p90": s.expected_p90,
                "activations_per_officer_day": _round(self.per_officer_day, 2),
                "nights_away": s.nights_away,
                "night_cost": s.night_cost,
                "activations_per_million_rp": s.activations_per_million_rp,
                "lowest_kecamatan": s.lowest_kecamatan,
                "lowest_share": s.lowest_share,
                "equity_floor": s.equity_floor,
                "floor_cost": s.floor_cost,
                "upper_bound": s.upper_bound,
                "gap": s.gap,
                "greedy_baseline": s.baseline_activations,
                "ikd_rate_before": s.ikd_rate_before,
                "ikd_rate_after": s.ikd_rate_after,
                "target_rate": s.target_rate,
                "month_target": self.month_reaching(s.target_rate),
                "months_to_target": self.months_to(s.target_rate),
                "national_target_rate": national,
                "month_national": self.month_reaching(national),
                "months_to_national": self.months_to(national),
                "solve_seconds": s.solve_seconds,
            }
        return {c: row.get(c) for c in columns(axes)}


def _round(x: float | None, nd: int) -> float | None:
    return None if x is None else round(x, nd)


def projection_of(
    result: CaseResult, horizon_years: int = DEFAULT_HORIZON_YEARS
) -> Projection | None:
    """The path-to-target projection of a solved case (None for a failed one)."""
    s = result.summary
    if s is None:
        return None
    return project(
        ProjectionStart(
            start_month=result.month,
            wktp=s.wktp,
            ikd_active=s.ikd_active_before,
            monthly_activations=s.expected_activations,
            readiness=result.readiness,
            cohort_per_year=s.cohort_per_year,
            horizon_years=horizon_years,
        )
    )


def comparison_rows(
    results: Sequence[CaseResult], horizon_years: int = DEFAULT_HORIZON_YEARS
) -> tuple[ComparisonRow, ...]:
    """One row per result, in the given (sweep) order."""
    return tuple(
        ComparisonRow(
            result=r,
            values={k: v for k, v in r.varied.items() if k != "scenario"},
            projection=projection_of(r, horizon_years),
        )
        for r in results
    )


@dataclass(frozen=True)
class TeamGain:
    """Expected activations added by going from `teams - 1` (or fewer) teams to `teams`."""

    group: str
    teams: int
    previous_teams: int
    gain: float


def marginal_team_gains(rows: Sequence[ComparisonRow]) -> tuple[TeamGain, ...]:
    """Gain of each extra team, among solved rows that differ only in the number of teams.

    Rows are grouped by their varied values other than `teams` (explicit scenarios by name);
    within a group, consecutive team counts are compared.
    """
    groups: dict[str, dict[int, float]] = {}
    for row in rows:
        s = row.result.summary
        if s is None or "teams" not in row.values:
            continue
        key = ",".join(f"{k}={v}" for k, v in row.values.items() if k != "teams")
        groups.setdefault(key, {})[row.n_teams] = s.expected_activations
    gains: list[TeamGain] = []
    for key, by_teams in groups.items():
        counts = sorted(by_teams)
        for prev, n in itertools.pairwise(counts):
            gains.append(TeamGain(key, n, prev, by_teams[n] - by_teams[prev]))
    return tuple(gains)
