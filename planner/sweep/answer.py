"""The comparison's answer in one line, readable scenario names, and plans to compare with care.

- `answer_lines`: the smallest staffing (officers out per day, then teams) whose projection
  reaches the kabupaten target (and the national one) by the sweep's `[question] by_month`,
  among the plans within the office's daily limits: what a manager asks of a staffing sweep.
- `readable_name`: `2 tim, 3 petugas per tim, Januari 2027` instead of the case key
  `teams=2,officers=3,month=2027-01` (the CSV keeps the key for scripts).
- `loose_gaps`: plans left clearly further from their bound than the others (a shorter solve,
  a harder case), which would distort a comparison read as exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from planner.i18n import Lang, has, month_name, pct, t
from planner.sweep.comparison import ComparisonRow
from planner.sweep.spec import Question

#: A plan whose gap exceeds the best plan's by more than this (share of the bound) is flagged.
GAP_MARGIN = 0.02


def readable_name(row: ComparisonRow, lang: Lang) -> str:
    """The case's varied values in words, in the sweep's axis order."""
    parts = []
    for axis, value in row.result.varied.items():
        shown = value
        if value == "unlimited":
            shown = t(lang, "unlimited")
        elif axis == "month":
            shown = month_name(lang, value)
        elif axis == "data":
            shown = PurePath(value).name or value
        key = f"scenario_part.{axis}"
        parts.append(t(lang, key, v=shown) if has(key) else f"{axis}={value}")
    return ", ".join(parts) or row.result.name


def officers_out(row: ComparisonRow) -> int:
    """Officers in the field per day when every team goes out."""
    return sum(row.result.team_officers)


def _fits(row: ComparisonRow, q: Question) -> bool:
    if q.officers_per_day is not None and officers_out(row) > q.officers_per_day:
        return False
    return q.vehicles_per_day is None or row.n_teams <= q.vehicles_per_day


def _reached_by(row: ComparisonRow, target: float, by_month: str | None) -> str | None:
    """The month the row's projection reaches `target`, if by `by_month` (None: any)."""
    n = row.months_to(target)
    if n is None:
        return None
    month = row.result.month if n == 0 else row.month_reaching(target)
    if month is None or (by_month is not None and month > by_month):
        return None
    return month


def smallest_staffing(
    rows: Sequence[ComparisonRow], target: float, q: Question
) -> tuple[ComparisonRow, str] | None:
    """The solved row with the fewest officers out per day (then teams, then the earliest
    month) that reaches `target` by `q.by_month` within the office's limits."""
    found = [
        (officers_out(r), r.n_teams, month, i, r)
        for i, r in enumerate(rows)
        if r.ok and _fits(r, q)
        for month in [_reached_by(r, target, q.by_month)]
        if month is not None
    ]
    if not found:
        return None
    *_, month, _i, row = min(found, key=lambda x: x[:4])
    return row, month


def answer_lines(rows: Sequence[ComparisonRow], q: Question, lang: Lang) -> list[str]:
    """One line per target (kabupaten, then national): the smallest staffing that reaches it."""
    solved = [r for r in rows if r.ok and r.result.summary is not None]
    if not solved:
        return []
    first = solved[0].result
    assert first.summary is not None
    targets = [first.summary.target_rate]
    if first.national_target_rate and first.national_target_rate not in targets:
        targets.append(first.national_target_rate)
    by = t(lang, "answer.by", month=month_name(lang, q.by_month)) if q.by_month else ""
    limits = ""
    if q.officers_per_day is not None or q.vehicles_per_day is not None:
        limits = t(
            lang,
            "answer.limits",
            officers=q.officers_per_day if q.officers_per_day is not None else "–",
            vehicles=q.vehicles_per_day if q.vehicles_per_day is not None else "–",
        )
    lines = []
    for target in targets:
        best = smallest_staffing(solved, target, q)
        share = pct(lang, target, 0)
        if best is None:
            lines.append(t(lang, "answer.none", target=share, by=by, limits=limits))
            continue
        row, month = best
        lines.append(
            t(
                lang,
                "answer.found",
                target=share,
                by=by,
                limits=limits,
                teams=row.n_teams,
                officers=row.officers_label,
                per_day=officers_out(row),
                name=readable_name(row, lang),
                month=month_name(lang, month),
            )
        )
    return lines


def loose_gaps(rows: Sequence[ComparisonRow]) -> set[str]:
    """Slugs of solved plans whose gap to their bound exceeds the best one's by GAP_MARGIN."""
    gaps = {r.result.slug: r.result.summary.gap for r in rows if r.result.summary is not None}
    if not gaps:
        return set()
    best = min(gaps.values())
    return {slug for slug, gap in gaps.items() if gap > best + GAP_MARGIN}
