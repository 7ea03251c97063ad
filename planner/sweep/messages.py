"""Terminal lines of `ikd-planner compare`, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from pathlib import Path

from planner.sweep.result import CaseResult

_TEXT = {
    "id": {
        "start": "{n} skenario → {out} ({where})",
        "local": "{n} worker lokal",
        "remote": "scheduler {address}",
        "skipped": "sudah selesai sebelumnya, dilewati",
        "ok": "{exp} aktivasi (P10–P90 {p10}–{p90}), {staff} hari-petugas, selisih {gap}, {s} dtk",
        "failed": "gagal: {error}",
        "end": "{solved} direncanakan, {skipped} dilewati, {failed} gagal dalam {s} dtk → {html}",
        "interrupted": "dihentikan; rencana yang selesai tersimpan di {out}, jalankan lagi untuk "
        "melanjutkan",
    },
    "en": {
        "start": "{n} scenarios → {out} ({where})",
        "local": "{n} local workers",
        "remote": "scheduler {address}",
        "skipped": "done earlier, skipped",
        "ok": "{exp} activations (P10–P90 {p10}–{p90}), {staff} staff-days, gap {gap}, {s} s",
        "failed": "failed: {error}",
        "end": "{solved} solved, {skipped} skipped, {failed} failed in {s} s → {html}",
        "interrupted": "interrupted; finished plans are kept in {out}, rerun to go on",
    },
}


def _t(lang: str) -> dict[str, str]:
    return _TEXT["en" if lang == "en" else "id"]


def _n(x: float, lang: str) -> str:
    text = f"{x:,.0f}"
    return text if lang == "en" else text.replace(",", ".")


def _pct(x: float, lang: str) -> str:
    text = f"{x * 100:.1f} %"
    return text if lang == "en" else text.replace(".", ",")


def start_line(n: int, out: Path, workers: int, scheduler: str | None, lang: str) -> str:
    """What is about to run, and where it goes."""
    t = _t(lang)
    where = t["remote"].format(address=scheduler) if scheduler else t["local"].format(n=workers)
    return t["start"].format(n=n, out=out, where=where)


def progress_line(res: CaseResult, done: int, total: int, lang: str) -> str:
    """One finished (or skipped, or failed) scenario: `[3/8] teams=2,officers=3: …`."""
    t = _t(lang)
    head = f"[{done}/{total}] {res.name}: "
    if res.from_earlier_run:
        return head + t["skipped"]
    s = res.summary
    if s is None:
        return head + t["failed"].format(error=res.error)
    return head + t["ok"].format(
        exp=_n(s.expected_activations, lang),
        p10=_n(s.expected_p10, lang),
        p90=_n(s.expected_p90, lang),
        staff=s.staff_days,
        gap=_pct(s.gap, lang),
        s=_n(res.seconds, lang),
    )


def end_line(solved: int, skipped: int, failed: int, seconds: float, html: Path, lang: str) -> str:
    """The run's tally and the comparison page to open."""
    return _t(lang)["end"].format(
        solved=solved, skipped=skipped, failed=failed, s=_n(seconds, lang), html=html
    )


def interrupted_line(out: Path, lang: str) -> str:
    return _t(lang)["interrupted"].format(out=out)
