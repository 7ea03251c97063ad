"""Render SOURCES.md, LICENSES.md and alt/README.md from the template files in `templates/`."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ppu_geodata.estimates import babulu_darat_anchor, desa_weight, grade12_total
from ppu_geodata.facts import (
    AGE_15_19_LF2020,
    APS_16_18_KALTIM,
    IKD_ACTIVE_JAN_2025,
    IKD_REPORTED_SHARE,
    IKNPOS_URL,
    KAB_CODE,
    KAB_NAME,
    KECAMATAN_SEATS,
    KELURAHAN_FACTOR,
    LEAFLET_PATH,
    MADRASAH_SHARE,
    METRO,
    METRO_TITLE,
    METRO_URL,
    OFFICE_STAFF,
    ONE_AGE_YEAR_SHARE,
    POPULATION_SP2020,
    SNAP_MAX_M,
)
from ppu_geodata.records import BuildResult

TEMPLATES = Path(__file__).parent / "templates"


def _template(name: str) -> str:
    """A template file's text; `{name}` fields are filled with str.format (`{{` is a brace)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _n(x: int | float) -> str:
    """A count with thousands separators (English style, as in the sources' notes)."""
    return f"{x:,}"


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:.1f} %"


def _desa_table(res: BuildResult, kec_code: str) -> str:
    """Markdown table showing the desa split of one kecamatan step by step."""
    pop = {r.code: r for r in res.population}
    members = [d for d in res.desa if d.parent_code == kec_code]
    weights = {d.code: desa_weight(d, res.n_schools(d.code)) for d in members}
    total_w = sum(weights.values(), Fraction(0))
    kec_wktp = res.facts.kec_wktp[kec_code]
    lines = [
        "| desa | type | schools | weight | share of weight | quota | WKTP | IKD |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for d in members:
        w = weights[d.code]
        lines.append(
            f"| {d.name} | {d.desa_type} | {res.n_schools(d.code)} | {float(w):g} | "
            f"{float(w / total_w):.4f} | {float(w * kec_wktp / total_w):,.2f} | "
            f"{_n(pop[d.code].wktp)} | {_n(pop[d.code].ikd_active)} |"
        )
    return "\n".join(lines)


def _ranges_table(res: BuildResult) -> str:
    pop = {r.code: r for r in res.population}
    lines = [
        "| kecamatan | WKTP (real) | desa | smallest desa WKTP | largest desa WKTP | IKD (est.) |",
        "|---|---:|---:|---|---|---:|",
    ]
    for k in res.kecamatan:
        members = sorted(
            (d for d in res.desa if d.parent_code == k.code),
            key=lambda d: (pop[d.code].wktp, d.code),
        )
        lo, hi = members[0], members[-1]
        lines.append(
            f"| {k.name} | {_n(pop[k.code].wktp)} | {len(members)} | "
            f"{_n(pop[lo.code].wktp)} ({lo.name}) | {_n(pop[hi.code].wktp)} ({hi.name}) | "
            f"{_n(pop[k.code].ikd_active)} |"
        )
    return "\n".join(lines)


def _grade12_result(res: BuildResult) -> str:
    by_kind: dict[str, list[int]] = {}
    for r in res.schools:
        if r.school.jenjang != "SMP":
            kind = "SLB" if r.school.jenjang == "SLB" else r.school.status
            by_kind.setdefault(kind, []).append(r.students_grade12)
    parts = []
    for kind, values in sorted(by_kind.items()):
        each = f"{min(values)}–{max(values)}" if min(values) != max(values) else f"{values[0]}"
        parts.append(f"{kind} {each} per school ({len(values)})")
    return "; ".join(parts)


def sources_md(res: BuildResult) -> str:
    """The generated SOURCES.md: every file, its sources, and every estimate with its method."""
    f = res.facts
    pop = {r.code: r for r in res.population}
    kec_names = {k.code: k.name for k in res.kecamatan}
    desa_name = {d.code: d.name for d in res.desa}
    rate = Fraction(IKD_ACTIVE_JAN_2025, f.kab_wktp)
    babulu = f.kec_wktp["64.09.03"]
    anchor = babulu_darat_anchor(f)
    bd = res.desa_named("Babulu Darat")
    babulu_w = sum(
        (desa_weight(d, res.n_schools(d.code)) for d in res.desa if d.parent_code == "64.09.03"),
        Fraction(0),
    )
    waru_kel = res.desa_named("Waru")
    waru_n = res.n_schools(waru_kel.code)
    riko, bumi = res.desa_named("Riko"), res.desa_named("Bumi Harapan")
    penajam = next(k for k in res.kecamatan if k.code == "64.09.01")
    anchor_exact = f.babulu_darat_residents * Fraction(babulu, f.babulu_population)
    bd_weight = desa_weight(bd, res.n_schools(bd.code))
    waru_ikd_quota = IKD_ACTIVE_JAN_2025 * Fraction(f.kec_wktp["64.09.02"], f.kab_wktp)
    cohort = f.kab_population * ONE_AGE_YEAR_SHARE
    dukcapil = next(v for v in res.venues if v.venue_id == "V-DUKCAPIL")
    n_kel = sum(d.desa_type == "kelurahan" for d in res.desa)
    snapped = [
        f"**{r.school.name}** (NPSN {r.school.npsn}) lies {r.school.snapped_m:.0f} m outside the\n"
        f"  kabupaten outline; it was given the nearest desa, **{desa_name[r.school.desa_code]}**\n"
        f"  (`{r.school.desa_code}`), within the {SNAP_MAX_M:.0f} m allowed; its coordinate is "
        "kept as given."
        for r in res.schools
        if r.school.snapped_m is not None
    ]
    values: dict[str, object] = {
        "kab_code": KAB_CODE,
        "kab_name": KAB_NAME,
        "leaflet_path": LEAFLET_PATH,
        "iknpos_url": IKNPOS_URL,
        "metro": METRO,
        "metro_title": METRO_TITLE,
        "metro_url": METRO_URL,
        "n_kec": len(res.kecamatan),
        "n_desa": len(res.desa),
        "n_desa_only": len(res.desa) - n_kel,
        "n_kel": n_kel,
        "kec_list": ", ".join(
            f"`{k.code}` {k.name} {sum(d.parent_code == k.code for d in res.desa)}"
            for k in res.kecamatan
        ),
        "riko_km2": f"{riko.area_km2:,.1f}",
        "bumi_km2": f"{bumi.area_km2:,.1f}",
        "kab_wktp": _n(f.kab_wktp),
        "kec_wktp_rows": "\n".join(
            f"  | {kec_names[c]} | `{c}` | {_n(w)} |" for c, w in f.kec_wktp.items()
        ),
        "ikd": _n(IKD_ACTIVE_JAN_2025),
        "ikd_reported": _pct(IKD_REPORTED_SHARE),
        "implied_wktp": _n(round(float(IKD_ACTIVE_JAN_2025 / IKD_REPORTED_SHARE) / 100) * 100),
        "rate": _pct(rate),
        "waru_wktp": _n(f.kec_wktp["64.09.02"]),
        "waru_ikd_quota": f"{float(waru_ikd_quota):,.2f}",
        "waru_ikd": _n(pop["64.09.02"].ikd_active),
        "riko_share": f"{riko.area_km2 / penajam.area_km2 * 100:.0f}",
        "babulu_wktp": _n(babulu),
        "babulu_pop": _n(f.babulu_population),
        "bd_residents": _n(f.babulu_darat_residents),
        "anchor_exact": f"{float(anchor_exact):,.1f}",
        "anchor": _n(anchor),
        "babulu_others": sum(d.parent_code == "64.09.03" for d in res.desa) - 1,
        "babulu_rest": _n(babulu - anchor),
        "bd_weight_only": _n(round(float(bd_weight * babulu / babulu_w))),
        "waru_kel": waru_kel.name,
        "waru_n": waru_n,
        "waru_w": f"{float((1 + waru_n) * KELURAHAN_FACTOR):g}",
        "waru_table": _desa_table(res, "64.09.02"),
        "babulu_table": _desa_table(res, "64.09.03"),
        "ranges_table": _ranges_table(res),
        "kab_pop": _n(f.kab_population),
        "n_schools": len(res.schools),
        "n_hinted": sum(bool(r.school.desa_hint) for r in res.schools),
        "snapped": "\n- ".join(snapped) if snapped else "No school lies outside every desa.",
        "flagged": "; ".join(
            f"{r.school.name} (NPSN {r.school.npsn})" for r in res.schools if r.school.check_coords
        ),
        "cohort_share": f"{float(ONE_AGE_YEAR_SHARE) * 100:.1f}",
        "cohort": f"{float(cohort):,.1f}",
        "age_15_19": _n(AGE_15_19_LF2020),
        "sp2020_m": f"{POPULATION_SP2020 / 1e6:.2f}",
        "cohort_share_exact": f"{AGE_15_19_LF2020 / 5 / POPULATION_SP2020 * 100:.2f}",
        "aps": f"{float(APS_16_18_KALTIM) * 100:.2f}",
        "enrolled": f"{float(cohort * APS_16_18_KALTIM):,.1f}",
        "ma_share": f"{float(MADRASAH_SHARE) * 100:.0f}",
        "g12": _n(grade12_total(f)),
        "n_upper": sum(r.school.jenjang != "SMP" for r in res.schools),
        "g12_result": _grade12_result(res),
        "dukcapil_lat": f"{dukcapil.lat:.6f}",
        "dukcapil_lon": f"{dukcapil.lon:.6f}",
        "dukcapil_desa": desa_name[dukcapil.desa_code],
        "staff_office": OFFICE_STAFF["disdukcapil_office"],
        "staff_camat": OFFICE_STAFF["kantor_camat"],
        "staff_desa": OFFICE_STAFF["kantor_desa"],
        "kd_methods": "\n".join(
            f"  - {m}: {c}" for m, c in sorted(res.kantor_desa_methods.items())
        ),
        "seat_rows": "\n".join(
            f"  | {kec_names[c]} | {seat} | {why} |" for c, (seat, why) in KECAMATAN_SEATS.items()
        ),
    }
    return _template("SOURCES.md").format(**values)


def licenses_md() -> str:
    """Licence notices for the data this folder is derived from."""
    return _template("LICENSES.md").format(mit_terms=_indent(_template("MIT.txt")))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


def alt_readme() -> str:
    """alt/README.md: what the alternative polygons are and where they come from."""
    return _template("alt_README.md")
