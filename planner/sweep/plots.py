"""Figures of a sweep, as matplotlib Figures (no pyplot, so no GUI and safe in workers).

Three questions a planner asks of a staffing sweep, one figure each: what do more staff-days
buy (`activations_vs_staff_days`), what does each extra team add (`marginal_team_gain`), and
when does each scenario reach the targets (`rate_projection`). Labels are in Bahasa Indonesia
by default, English with `lang="en"`. `figure_svg` turns a figure into SVG text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure

from planner.i18n import Lang, pct, signed, t
from planner.projection import add_months
from planner.sweep.comparison import ComparisonRow, marginal_team_gains

STAFF_AXES = ("teams", "officers", "weekdays", "hours", "vehicles", "officers_per_day", "seed")


def _t(lang: Lang, key: str, **params: object) -> str:
    return t(lang, f"plot.{key}", **params)


def _split(row: ComparisonRow) -> tuple[str, str]:
    """(staffing part, where/when part) of a row's label, for point labels and colours."""
    staff = ",".join(f"{k}={v}" for k, v in row.values.items() if k in STAFF_AXES)
    other = ",".join(f"{k}={v}" for k, v in row.values.items() if k not in STAFF_AXES)
    if "scenario" in row.result.varied:
        staff = row.result.varied["scenario"]
    return staff or row.result.name, other


def activations_vs_staff_days(rows: Sequence[ComparisonRow], lang: Lang = "id") -> Figure:
    """Expected activations (P10–P90 bars) against officer-days, one point per solved case."""
    fig = Figure(figsize=(8.5, 5.2), layout="constrained")
    ax = fig.add_subplot()
    groups: dict[str, list[ComparisonRow]] = {}
    for row in rows:
        if row.result.summary is not None:
            groups.setdefault(_split(row)[1], []).append(row)
    for i, (group, members) in enumerate(groups.items()):
        xs = [r.result.summary.staff_days for r in members if r.result.summary]
        ys = [r.result.summary.expected_activations for r in members if r.result.summary]
        lo = [
            r.result.summary.expected_activations - r.result.summary.expected_p10
            for r in members
            if r.result.summary
        ]
        hi = [
            r.result.summary.expected_p90 - r.result.summary.expected_activations
            for r in members
            if r.result.summary
        ]
        order = sorted(range(len(xs)), key=lambda k: xs[k])
        ax.plot([xs[k] for k in order], [ys[k] for k in order], color=f"C{i % 10}", alpha=0.35)
        ax.errorbar(
            xs,
            ys,
            yerr=[lo, hi],
            fmt="o",
            color=f"C{i % 10}",
            capsize=3,
            label=group or _t(lang, "all"),
        )
        for r, x, y in zip(members, xs, ys, strict=True):
            ax.annotate(_split(r)[0], (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7)
    ax.set_xlabel(_t(lang, "staff_days"))
    ax.set_ylabel(_t(lang, "expected"))
    ax.set_title(f"{_t(lang, 'staff_title')} ({_t(lang, 'p1090')})")
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)
    if len(groups) > 1:
        ax.legend(fontsize=8)
    return fig


def marginal_team_gain(rows: Sequence[ComparisonRow], lang: Lang = "id") -> Figure | None:
    """Bars: activations added by the n-th team, per group of otherwise equal cases (None when
    the sweep does not vary the number of teams)."""
    gains = marginal_team_gains(rows)
    if not gains:
        return None
    fig = Figure(figsize=(8.5, 4.8), layout="constrained")
    ax = fig.add_subplot()
    steps = sorted({(g.previous_teams, g.teams) for g in gains})
    groups = list(dict.fromkeys(g.group for g in gains))
    width = min(0.8 / len(groups), 0.35)
    for gi, group in enumerate(groups):
        by_step = {(g.previous_teams, g.teams): g.gain for g in gains if g.group == group}
        xs = [si + (gi - (len(groups) - 1) / 2) * width for si in range(len(steps))]
        ys = [by_step.get(s, 0.0) for s in steps]
        bars = ax.bar(xs, ys, width=width, color=f"C{gi % 10}", label=group or _t(lang, "all"))
        labels = [_signed(y, lang) for y in ys]
        ax.bar_label(bars, labels=labels, fontsize=8, padding=2)
    ax.set_xticks(range(len(steps)), [f"{a} → {b}" for a, b in steps])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel(_t(lang, "gain_x"))
    ax.set_ylabel(_t(lang, "gain_y"))
    ax.set_title(_t(lang, "gain_title"))
    ax.grid(axis="y", alpha=0.3)
    if len(groups) > 1 or groups[0]:
        ax.legend(fontsize=8)
    return fig


def rate_projection(rows: Sequence[ComparisonRow], lang: Lang = "id") -> Figure | None:
    """The projected IKD rate month by month per solved case, against the kabupaten target and
    the national one (None when no case was solved)."""
    solved = [r for r in rows if r.projection is not None and r.result.summary is not None]
    if not solved:
        return None
    first = min(r.result.month for r in solved)
    target = max(r.result.summary.target_rate for r in solved if r.result.summary)
    national = max((r.result.national_target_rate or 0.0) for r in solved)
    goal = max(target, national)
    needed = [r.months_to(goal) for r in solved]
    known = [n for n in needed if n is not None]
    length = min(
        max([12, *(n + 6 for n in known)]) if known else 36,
        len(solved[0].projection.months) if solved[0].projection else 36,
    )
    fig = Figure(figsize=(9.5, 5.4), layout="constrained")
    ax = fig.add_subplot()
    styles = ["-", "--", ":", "-."]
    for i, row in enumerate(solved):
        proj = row.projection
        assert proj is not None
        offset = _months_between(first, row.result.month)
        xs = [offset - 1] + [offset + k for k in range(min(length, len(proj.months)))]
        ys = [proj.rate_before * 100] + [m.rate * 100 for m in proj.months[: len(xs) - 1]]
        ax.plot(
            xs,
            ys,
            color=f"C{i % 10}",
            linestyle=styles[(i // 10) % len(styles)],
            linewidth=1.4,
            label=row.label,
        )
    ax.axhline(target * 100, color="darkred", linewidth=1.2, linestyle="--")
    ax.text(
        0, target * 100, " " + _t(lang, "target", t=pct(lang, target, 0)), va="bottom", fontsize=8
    )
    if national:
        ax.axhline(national * 100, color="black", linewidth=1.2, linestyle="--")
        ax.text(
            0,
            national * 100,
            " " + _t(lang, "national", t=pct(lang, national, 0)),
            va="bottom",
            fontsize=8,
        )
    step = 3 if length <= 24 else 6 if length <= 60 else 12
    ticks = list(range(0, length + 1, step))
    ax.set_xticks(ticks, [add_months(first, k) for k in ticks], rotation=45, ha="right")
    ax.set_xlim(-1, length)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(_t(lang, "rate_x"))
    ax.set_ylabel(_t(lang, "rate_y"))
    ax.set_title(_t(lang, "rate_title"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncols=2 if len(solved) > 8 else 1, loc="lower right")
    return fig


def _signed(x: float, lang: Lang) -> str:
    """`+1,427` in English, `+1.427` in Indonesian."""
    return signed(lang, x)


def _months_between(a: str, b: str) -> int:
    ya, ma = (int(x) for x in a.split("-"))
    yb, mb = (int(x) for x in b.split("-"))
    return (yb - ya) * 12 + (mb - ma)


def figure_svg(fig: Figure) -> str:
    """The figure as standalone SVG text (fonts as paths, so it looks the same everywhere)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()
