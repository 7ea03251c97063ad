"""Terminal lines about the campaign behind a plan: the IKD count's baseline and recorded
activations, visits still unreported, and what the demand model learned (planner.calibrate).

Empty for a plan made without a campaign history, so such a plan's summary is unchanged.
"""

from __future__ import annotations

from planner import venue_kinds
from planner.plan import Plan

_T = {
    "id": {
        "ikd": "IKD aktif: {base} (angka resmi {as_of}) + {rec} aktivasi tercatat = {total}",
        "unreported": "Kunjungan belum dilaporkan: {n} (tidak dihitung selesai; impor dengan "
        "`ikd-planner actuals import`)",
        "learned": "Dipelajari dari kunjungan yang dilaporkan (asumsi awal → rata-rata "
        "[interval 90 %], dasar):",
        "visits": "kunjungan",
        "rate_not_measured": "belum terukur (tidak ada kunjungan yang dibatasi kecepatan tim); "
        "asumsi awal dipakai",
    },
    "en": {
        "ikd": "IKD active: {base} (official figure {as_of}) + {rec} recorded activations "
        "= {total}",
        "unreported": "Visits not yet reported: {n} (not counted as done; import them with "
        "`ikd-planner actuals import`)",
        "learned": "Learned from the reported visits (prior → mean [90 % interval], basis):",
        "visits": "visits",
        "rate_not_measured": "not measured yet (no visit was limited by the team's pace); the "
        "prior is used",
    },
}


def _n(x: float, lang: str) -> str:
    text = f"{x:,.0f}"
    return text if lang == "en" else text.replace(",", ".")


def _g(x: float, lang: str) -> str:
    text = f"{x:.3g}"
    return text if lang == "en" else text.replace(".", ",")


#: What the calibration's parameter names mean, for a reader of the report.
_RATE_LABEL = {"id": "Aktivasi per petugas per jam", "en": "Activations per officer-hour"}


def param_label(name: str, lang: str) -> str:
    """A parameter in the reader's words: a `p_type` row (`school`, shared by SMA, SMK and
    SLB) as the labels of the venue kinds it covers, the rate in words; the code stays
    beside it so the scenario row can be found. Shared by the plan's summary and `progress`."""
    if name.endswith("activations_per_officer_hour"):
        return _RATE_LABEL["en" if lang == "en" else "id"]
    key = name.removeprefix("p_type.")
    labels = [k.label(lang) for k in venue_kinds.all_kinds() if k.demand_key == key]
    share = "Porsi" if lang != "en" else "Share"
    return f"{share} {' / '.join(labels) if labels else key} ({key})"


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
                f"    {param_label(q.name, lang)}: {_g(q.prior, lang)} → {_g(q.mean, lang)} "
                f"[{_g(q.lo, lang)}–{_g(q.hi, lang)}], {q.visits} {t['visits']}"
            )
        out += [
            f"    {param_label(q.name, lang)}: {_g(q.prior, lang)} — {t['rate_not_measured']}"
            for q in plan.learned
            if q.visits == 0 and q.name.endswith("activations_per_officer_hour")
        ]
    return out
