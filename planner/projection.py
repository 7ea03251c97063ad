"""Path to target: the IKD rate month by month if a month's plan is repeated, and when it
reaches the kabupaten's own target (area.toml) and the national one (30 %). The plan summary,
plan.json and the sweep comparison all count months to target with it.

A plan covers one month; a planner wants to know when the target falls. Repeating the plan's
activations forever would overstate it, since every activation leaves fewer ready people, so
the months are chained under this model (people, per calendar month m = 0, 1, …; month 0 is the
planned month, starting from the data's IKD count):

- ready pool  R_0 = readiness × (WKTP_0 − IKD_0): unactivated people with an Android phone and
  an e-mail address (the scenario's `demand.readiness`, the same share the plan uses);
- activations a_m = min(C, C × R_m / R_0, R_m), with C the plan's expected activations: the
  demand model makes each visit activate a share of what is left (planner.demand, p ×
  remaining), so a month's activations scale with the ready pool left; they never exceed the
  staff's capacity C (what the planned month achieved) nor the pool itself;
- new 17-year-olds: WKTP grows by one age cohort a year, spread evenly over the months
  (birthdays are): WKTP_{m+1} = WKTP_m + K/12, of whom the same `readiness` share is ready:
  R_{m+1} = R_m − a_m + readiness × K/12; IKD_{m+1} = IKD_m + a_m;
- rate after month m = IKD_{m+1} / WKTP_{m+1}; a target is reached in the first month whose
  rate after it is at least the target.

K, the yearly cohort, is `YEARLY_COHORT_SHARE_OF_POPULATION` × the residents of the data
folder (area.toml `population`); a folder without that figure estimates the residents from
WKTP with the national ratio `POPULATION_PER_WKTP` (see there).
Not modelled: deaths and moves (they shrink WKTP and IKD alike), walk-in activations at the
office without visits, and the different calendar of each month (holidays, school holidays,
Lebaran): the planned month stands for every month.
"""

from __future__ import annotations

from dataclasses import dataclass

#: One year of age as a share of the population: BPS Long Form SP2020 counts 22,163,528
#: people aged 15–19, / 5 ages / 270.20 million = 1.64 %; 1.6 % is used, as for the grade-XII
#: estimate (geodata/ppu/SOURCES.md, "Estimate 4").
YEARLY_COHORT_SHARE_OF_POPULATION = 0.016
#: Residents per WKTP resident, nationally: 270.20 million residents (BPS SP2020) / 198,628,692
#: WKTP (Dukcapil, 2021; ../shared/geodata-src/ikd_facts.md) = 1.36. Used only for a data
#: folder whose area.toml gives no `population`.
POPULATION_PER_WKTP = 270_200_000 / 198_628_692


def yearly_cohort(wktp: float, population: float | None) -> float:
    """New 17-year-olds a year (people): 1.6 % of the residents, or of WKTP × 1.36 when the
    data folder does not give its residents."""
    residents = population if population else wktp * POPULATION_PER_WKTP
    return YEARLY_COHORT_SHARE_OF_POPULATION * residents


#: How far a projection looks ahead before it says "not within N years".
DEFAULT_HORIZON_YEARS = 10


@dataclass(frozen=True)
class ProjectionStart:
    """Where a projection starts: the data's counts and one planned month's activations.

    `start_month` is `YYYY-MM` (the planned month); `monthly_activations` the plan's expected
    activations (people); `cohort_per_year` new 17-year-olds a year (people; None = estimated
    from WKTP, see `yearly_cohort`).
    """

    start_month: str
    wktp: float
    ikd_active: float
    monthly_activations: float
    readiness: float
    cohort_per_year: float | None = None
    horizon_years: int = DEFAULT_HORIZON_YEARS

    @property
    def cohort(self) -> float:
        if self.cohort_per_year is not None:
            return self.cohort_per_year
        return yearly_cohort(self.wktp, None)


@dataclass(frozen=True)
class MonthState:
    """One projected month: its activations and the counts at the end of it."""

    month: str
    activations: float
    wktp: float
    ikd_active: float
    ready_pool: float

    @property
    def rate(self) -> float:
        """IKD rate at the end of the month (share of WKTP)."""
        return self.ikd_active / self.wktp if self.wktp > 0 else 0.0


@dataclass(frozen=True)
class Projection:
    """The rate before the first month and month by month after it, up to the horizon."""

    start: ProjectionStart
    rate_before: float
    months: tuple[MonthState, ...]

    def months_to(self, target: float) -> int | None:
        """Months until the rate is at least `target`: 0 if it already is, None if not within
        the horizon. Month 1 is the planned month."""
        if self.rate_before >= target:
            return 0
        for i, m in enumerate(self.months, start=1):
            if m.rate >= target:
                return i
        return None

    def month_reaching(self, target: float) -> str | None:
        """`YYYY-MM` of the month at whose end the rate first reaches `target` (None: not
        within the horizon; the month before the start if it is reached already)."""
        n = self.months_to(target)
        if n is None:
            return None
        return add_months(self.start.start_month, n - 1)


def add_months(month: str, n: int) -> str:
    """`YYYY-MM` plus `n` months (n may be negative)."""
    y, m = (int(x) for x in month.split("-"))
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def project(start: ProjectionStart) -> Projection:
    """Chain months from `start` under the model in the module docstring."""
    wktp = float(start.wktp)
    active = float(start.ikd_active)
    ready0 = max(start.readiness * (wktp - active), 0.0)
    ready = ready0
    capacity = max(start.monthly_activations, 0.0)
    joiners = start.cohort / 12.0
    states: list[MonthState] = []
    for i in range(start.horizon_years * 12):
        a = min(capacity, capacity * ready / ready0, ready) if ready0 > 0 else 0.0
        a = max(a, 0.0)
        active += a
        wktp += joiners
        ready = ready - a + start.readiness * joiners
        states.append(MonthState(add_months(start.start_month, i), a, wktp, active, ready))
    rate_before = start.ikd_active / start.wktp if start.wktp > 0 else 0.0
    return Projection(start=start, rate_before=rate_before, months=tuple(states))
