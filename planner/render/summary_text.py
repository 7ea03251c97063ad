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
        "limit": "Catatan: batas harian ({officers} petugas, {vehicles} kendaraan) hanya "
        "memungkinkan {n} dari {teams} tim keluar per hari.",
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
        "limit": "Note: the daily limits ({officers} officers, {vehicles} vehicles) let only "
        "{n} of {teams} teams go out per day.",
    },
}


def _num(x: float, lang: str = "id") -> str:
    """Thousands with '.' in Bahasa Indonesia, ',' in English."""
    text = f"{x:,.0f}"
    return text if lang == "en" else text.replace(",", ".")


def staff_limit_note(plan: Plan, lang: str = "id") -> str | None:
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
    t = _LABELS["en" if lang == "en" else "id"]
    return t["limit"].format(
        officers=staff.get("officers_per_day", "–"),
        vehicles=staff.get("vehicles_per_day", "–"),
        n=n,
        teams=len(officers),
    )


def summary_lines(plan: Plan, lang: str = "id") -> list[str]:
    """Headline figures of a plan, one per line."""
    t = _LABELS["en" if lang == "en" else "id"]
    s = plan.summary

    def _n(x: float) -> str:
        return _num(x, lang)

    ratio = s.expected_activations / s.baseline_activations if s.baseline_activations else 0.0
    if s.months_to_target is None:
        months = t["never"]
    elif s.months_to_target == 0:
        months = t["reached"]
    else:
        months = f"{s.months_to_target:.1f}"
    note = staff_limit_note(plan, lang)
    return [
        t["title"].format(kab=plan.kabupaten_name, month=plan.month),
        f"  {t['expected']}: {_n(s.expected_activations)} "
        f"({t['range']} {_n(s.expected_p10)}–{_n(s.expected_p90)})",
        f"  {t['bound']}: {_n(s.upper_bound)} ({t['gap']} {s.gap:.1%})",
        f"  {t['baseline']}: {_n(s.baseline_activations)} ({ratio:.2f} {t['ratio']})",
        f"  {t['rate']}: {s.ikd_rate_before:.1%} → {s.ikd_rate_after:.1%}",
        f"  {t['target'].format(target=s.target_rate)}: {months}",
        f"  {t['visits']}: {s.visits}, {s.team_days} {t['teamdays']}, "
        f"{s.staff_days} {t['staffdays']}, {_n(s.travel_km)} km",
        f"  {t['solve']}: {s.solve_seconds:.1f} s ({s.solver_status})",
        f"  {t['estimated']}",
        *([f"  {note}"] if note else []),
    ]
