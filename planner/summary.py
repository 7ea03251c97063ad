"""The short terminal summary of a plan, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from planner.plan import Plan

_LABELS = {
    "id": {
        "title": "Rencana kunjungan IKD {kab}, {month}",
        "expected": "Perkiraan aktivasi",
        "range": "rentang P10–P90",
        "bound": "Batas atas (bukti solver)",
        "gap": "selisih",
        "baseline": "Pembanding greedy",
        "ratio": "kali lipat",
        "rate": "Tingkat IKD",
        "target": "Bulan hingga target {target:.0%} dengan laju ini",
        "reached": "target sudah tercapai",
        "never": "tidak tercapai (tidak ada aktivasi)",
        "visits": "Kunjungan",
        "teamdays": "hari-tim",
        "staffdays": "hari-petugas",
        "solve": "Waktu solver",
        "estimated": "Angka per desa dan per sekolah adalah perkiraan (geodata/*/SOURCES.md).",
    },
    "en": {
        "title": "IKD visit plan for {kab}, {month}",
        "expected": "Expected activations",
        "range": "P10–P90 range",
        "bound": "Upper bound (proven by the solver)",
        "gap": "gap",
        "baseline": "Greedy baseline",
        "ratio": "times",
        "rate": "IKD rate",
        "target": "Months to the {target:.0%} target at this pace",
        "reached": "target already reached",
        "never": "never (no activations planned)",
        "visits": "Visits",
        "teamdays": "team-days",
        "staffdays": "officer-days",
        "solve": "Solve time",
        "estimated": "Per-desa and per-school figures are estimates (see geodata/*/SOURCES.md).",
    },
}


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def summary_lines(plan: Plan, lang: str = "id") -> list[str]:
    """Headline figures of a plan, one per line."""
    t = _LABELS["en" if lang == "en" else "id"]
    s = plan.summary
    ratio = s.expected_activations / s.baseline_activations if s.baseline_activations else 0.0
    if s.months_to_target is None:
        months = t["never"]
    elif s.months_to_target == 0:
        months = t["reached"]
    else:
        months = f"{s.months_to_target:.1f}"
    return [
        t["title"].format(kab=plan.kabupaten_name, month=plan.month),
        f"  {t['expected']}: {_n(s.expected_activations)} "
        f"({t['range']} {_n(s.expected_p10)}–{_n(s.expected_p90)})",
        f"  {t['bound']}: {_n(s.upper_bound)} ({t['gap']} {s.gap:.1%})",
        f"  {t['baseline']}: {_n(s.baseline_activations)} ({ratio:.2f} {t['ratio']})",
        f"  {t['rate']}: {s.ikd_rate_before:.1%} → {s.ikd_rate_after:.1%}",
        f"  {t['target'].format(target=s.target_rate)}: {months}",
        f"  {t['visits']}: {s.visits}, {s.team_days} {t['teamdays']}, "
        f"{s.staff_days} {t['staffdays']}, {s.travel_km:,.0f} km",
        f"  {t['solve']}: {s.solve_seconds:.1f} s ({s.solver_status})",
        f"  {t['estimated']}",
    ]
