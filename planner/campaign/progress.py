"""Where a campaign stands: IKD rate by month, planned against actual, how good the forecasts were.

Pure arithmetic on what the ledger holds (`read_progress` gathers it in one transaction): the
kabupaten's and each kecamatan's baseline plus the activations recorded up to the end of each
month; the plan's forecast next to what was reported, per visit, per team and per venue type;
the mean absolute error and the share of actuals inside the plan's P10–P90 band (a calibrated
forecast puts about 80 % inside).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.campaign.models import Campaign, PlanRecord
from planner.campaign.store import VenueRef, history_of, plan_venues
from planner.carryover import as_of_date
from planner.history import CampaignHistory, RecordedVisit

#: The P10–P90 band should hold this share of actuals; outside `COVERAGE_OK` it is called out.
COVERAGE_TARGET = 0.80
COVERAGE_OK = (0.70, 0.90)
#: Below this many reported planned visits the coverage is not judged.
COVERAGE_MIN_VISITS = 10


@dataclass(frozen=True)
class RateRow:
    """An area's IKD count and rate at the end of a month (baseline + recorded activations).

    `activations` are those recorded after the baseline's date up to the month's end
    (cumulative: what `ikd_active` adds to the baseline); `month_activations` those of the
    month alone.
    """

    month: str
    area: str
    wktp: int
    ikd_active: int
    activations: int
    month_activations: int = 0

    @property
    def rate(self) -> float:
        return self.ikd_active / self.wktp if self.wktp else 0.0


@dataclass(frozen=True)
class VisitRow:
    """A visit with its forecast (None when unplanned) and its actual (None when unreported)."""

    date: date
    team: str
    venue_id: str
    venue_name: str
    venue_type: str
    kecamatan: str
    expected: float | None
    p10: float | None
    p90: float | None
    actual: int | None

    @property
    def in_band(self) -> bool | None:
        if self.actual is None or self.p10 is None or self.p90 is None:
            return None
        return self.p10 <= self.actual <= self.p90


@dataclass(frozen=True)
class GroupRow:
    """Planned against actual for a group (a team, a venue type): reported visits only."""

    group: str
    visits: int
    reported: int
    expected_reported: float
    actual: int
    unplanned_actual: int


@dataclass(frozen=True)
class ForecastQuality:
    """Mean absolute error (people per visit) and P10–P90 coverage over reported planned visits."""

    visits: int
    mae: float | None
    coverage: float | None
    total_expected: float
    total_actual: int

    @property
    def verdict(self) -> str:
        """`ok`, `too_few`, `too_narrow` (fewer inside than 80 %) or `too_wide` (more)."""
        if self.coverage is None or self.visits < COVERAGE_MIN_VISITS:
            return "too_few"
        if self.coverage < COVERAGE_OK[0]:
            return "too_narrow"
        if self.coverage > COVERAGE_OK[1]:
            return "too_wide"
        return "ok"


@dataclass(frozen=True)
class Parameter:
    """A demand parameter: the scenario's prior, and what was learned (None: not learned)."""

    name: str
    prior: float
    mean: float | None = None
    lo: float | None = None
    hi: float | None = None
    visits: int = 0


@dataclass(frozen=True)
class Progress:
    """Everything `ikd-planner progress` shows."""

    kabupaten_code: str
    kabupaten_name: str
    baseline_ikd_active: int
    baseline_as_of: str
    wktp: int
    target_rate: float
    national_target_rate: float
    months: tuple[str, ...]
    rates: tuple[RateRow, ...]
    visits: tuple[VisitRow, ...]
    by_team: tuple[GroupRow, ...]
    by_type: tuple[GroupRow, ...]
    quality: ForecastQuality
    parameters: tuple[Parameter, ...] = field(default=())
    parameters_learned: bool = False
    since_baseline: int | None = None
    #: The day the report is made for: planned visits before it that nobody reported are
    #: overdue, the others have not happened yet (None: every unreported visit counts as due).
    as_of: date | None = None

    @property
    def unreported(self) -> tuple[VisitRow, ...]:
        """Every planned visit without a report, past and future."""
        return tuple(v for v in self.visits if v.expected is not None and v.actual is None)

    @property
    def overdue(self) -> tuple[VisitRow, ...]:
        """Planned visits before `as_of` that nobody reported (the ones to chase)."""
        return tuple(v for v in self.unreported if self.as_of is None or v.date < self.as_of)

    @property
    def upcoming(self) -> tuple[VisitRow, ...]:
        """Planned visits on or after `as_of`: not happened yet, nothing to report."""
        return tuple(v for v in self.unreported if self.as_of is not None and v.date >= self.as_of)

    @property
    def activations_before_baseline(self) -> int:
        """Recorded activations on or before the baseline's date: the official figure already
        counts them (0 unless a newer official figure reset the baseline)."""
        if self.since_baseline is None:
            return 0
        return self.total_activations - self.since_baseline

    @property
    def kabupaten_rates(self) -> tuple[RateRow, ...]:
        return tuple(r for r in self.rates if r.area == self.kabupaten_name)

    @property
    def total_activations(self) -> int:
        """Every recorded activation, including any that a newer baseline already counts."""
        return sum(v.actual or 0 for v in self.visits)

    @property
    def ikd_active_now(self) -> int:
        """The baseline plus the activations recorded after the baseline's date."""
        added = self.total_activations if self.since_baseline is None else self.since_baseline
        return self.baseline_ikd_active + added


def month_end(month: str) -> date:
    y, m = (int(x) for x in month.split("-"))
    return date(y, m, calendar.monthrange(y, m)[1])


def forecast_quality(visits: Iterable[VisitRow]) -> ForecastQuality:
    """MAE and P10–P90 coverage over visits that were planned and reported."""
    both = [v for v in visits if v.expected is not None and v.actual is not None]
    if not both:
        return ForecastQuality(0, None, None, 0.0, 0)
    errors = [abs((v.actual or 0) - (v.expected or 0.0)) for v in both]
    inside = sum(1 for v in both if v.in_band)
    return ForecastQuality(
        visits=len(both),
        mae=sum(errors) / len(both),
        coverage=inside / len(both),
        total_expected=sum(v.expected or 0.0 for v in both),
        total_actual=sum(v.actual or 0 for v in both),
    )


def group_rows(visits: Sequence[VisitRow], key: str) -> tuple[GroupRow, ...]:
    """Planned against actual per `team` or `venue_type`, sorted by group name."""
    groups: dict[str, list[VisitRow]] = {}
    for v in visits:
        groups.setdefault(str(getattr(v, key)), []).append(v)
    out = []
    for name in sorted(groups):
        rows = groups[name]
        planned = [v for v in rows if v.expected is not None]
        reported = [v for v in planned if v.actual is not None]
        out.append(
            GroupRow(
                group=name,
                visits=len(planned),
                reported=len(reported),
                expected_reported=sum(v.expected or 0.0 for v in reported),
                actual=sum(v.actual or 0 for v in reported),
                unplanned_actual=sum(v.actual or 0 for v in rows if v.expected is None),
            )
        )
    return tuple(out)


def rate_rows(
    campaign: Campaign, months: Sequence[str], visits: Sequence[VisitRow]
) -> tuple[RateRow, ...]:
    """The baseline, then per month: the kabupaten and each kecamatan, baseline + activations
    up to the month's end. The baseline rows are labelled with the baseline's date; activations
    on or before that date are part of the baseline and not added again."""
    out: list[RateRow] = [
        RateRow(
            campaign.baseline_as_of, campaign.name, campaign.wktp, campaign.baseline_ikd_active, 0
        )
    ]
    out += [
        RateRow(campaign.baseline_as_of, a.name, a.wktp, a.ikd_active, 0)
        for a in sorted(campaign.areas, key=lambda a: a.name)
    ]
    cutoff = as_of_date(campaign.baseline_as_of)
    for month in months:
        end = month_end(month)
        done = [
            v
            for v in visits
            if v.actual is not None and v.date <= end and (cutoff is None or v.date > cutoff)
        ]
        this = [v for v in done if v.date.isoformat()[:7] == month]
        total = sum(v.actual or 0 for v in done)
        out.append(
            RateRow(
                month,
                campaign.name,
                campaign.wktp,
                campaign.baseline_ikd_active + total,
                total,
                sum(v.actual or 0 for v in this),
            )
        )
        for area in sorted(campaign.areas, key=lambda a: a.name):
            n = sum(v.actual or 0 for v in done if v.kecamatan == area.name)
            m = sum(v.actual or 0 for v in this if v.kecamatan == area.name)
            out.append(RateRow(month, area.name, area.wktp, area.ikd_active + n, n, m))
    return tuple(out)


def visit_rows(history: CampaignHistory, venues: Mapping[str, VenueRef]) -> tuple[VisitRow, ...]:
    """The history's visits with venue names and kecamatan from the plans that list them."""

    def row(v: RecordedVisit) -> VisitRow:
        pv = venues.get(v.venue_id)
        return VisitRow(
            date=v.date,
            team=v.team,
            venue_id=v.venue_id,
            venue_name=pv.name if pv else v.venue_id,
            venue_type=v.venue_type,
            kecamatan=pv.kecamatan if pv else "",
            expected=v.expected if v.planned else None,
            p10=v.p10 if v.planned else None,
            p90=v.p90 if v.planned else None,
            actual=v.activations,
        )

    return tuple(row(v) for v in history.visits)


def prior_parameters(scenario: dict[str, object]) -> tuple[Parameter, ...]:
    """The scenario's demand parameters as priors (nothing learned)."""
    demand = scenario.get("demand")
    d = demand if isinstance(demand, dict) else {}
    out = [Parameter(f"p_type.{k}", float(v)) for k, v in sorted((d.get("p_type") or {}).items())]
    out.append(
        Parameter("activations_per_officer_hour", float(d.get("activations_per_officer_hour", 8)))
    )
    return tuple(out)


def read_progress(session: Session, campaign: Campaign) -> Progress:
    """The campaign's progress from the ledger (plans in force and reported actuals)."""
    # months and scenarios only: the plans' JSON (~140 kB a month on PPU) is not needed here
    records = session.execute(
        select(PlanRecord.month, PlanRecord.scenario)
        .where(PlanRecord.campaign_id == campaign.id, PlanRecord.superseded_by.is_(None))
        .order_by(PlanRecord.month)
    ).all()
    history = history_of(session, campaign)
    visits = visit_rows(history, plan_venues(session, campaign))
    months = sorted({r.month for r in records} | {v.date.isoformat()[:7] for v in visits})
    scenario = dict(records[-1].scenario) if records else {}
    cutoff = as_of_date(campaign.baseline_as_of)
    since = sum(v.actual or 0 for v in visits if cutoff is None or v.date > cutoff)
    return Progress(
        kabupaten_code=campaign.kabupaten_code,
        kabupaten_name=campaign.name,
        baseline_ikd_active=campaign.baseline_ikd_active,
        baseline_as_of=campaign.baseline_as_of,
        wktp=campaign.wktp,
        target_rate=campaign.target_rate,
        national_target_rate=campaign.national_target_rate,
        months=tuple(months),
        rates=rate_rows(campaign, months, visits),
        visits=visits,
        by_team=group_rows(visits, "team"),
        by_type=group_rows(visits, "venue_type"),
        quality=forecast_quality(visits),
        parameters=prior_parameters(scenario),
        since_baseline=since,
    )
