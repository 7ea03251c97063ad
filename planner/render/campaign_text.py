"""Terminal lines about the campaign behind a plan: the IKD count's baseline and recorded
activations, visits still unreported, and what the demand model learned (planner.calibrate).

Empty for a plan made without a campaign history, so such a plan's summary is unchanged.
"""

from __future__ import annotations

from planner.plan import Plan

_T = {
    "id": {
        "ikd": "IKD aktif: {base} (angka resmi {as_of}) + {rec} aktivasi tercatat = {total}",
        "unreported": "Kunjungan belum dilaporkan: {n} (tidak dihitung selesai; impor dengan "
        "`ikd-planner actuals import`)",
        "learned": "Dipelajari dari kunjungan yang dilaporkan (rata-rata, interval 90 %, "
        "asumsi awal):",
        "visits": "kunjungan",
    },
    "en": {
        "ikd": "IKD active: {base} (official figure {as_of}) + {rec} recorded activations "
        "= {total}",
        "unreported": "Visits not yet reported: {n} (not counted as done; import them with "
        "`ikd-planner actuals import`)",
        "learned": "Learned from the reported visits (mean, 90 % interval, prior):",
        "visits": "visits",
    },
}


def _n(x: float, lang: str) -> str:
    text = f"{x:,.0f}"
    return text if lang == "en" else text.replace(",", ".")


def _g(x: float, lang: str) -> str:
    text = f"{x:.3g}"
    return text if lang == "en" else text.replace(".", ",")


def campaign_lines(plan: Plan, lang: str = "id") -> list[str]:
    """The campaign lines of a plan's summary (none without a campaign history)."""
    t = _T["en" if lang == "en" else "id"]
    s = plan.summary
    out: list[str] = []
    if s.recorded_activations:
        out.append(
            "  "
            + t["ikd"].format(
                base=_n(s.ikd_active_before - s.recorded_activations, lang),
                as_of=s.ikd_baseline_as_of or "?",
                rec=_n(s.recorded_activations, lang),
                total=_n(s.ikd_active_before, lang),
            )
        )
    if s.unreported_visits:
        out.append("  " + t["unreported"].format(n=s.unreported_visits))
    learned = [q for q in plan.learned if q.visits > 0]
    if learned:
        out.append("  " + t["learned"])
        for q in learned:
            out.append(
                f"    {q.name}: {_g(q.mean, lang)} [{_g(q.lo, lang)}–{_g(q.hi, lang)}] "
                f"({_g(q.prior, lang)}; {q.visits} {t['visits']})"
            )
    return out
