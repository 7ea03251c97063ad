"""Terminal lines of `ikd-planner compare`, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from pathlib import Path

from planner.i18n import Lang, failure_label, num, pct, t
from planner.sweep.result import CaseResult


def _t(lang: Lang, key: str, **params: object) -> str:
    return t(lang, f"sweep.{key}", **params)


def start_line(n: int, out: Path, workers: int, scheduler: str | None, lang: Lang) -> str:
    """What is about to run, and where it goes."""
    where = _t(lang, "remote", address=scheduler) if scheduler else _t(lang, "local", n=workers)
    return _t(lang, "start", n=n, out=out, where=where)


def progress_line(res: CaseResult, done: int, total: int, lang: Lang) -> str:
    """One finished (or skipped, or failed) scenario: `[3/8] teams=2,officers=3: …`."""
    head = f"[{done}/{total}] {res.name}: "
    if res.from_earlier_run:
        return head + _t(lang, "skipped")
    s = res.summary
    if s is None:
        return head + _t(lang, "failed", error=failure_label(lang, res.error or "unknown error"))
    return head + _t(
        lang,
        "ok",
        exp=num(lang, s.expected_activations),
        p10=num(lang, s.expected_p10),
        p90=num(lang, s.expected_p90),
        staff=s.staff_days,
        gap=pct(lang, s.gap),
        s=num(lang, res.seconds),
    )


def end_line(solved: int, skipped: int, failed: int, seconds: float, html: Path, lang: Lang) -> str:
    """The run's tally and the comparison page to open."""
    return _t(
        lang, "end", solved=solved, skipped=skipped, failed=failed, s=num(lang, seconds), html=html
    )


def interrupted_line(out: Path, lang: Lang) -> str:
    return _t(lang, "interrupted", out=out)
