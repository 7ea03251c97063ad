"""Parse `population.csv` and apply the office's real figures from `population_actual.csv`.

Real figures replace estimates and clear the estimate flag; the figures still estimated in the
same group (the desa of one kecamatan, the kecamatan of the kabupaten) are then rescaled so
that the parts add up to the whole again. Real figures are never rescaled. Groups are handled
top-down, so a kecamatan total that changed (given or rescaled) carries down to its desa.
Counts are people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from planner.domain import Level
from planner.i18n import Message
from planner.io._cells import parse_bool, parse_code, parse_count, parse_text, shown
from planner.io._csv import Table
from planner.io.errors import Findings

POPULATION_CSV = "population.csv"
ACTUAL_CSV = "population_actual.csv"
POPULATION_COLUMNS = (
    "code",
    "level",
    "wktp",
    "wktp_estimated",
    "ikd_active",
    "ikd_active_estimated",
    "source",
)
ACTUAL_COLUMNS = ("code", "wktp", "ikd_active", "as_of", "source")

Metric = Literal["wktp", "ikd_active"]
METRICS: tuple[Metric, ...] = ("wktp", "ikd_active")


@dataclass(frozen=True)
class Counts:
    """WKTP and IKD-active people of one area, with the estimate flags and the row they came
    from (`row` is the population.csv row; `actual_row` the population_actual.csv row that
    replaced a figure, if any)."""

    code: str
    level: Level
    wktp: int
    wktp_estimated: bool
    ikd_active: int
    ikd_active_estimated: bool
    row: int
    actual_row: int | None = None

    def value(self, metric: Metric) -> int:
        return self.wktp if metric == "wktp" else self.ikd_active

    def estimated(self, metric: Metric) -> bool:
        return self.wktp_estimated if metric == "wktp" else self.ikd_active_estimated

    def with_value(self, metric: Metric, value: int, *, estimated: bool) -> Counts:
        if metric == "wktp":
            return replace(self, wktp=value, wktp_estimated=estimated)
        return replace(self, ikd_active=value, ikd_active_estimated=estimated)


@dataclass(frozen=True)
class ActualRow:
    """One row of population_actual.csv; None where the cell was empty (keep the figure)."""

    row: int
    code: str
    wktp: int | None
    ikd_active: int | None
    as_of: str = ""

    def value(self, metric: Metric) -> int | None:
        return self.wktp if metric == "wktp" else self.ikd_active


def parse_population(table: Table, f: Findings) -> dict[str, Counts]:
    """Rows of population.csv by code; bad rows are reported and left out."""
    out: dict[str, Counts] = {}
    file = table.file
    for r in table:
        before = f.error_count()
        level_text = r["level"].lower()
        level = Level(level_text) if level_text in tuple(Level) else None
        if level is None:
            f.error(file, r.number, "level", Message.of("err.not_level", value=shown(r["level"])))
        code = r["code"]
        if not code:
            f.error(file, r.number, "code", Message.of("err.empty"))
        elif level is not None:
            parse_code(f, file, r.number, "code", code, level)
        wktp = parse_count(f, file, r.number, "wktp", r["wktp"])
        ikd = parse_count(f, file, r.number, "ikd_active", r["ikd_active"])
        wktp_est = parse_bool(f, file, r.number, "wktp_estimated", r["wktp_estimated"])
        ikd_est = parse_bool(f, file, r.number, "ikd_active_estimated", r["ikd_active_estimated"])
        if wktp is not None and ikd is not None and ikd > wktp:
            f.error(
                file,
                r.number,
                "ikd_active",
                Message.of("err.ikd_over_wktp", ikd=str(ikd), wktp=str(wktp)),
            )
        if code in out:
            f.error(
                file,
                r.number,
                "code",
                Message.of("err.repeats_row", code=code, row=str(out[code].row)),
            )
            continue
        if (
            f.error_count() != before
            or level is None
            or wktp is None
            or ikd is None
            or wktp_est is None
            or ikd_est is None
        ):
            continue
        out[code] = Counts(code, level, wktp, wktp_est, ikd, ikd_est, r.number)
    return out


def parse_actual(table: Table, f: Findings) -> list[ActualRow]:
    """Rows of population_actual.csv; bad rows are reported and left out."""
    file = table.file
    seen: dict[str, int] = {}
    out: list[ActualRow] = []
    for r in table:
        before = f.error_count()
        code = parse_text(f, file, r.number, "code", r["code"])
        wktp = parse_count(f, file, r.number, "wktp", r["wktp"], allow_empty=True)
        ikd = parse_count(f, file, r.number, "ikd_active", r["ikd_active"], allow_empty=True)
        if code is None or f.error_count() != before:
            continue
        if code in seen:
            f.error(
                file,
                r.number,
                "code",
                Message.of("err.repeats_row", code=code, row=str(seen[code])),
            )
            continue
        seen[code] = r.number
        if wktp is None and ikd is None:
            f.warn(file, r.number, None, Message.of("warn.actual_no_values"))
            continue
        out.append(ActualRow(r.number, code, wktp, ikd, r["as_of"].strip()))
    return out


def apply_actual(
    counts: Mapping[str, Counts],
    children: Mapping[str, tuple[str, ...]],
    top_down: Iterable[str],
    actual: Iterable[ActualRow],
    f: Findings,
) -> dict[str, Counts]:
    """`counts` with the real figures put in and the estimated siblings rescaled.

    `children` maps a parent code to its child codes; `top_down` lists the parents in the
    order to rescale (the kabupaten first, then each kecamatan).
    """
    out = dict(counts)
    given: dict[Metric, set[str]] = {m: set() for m in METRICS}
    for a in actual:
        if a.code not in out:
            f.error(
                ACTUAL_CSV,
                a.row,
                "code",
                Message.of("err.no_row_in", code=a.code, file=POPULATION_CSV),
            )
            continue
        c = replace(out[a.code], actual_row=a.row)
        for metric in METRICS:
            value = a.value(metric)
            if value is not None:
                c = c.with_value(metric, value, estimated=False)
                given[metric].add(a.code)
        if c.ikd_active > c.wktp and not (c.wktp_estimated or c.ikd_active_estimated):
            f.error(
                ACTUAL_CSV,
                a.row,
                "ikd_active",
                Message.of("err.ikd_over_wktp", ikd=str(c.ikd_active), wktp=str(c.wktp)),
            )
        out[a.code] = c
    if not any(given.values()):
        return out
    parents = list(top_down)
    for metric in METRICS:
        changed = set(given[metric])
        for parent in parents:
            kids = [k for k in children.get(parent, ()) if k in out]
            if parent not in out or not (parent in changed or changed.intersection(kids)):
                continue
            changed.update(_rescale(out, parent, kids, metric, f))
    return _keep_possible(out, f)


def _rescale(
    out: dict[str, Counts], parent: str, kids: list[str], metric: Metric, f: Findings
) -> list[str]:
    """Rescale the estimated `kids` so that all kids add up to `parent`; return those changed."""
    whole = out[parent].value(metric)
    real = sum(out[k].value(metric) for k in kids if not out[k].estimated(metric))
    estimated = [k for k in kids if out[k].estimated(metric)]
    if not estimated:
        return []
    target = whole - real
    if target < 0:
        f.warn(
            ACTUAL_CSV,
            None,
            metric,
            Message.of("warn.actual_more_than_total", parent=parent, real=real, whole=whole),
        )
        return []
    old = [out[k].value(metric) for k in estimated]
    if sum(old) == 0:
        if target > 0:
            f.warn(
                ACTUAL_CSV,
                None,
                metric,
                Message.of("warn.actual_zero_estimates", parent=parent, target=target),
            )
        return []
    new = _largest_remainder(old, target)
    changed = []
    for k, before, after in zip(estimated, old, new, strict=True):
        if after != before:
            out[k] = out[k].with_value(metric, after, estimated=True)
            changed.append(k)
    return changed


def _largest_remainder(weights: list[int], total: int) -> list[int]:
    """Whole numbers proportional to `weights` that add up to `total` exactly."""
    scale = sum(weights)
    floors = [w * total // scale for w in weights]
    remainders = [w * total % scale for w in weights]
    short = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: remainders[i], reverse=True)
    for i in order[:short]:
        floors[i] += 1
    return floors


def _keep_possible(out: dict[str, Counts], f: Findings) -> dict[str, Counts]:
    """After rescaling an estimate may exceed its partner: bring the estimated one in line."""
    for code, c in list(out.items()):
        if c.ikd_active <= c.wktp:
            continue
        if c.ikd_active_estimated:
            out[code] = c.with_value("ikd_active", c.wktp, estimated=True)
            fixed = Message.of("warn.actual_lowered", code=code, value=c.wktp)
        elif c.wktp_estimated:
            out[code] = c.with_value("wktp", c.ikd_active, estimated=True)
            fixed = Message.of("warn.actual_raised", code=code, value=c.ikd_active)
        else:
            continue
        f.warn(ACTUAL_CSV, None, None, fixed)
    return out
