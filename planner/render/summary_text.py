"""The short terminal summary of a plan, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.i18n import Lang, month_name, num, pct, solver_status_label, t
from planner.plan import Plan
from planner.projection import DEFAULT_HORIZON_YEARS
from planner.render.campaign_text import campaign_lines


def staff_limit_note(plan: Plan, lang: Lang = "id") -> str | None:
    """A note when the scenario's daily staff or vehicle limit keeps teams at home."""
    staff = plan.scenario.get("staff") or {}
    teams = plan.scenario.get("teams") or []
    officers = [int(t.get("officers", 0)) for t in teams]
    if not officers:
        return None
    n = len(officers)
    if staff.get("vehicles_per_day") is not None:
        n = min(n, int(staff["vehicles_per_day"]))
    if staff.get("officers_per_day") is not None:
        budget, fit = int(staff["officers_per_day"]), 0
        for o in sorted(officers):
            if budget >= o:
                budget -= o
                fit += 1
        n = min(n, fit)
    if n >= len(officers):
        return None
    return t(
        lang,
        "summary.limit",
        officers=staff.get("officers_per_day", "–"),
        vehicles=staff.get("vehicles_per_day", "–"),
        n=n,
        teams=len(officers),
    )


def school_calendar_note(plan: Plan, lang: Lang = "id") -> str | None:
    """A warning when the plan visits schools in a month outside the span of the scenario's
    school holidays (first start to last end): its holidays there are simply unknown."""
    if not any(v.type.startswith("school") for v in plan.venues):
        return None
    ranges = (plan.scenario.get("calendar") or {}).get("school_holidays") or []
    try:
        spans = [
            (date.fromisoformat(str(r["start"])), date.fromisoformat(str(r["end"]))) for r in ranges
        ]
        first = date.fromisoformat(f"{plan.month}-01")
    except (KeyError, TypeError, ValueError):
        return None
    if not spans:
        return t(lang, "summary.no_school_calendar")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    if start <= first and last <= end:
        return None
    if any(a <= last and b >= first for a, b in spans):
        return None
    return t(lang, "summary.school_calendar", month=plan.month, span=f"{start} – {end}")


def _trip_and_coverage_lines(plan: Plan, lang: Lang) -> list[str]:
    """Nights away with their cost, what the trip days bought per Rp 1 juta (their own
    visits' activations, not the month's), the drives to and from lodgings, coverage per
    kecamatan and the equity floor."""
    s = plan.summary
    out: list[str] = []
    if s.nights_away:
        out.append(
            "  "
            + t(
                lang,
                "summary.trips",
                nights=num(lang, s.nights_away),
                cost=num(lang, s.night_cost),
                bought=num(lang, s.trip_activations),
                per=num(lang, s.activations_per_million_rp or 0.0, 1),
                km=num(lang, s.transfer_km),
            )
        )
    if plan.coverage:
        parts = [f"{c.kecamatan} {pct(lang, c.share)}" for c in plan.coverage if c.ready > 0]
        out.append(f"  {t(lang, 'summary.coverage')}: " + "; ".join(parts))
    if s.equity_floor:
        met = t(lang, "summary.met" if s.floor_met else "summary.not_met")
        cost = num(lang, s.floor_cost) if s.floor_cost is not None else "?"
        if s.floor_cost_low is not None and s.floor_cost_high is not None:
            cost += f" ({num(lang, s.floor_cost_low)}–{num(lang, s.floor_cost_high)})"
        floor = pct(lang, s.equity_floor)
        out.append("  " + t(lang, "summary.floor", floor=floor, met=met, cost=cost))
    return out


def summary_lines(plan: Plan, lang: Lang = "id") -> list[str]:
    """Headline figures of a plan, one per line, every number in the language's format."""
    s = plan.summary

    def _n(x: float, decimals: int = 0) -> str:
        return num(lang, x, decimals)

    def _t(key: str, **params: object) -> str:
        return t(lang, f"summary.{key}", **params)

    ratio = s.expected_activations / s.baseline_activations if s.baseline_activations else 0.0
    if s.months_to_target is None:
        months = _t("never", years=DEFAULT_HORIZON_YEARS)
    elif s.months_to_target == 0:
        months = _t("reached")
    else:
        months = _n(s.months_to_target)
        if s.month_target:
            months += f" ({_t('by', month=month_name(lang, s.month_target))})"
    note = staff_limit_note(plan, lang)
    school = school_calendar_note(plan, lang)
    status = solver_status_label(lang, s.solver_status)
    return [
        _t("title", kab=plan.kabupaten_name, month=month_name(lang, plan.month)),
        f"  {_t('expected')}: {_n(s.expected_activations)} "
        f"({_t('range')} {_n(s.expected_p10)}–{_n(s.expected_p90)})",
        f"  {_t('bound')}: {_n(s.upper_bound)} ({_t('gap')} {pct(lang, s.gap)})",
        f"  {_t('baseline')}: {_n(s.baseline_activations)} ({_n(ratio, 2)} {_t('ratio')})",
        f"  {_t('rate')}: {pct(lang, s.ikd_rate_before)} → {pct(lang, s.ikd_rate_after)}",
        f"  {_t('target', target=pct(lang, s.target_rate, 0))}: {months}",
        f"  {_t('visits')}: {_n(s.visits)}, {_n(s.team_days)} {_t('teamdays')}, "
        f"{_n(s.staff_days)} {_t('staffdays')}, {_n(s.travel_km)} km"
        + (
            f"; {_t('per_day', x=_n(s.activations_per_officer_day, 1))}"
            if s.activations_per_officer_day is not None
            else ""
        ),
        *_trip_and_coverage_lines(plan, lang),
        f"  {_t('solve')}: {_n(s.solve_seconds, 1)} s ({status}; "
        f"{_t('routes', mode=_t('route_' + s.route_mode), n=_n(s.routes))})",
        f"  {_t('estimated', sources=str(Path(plan.data_dir) / 'SOURCES.md'))}",
        *([f"  {note}"] if note else []),
        *([f"  {school}"] if school else []),
        *([] if s.replayable else [f"  {_t('replay')}"]),
        *campaign_lines(plan, lang),
    ]
