"""`progress` as text (terminal), HTML (self-contained, plots inline) and XLSX.

Every text from the data (venue, team, area names) reaches the HTML through `html.escape` and
the workbook through `safe_text`, so a name can neither inject markup nor run as a formula.
Plots are PNG images embedded as data URIs: the page opens offline, from an e-mail attachment.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
from collections.abc import Sequence

from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from planner import venue_kinds
from planner.calibrate import RATE
from planner.campaign.progress import (
    COVERAGE_MIN_VISITS,
    GroupRow,
    Parameter,
    Progress,
    VisitRow,
)
from planner.i18n import Lang
from planner.render.campaign_text import param_label
from planner.render.schedule import safe_text
from planner.render.workbook import print_setup

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Kemajuan kampanye IKD",
        "baseline": "Awal (data resmi)",
        "now": "IKD aktif sekarang (awal + aktivasi tercatat)",
        "recorded": "Aktivasi tercatat",
        "rate": "Tingkat IKD",
        "target": "Target",
        "national": "Target nasional",
        "month": "Bulan",
        "area": "Wilayah",
        "wktp": "WKTP",
        "ikd": "IKD aktif",
        "activations": "Aktivasi",
        "rates_title": "Tingkat IKD per bulan (kabupaten dan kecamatan)",
        "team_title": "Rencana vs aktual per tim",
        "type_title": "Rencana vs aktual per jenis lokasi",
        "visits_title": "Rencana vs aktual per kunjungan",
        "quality_title": "Ketepatan perkiraan",
        "params_title": "Parameter yang dipelajari vs asumsi awal",
        "unreported_title": "Kunjungan yang belum dilaporkan",
        "group": "Kelompok",
        "visits": "Kunjungan",
        "reported": "Dilaporkan",
        "expected": "Perkiraan",
        "actual": "Aktual",
        "extra": "Aktual di luar rencana",
        "date": "Tanggal",
        "team": "Tim",
        "venue": "Lokasi",
        "type": "Jenis",
        "in_band": "Dalam P10–P90",
        "mae": "Rata-rata selisih absolut (orang per kunjungan)",
        "coverage": "Aktual di dalam rentang P10–P90",
        "n_visits": "Kunjungan terencana yang dilaporkan",
        "totals": "Total perkiraan vs aktual",
        "too_few": "Terlalu sedikit kunjungan (< {n}) untuk menilai rentang P10–P90.",
        "too_narrow": "Hanya {c} aktual di dalam P10–P90 (seharusnya sekitar 80 %): rentang "
        "perkiraan terlalu sempit.",
        "too_wide": "{c} aktual di dalam P10–P90 (seharusnya sekitar 80 %): rentang perkiraan "
        "terlalu lebar.",
        "ok": "{c} aktual di dalam P10–P90: sesuai harapan (sekitar 80 %).",
        "param": "Parameter",
        "prior": "Asumsi awal",
        "posterior": "Dipelajari (rata-rata)",
        "interval": "Interval kredibel 90 %",
        "code": "Kode",
        "lo": "Batas bawah (90 %)",
        "hi": "Batas atas (90 %)",
        "basis": "Dasar (kunjungan)",
        "not_learned": "Belum ada yang dipelajari: kalibrasi belum tersedia atau belum ada "
        "aktual. Yang ditampilkan adalah asumsi skenario.",
        "none_unreported": "Semua kunjungan terencana sudah dilaporkan.",
        "yes": "ya",
        "no": "tidak",
        "db": "Basis data kampanye",
        "n_unreported": "Kunjungan belum dilaporkan",
        "recorded_since": "Aktivasi tercatat sesudah {date}: {since} (dari {total} seluruhnya; "
        "{before} sebelumnya sudah termasuk angka resmi)",
        "now_since": "IKD aktif sekarang (angka resmi + aktivasi tercatat sesudahnya)",
        "overdue": "Kunjungan sudah lewat, belum dilaporkan (per {date})",
        "upcoming": "Kunjungan terencana yang belum terjadi (mulai {date})",
        "none_overdue": "Semua kunjungan yang sudah lewat sudah dilaporkan.",
        "month_activations": "Aktivasi bulan itu",
        "cumulative": "Aktivasi kumulatif sejak angka resmi",
        "venue_code": "Kode lokasi",
        "sheet_overdue": "Belum dilaporkan",
        "sheet_upcoming": "Belum terjadi",
        "rate_not_measured": "belum terukur: tidak ada kunjungan yang dibatasi kecepatan tim "
        "(semua di bawah kapasitasnya), asumsi awal tetap dipakai",
        "type_not_measured": "belum ada kunjungan yang dilaporkan, asumsi awal tetap dipakai",
    },
    "en": {
        "title": "IKD campaign progress",
        "baseline": "Baseline (official figure)",
        "now": "IKD active now (baseline + recorded activations)",
        "recorded": "Recorded activations",
        "rate": "IKD rate",
        "target": "Target",
        "national": "National target",
        "month": "Month",
        "area": "Area",
        "wktp": "WKTP",
        "ikd": "IKD active",
        "activations": "Activations",
        "rates_title": "IKD rate by month (kabupaten and kecamatan)",
        "team_title": "Planned vs actual per team",
        "type_title": "Planned vs actual per venue type",
        "visits_title": "Planned vs actual per visit",
        "quality_title": "Forecast quality",
        "params_title": "Learned parameters vs priors",
        "unreported_title": "Visits not reported yet",
        "group": "Group",
        "visits": "Visits",
        "reported": "Reported",
        "expected": "Expected",
        "actual": "Actual",
        "extra": "Actual, unplanned",
        "date": "Date",
        "team": "Team",
        "venue": "Venue",
        "type": "Type",
        "in_band": "Inside P10–P90",
        "mae": "Mean absolute error (people per visit)",
        "coverage": "Actuals inside the P10–P90 band",
        "n_visits": "Planned visits reported",
        "totals": "Total expected vs actual",
        "too_few": "Too few visits (< {n}) to judge the P10–P90 band.",
        "too_narrow": "Only {c} of actuals inside P10–P90 (should be near 80 %): the forecast "
        "bands are too narrow.",
        "too_wide": "{c} of actuals inside P10–P90 (should be near 80 %): the forecast bands "
        "are too wide.",
        "ok": "{c} of actuals inside P10–P90: as it should be (near 80 %).",
        "param": "Parameter",
        "prior": "Prior",
        "posterior": "Learned (mean)",
        "interval": "90 % credible interval",
        "code": "Code",
        "lo": "Lower bound (90 %)",
        "hi": "Upper bound (90 %)",
        "basis": "Basis (visits)",
        "not_learned": "Nothing learned yet: the calibration is not available or there are no "
        "actuals. The scenario's assumptions are shown.",
        "none_unreported": "Every planned visit has been reported.",
        "yes": "yes",
        "no": "no",
        "db": "Campaign database",
        "n_unreported": "Visits not reported yet",
        "recorded_since": "Activations recorded after {date}: {since} (of {total} in all; the "
        "{before} before are in the official figure)",
        "now_since": "IKD active now (official figure + activations recorded since)",
        "overdue": "Visits past and not reported (as of {date})",
        "upcoming": "Planned visits not happened yet (from {date})",
        "none_overdue": "Every visit in the past has been reported.",
        "month_activations": "Activations that month",
        "cumulative": "Activations since the official figure (cumulative)",
        "venue_code": "Venue code",
        "sheet_overdue": "Not reported",
        "sheet_upcoming": "Not happened yet",
        "rate_not_measured": "not measured yet: no visit was limited by the team's pace (all "
        "below their capacity), the prior stays in use",
        "type_not_measured": "no visit reported yet, the prior stays in use",
    },
}


def _t(lang: str) -> dict[str, str]:
    return TEXTS["en" if lang == "en" else "id"]


def _num(x: float | None, decimals: int = 0, lang: str = "id") -> str:
    """`20.126` and `12,8` in Bahasa Indonesia, `20,126` and `12.8` in English."""
    if x is None:
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _pct(x: float | None, decimals: int = 1, lang: str = "id") -> str:
    return "–" if x is None else f"{_num(100 * x, decimals, lang)} %"


def type_label(venue_type: str, lang: str) -> str:
    """A venue type's label (`Kantor desa`), or the id when the type is not registered."""
    found = venue_kinds.find(venue_type)
    return found.label(lang) if found is not None else venue_type


def _sig(x: float, lang: str) -> str:
    """A learned parameter to 3 significant digits, as the plan's summary prints it:
    `0,0261` / `0.0261`, `6,35` / `6.35` (a `.4g` with a decimal point in a Bahasa page
    read as another number format than the rest of the report)."""
    text = f"{x:.3g}"
    return text if lang == "en" else text.replace(".", ",")


def quality_sentence(p: Progress, lang: str) -> str:
    """The verdict on the P10–P90 band in one sentence."""
    t = _t(lang)
    return t[p.quality.verdict].format(n=COVERAGE_MIN_VISITS, c=_pct(p.quality.coverage, 0, lang))


def progress_lines(p: Progress, lang: str, where: str) -> list[str]:
    """The terminal summary."""
    t = _t(lang)
    now = p.ikd_active_now
    rate = now / p.wktp if p.wktp else 0.0
    q = p.quality
    lines = [
        f"{t['title']} — {p.kabupaten_name} ({p.kabupaten_code})",
        f"{t['db']}: {where}",
        f"{t['baseline']}: {_num(p.baseline_ikd_active, 0, lang)} ({p.baseline_as_of})",
        _recorded_line(p, lang),
        f"{t['now_since' if p.activations_before_baseline else 'now']}: {_num(now, 0, lang)} "
        f"— {t['rate']} {_pct(rate, 1, lang)} "
        f"({t['target']} {_pct(p.target_rate, 0, lang)}, {t['national']} "
        f"{_pct(p.national_target_rate, 0, lang)})",
        "",
        f"{t['quality_title']}: {t['n_visits']} {q.visits}; {t['mae']} "
        f"{_num(q.mae, 1, lang)}; {t['coverage']} {_pct(q.coverage, 0, lang)}",
        quality_sentence(p, lang),
        f"{t['totals']}: {_num(q.total_expected, 0, lang)} vs {_num(q.total_actual, 0, lang)}",
        "",
        f"{t['team_title']}:",
    ]
    lines += [_group_line(g, g.group, lang) for g in p.by_team]
    lines.append(f"{t['type_title']}:")
    lines += [_group_line(g, type_label(g.group, lang), lang) for g in p.by_type]
    lines.append(f"{t['params_title']}:")
    if not p.parameters_learned:
        lines.append(f"  {t['not_learned']}")
    for prm in p.parameters:
        lines.append(
            f"  {param_label(prm.name, lang)}: {_sig(prm.prior, lang)}{_learned(prm, p, lang)}"
        )
    lines += unreported_lines(p, lang)
    return lines


def _learned(prm: Parameter, p: Progress, lang: str) -> str:
    """` → mean [lo–hi], n visits`; for a parameter no visit measured, why it keeps its prior."""
    t = _t(lang)
    if prm.mean is not None and prm.lo is not None and prm.hi is not None and prm.visits > 0:
        return (
            f" → {_sig(prm.mean, lang)} [{_sig(prm.lo, lang)}–{_sig(prm.hi, lang)}], "
            f"{prm.visits} {t['visits'].lower()}"
        )
    if not p.parameters_learned:
        return ""
    return " — " + t["rate_not_measured" if prm.name.endswith(RATE) else "type_not_measured"]


def _recorded_line(p: Progress, lang: str) -> str:
    """The activations the IKD count adds to the baseline. After a newer official figure only
    those recorded after its date count; the line says so, so that baseline + this = now."""
    t = _t(lang)
    before = p.activations_before_baseline
    if not before:
        return f"{t['recorded']}: {_num(p.total_activations, 0, lang)}"
    return t["recorded_since"].format(
        date=p.baseline_as_of,
        since=_num(p.total_activations - before, 0, lang),
        total=_num(p.total_activations, 0, lang),
        before=_num(before, 0, lang),
    )


def unreported_lines(p: Progress, lang: str) -> list[str]:
    """Planned visits without a report: those already past (to chase) apart from those that
    have not happened yet (nothing to report), as of `p.as_of`."""
    t = _t(lang)
    if p.as_of is None:
        return [f"{t['n_unreported']}: {_num(len(p.unreported), 0, lang)}"]
    day = p.as_of.isoformat()
    return [
        f"{t['overdue'].format(date=day)}: {_num(len(p.overdue), 0, lang)}",
        f"{t['upcoming'].format(date=day)}: {_num(len(p.upcoming), 0, lang)}",
    ]


def _group_line(g: GroupRow, name: str, lang: str) -> str:
    t = _t(lang)
    extra = (
        f" (+{_num(g.unplanned_actual, 0, lang)} {t['extra'].lower()})"
        if g.unplanned_actual
        else ""
    )
    return (
        f"  {name}: {t['reported'].lower()} {g.reported}/{g.visits}, {t['expected'].lower()} "
        f"{_num(g.expected_reported, 0, lang)} vs {t['actual'].lower()} "
        f"{_num(g.actual, 0, lang)}{extra}"
    )


# --- plots ---------------------------------------------------------------------------------


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def rate_plot(p: Progress, lang: str) -> str:
    """IKD rate by month for the kabupaten and each kecamatan, with both targets (PNG, base64)."""
    t = _t(lang)
    fig = Figure(figsize=(7, 3.6))
    ax = fig.subplots()
    areas = sorted({r.area for r in p.rates})
    for area in areas:
        rows = [r for r in p.rates if r.area == area]
        width = 2.5 if area == p.kabupaten_name else 1.0
        ax.plot(
            [r.month for r in rows], [100 * r.rate for r in rows], marker="o", lw=width, label=area
        )
    ax.axhline(100 * p.target_rate, color="green", ls="--", label=t["target"])
    ax.axhline(100 * p.national_target_rate, color="grey", ls=":", label=t["national"])
    ax.set_ylabel(f"{t['rate']} (%)")
    ax.set_xlabel(t["month"])
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig)


def forecast_plot(p: Progress, lang: str) -> str:
    """Expected (with its P10–P90 bar) against actual per reported visit (PNG, base64)."""
    t = _t(lang)
    fig = Figure(figsize=(5, 4))
    ax = fig.subplots()
    rows = [v for v in p.visits if v.expected is not None and v.actual is not None]
    if rows:
        xs = [v.expected or 0.0 for v in rows]
        ys = [v.actual or 0 for v in rows]
        lo = [max((v.expected or 0.0) - (v.p10 or 0.0), 0.0) for v in rows]
        hi = [max((v.p90 or 0.0) - (v.expected or 0.0), 0.0) for v in rows]
        ax.errorbar(xs, ys, xerr=[lo, hi], fmt="o", ms=4, alpha=0.7, elinewidth=0.8)
        top = max(max(xs), max(ys), 1.0) * 1.1
        ax.plot([0, top], [0, top], color="grey", lw=0.8)
    ax.set_xlabel(f"{t['expected']} (P10–P90)")
    ax.set_ylabel(t["actual"])
    return _png(fig)


def group_plot(groups: Sequence[GroupRow], lang: str) -> str:
    """Expected against actual per group, as paired bars (PNG, base64)."""
    t = _t(lang)
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    idx = range(len(groups))
    ax.bar([i - 0.2 for i in idx], [g.expected_reported for g in groups], 0.4, label=t["expected"])
    ax.bar([i + 0.2 for i in idx], [g.actual for g in groups], 0.4, label=t["actual"])
    ax.set_xticks(list(idx), [g.group for g in groups], rotation=20, ha="right", fontsize=8)
    ax.legend(fontsize=8)
    return _png(fig)


# --- HTML ----------------------------------------------------------------------------------


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _img(b64: str, alt: str) -> str:
    return f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt, quote=True)}">'


def _group_table(groups: Sequence[GroupRow], lang: str) -> str:
    t = _t(lang)
    return _table(
        [t["group"], t["visits"], t["reported"], t["expected"], t["actual"], t["extra"]],
        [
            (
                g.group,
                _num(g.visits, 0, lang),
                _num(g.reported, 0, lang),
                _num(g.expected_reported, 0, lang),
                _num(g.actual, 0, lang),
                _num(g.unplanned_actual, 0, lang),
            )
            for g in groups
        ],
    )


def _typed(groups: Sequence[GroupRow], lang: str) -> list[GroupRow]:
    return [dataclasses.replace(g, group=type_label(g.group, lang)) for g in groups]


def _rate_head(t: dict[str, str]) -> list[str]:
    return [
        t["month"],
        t["area"],
        t["wktp"],
        t["ikd"],
        t["month_activations"],
        t["cumulative"],
        t["rate"],
    ]


def _unreported_html(p: Progress, lang: str) -> str:
    """The visits to chase (past, not reported) and, apart, those not happened yet."""
    t = _t(lang)
    esc = html.escape

    def table(rows: Sequence[VisitRow]) -> str:
        return _table(
            [t["date"], t["team"], t["venue"], t["venue_code"], t["expected"]],
            [
                (v.date.isoformat(), v.team, v.venue_name, v.venue_id, _num(v.expected, 0, lang))
                for v in rows
            ],
        )

    if p.as_of is None:
        body = table(p.unreported) if p.unreported else f"<p>{esc(t['none_unreported'])}</p>"
        return f"<h2>{esc(t['unreported_title'])} ({len(p.unreported)})</h2>\n{body}"
    day = p.as_of.isoformat()
    overdue = table(p.overdue) if p.overdue else f"<p>{esc(t['none_overdue'])}</p>"
    out = f"<h2>{esc(t['overdue'].format(date=day))} ({len(p.overdue)})</h2>\n{overdue}"
    if p.upcoming:
        out += (
            f"\n<h2>{esc(t['upcoming'].format(date=day))} ({len(p.upcoming)})</h2>\n"
            f"{table(p.upcoming)}"
        )
    return out


def progress_html(p: Progress, lang: str, where: str) -> str:
    """The self-contained progress page."""
    t = _t(lang)
    by_type = _typed(p.by_type, lang)
    esc = html.escape
    yes_no = {True: t["yes"], False: t["no"], None: ""}
    summary = "".join(f"<li>{esc(line)}</li>" for line in progress_lines(p, lang, where)[:5])
    rates = _table(
        _rate_head(t),
        [
            (
                r.month,
                r.area,
                _num(r.wktp, 0, lang),
                _num(r.ikd_active, 0, lang),
                _num(r.month_activations, 0, lang),
                _num(r.activations, 0, lang),
                _pct(r.rate, 1, lang),
            )
            for r in p.rates
        ],
    )
    visits = _table(
        [
            t["date"],
            t["team"],
            t["venue"],
            t["type"],
            t["expected"],
            "P10",
            "P90",
            t["actual"],
            t["in_band"],
        ],
        [
            (
                v.date.isoformat(),
                v.team,
                v.venue_name,
                type_label(v.venue_type, lang),
                _num(v.expected, 0, lang),
                _num(v.p10, 0, lang),
                _num(v.p90, 0, lang),
                "" if v.actual is None else _num(v.actual, 0, lang),
                yes_no[v.in_band],
            )
            for v in p.visits
        ],
    )
    params = _table(
        [t["param"], t["prior"], t["posterior"], t["interval"], t["basis"]],
        [
            (
                param_label(prm.name, lang),
                _sig(prm.prior, lang),
                "" if prm.mean is None or not prm.visits else _sig(prm.mean, lang),
                _learned(prm, p, lang).removeprefix(" — ")
                if prm.lo is None or prm.hi is None or not prm.visits
                else f"{_sig(prm.lo, lang)}–{_sig(prm.hi, lang)}",
                prm.visits,
            )
            for prm in p.parameters
        ],
    )
    unreported = _unreported_html(p, lang)
    q = p.quality
    not_learned = "" if p.parameters_learned else f"<p class=note>{esc(t['not_learned'])}</p>"
    return f"""<!doctype html>
<html lang="{"en" if lang == "en" else "id"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(t["title"])} — {esc(p.kabupaten_name)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}}
table{{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}}
th,td{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}}
th{{background:#1F4E78;color:#fff}} img{{max-width:100%}} .note{{color:#7F6000}}
</style></head><body>
<h1>{esc(t["title"])} — {esc(p.kabupaten_name)}</h1>
<ul>{summary}</ul>
<h2>{esc(t["rates_title"])}</h2>
{_img(rate_plot(p, lang), t["rates_title"])}
{rates}
<h2>{esc(t["quality_title"])}</h2>
<p>{esc(t["n_visits"])}: {q.visits}. {esc(t["mae"])}: {esc(_num(q.mae, 1, lang))}.
{esc(t["coverage"])}: {esc(_pct(q.coverage, 0, lang))}.</p>
<p><strong>{esc(quality_sentence(p, lang))}</strong></p>
{_img(forecast_plot(p, lang), t["quality_title"])}
<h2>{esc(t["team_title"])}</h2>
{_img(group_plot(p.by_team, lang), t["team_title"])}
{_group_table(p.by_team, lang)}
<h2>{esc(t["type_title"])}</h2>
{_img(group_plot(by_type, lang), t["type_title"])}
{_group_table(by_type, lang)}
<h2>{esc(t["params_title"])}</h2>
{not_learned}{params}
{unreported}
<h2>{esc(t["visits_title"])}</h2>
{visits}
</body></html>
"""


# --- XLSX ----------------------------------------------------------------------------------

_HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
_HEAD_FONT = Font(bold=True, color="FFFFFF")


#: How a rate or share shows in Excel: `13,9 %` on an Indonesian machine, as in the schedule.
_PERCENT = "0.0%"


#: Counts and forecasts with the thousands separator of the reader's Excel (`1.895`).
_COUNT = "#,##0"


def _sheet(
    wb: Workbook,
    title: str,
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    percent_columns: Sequence[int] = (),
    *,
    printed: tuple[str, str, Lang] | None = None,
) -> None:
    """One table per sheet; `percent_columns` (0-based) hold shares shown as percentages,
    other numbers show grouped by thousands. `printed` = (kabupaten, report title, language)
    sets the page up for printing as schedule.xlsx's sheets are."""
    ws = wb.create_sheet(title[:31])
    ws.append([safe_text(h) for h in head])
    for c in ws[1]:
        c.fill = _HEAD_FILL
        c.font = _HEAD_FONT
    for r in rows:
        ws.append([safe_text(c) if isinstance(c, str) else c for c in r])
        for i, value in enumerate(r):
            cell = ws.cell(row=ws.max_row, column=i + 1)
            if i in percent_columns:
                cell.number_format = _PERCENT
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = _COUNT
    ws.freeze_panes = "A2"
    for col in ws.columns:
        width = max(len(str(c.value or "")) for c in col) + 2
        ws.column_dimensions[col[0].column_letter].width = min(max(width, 8), 48)
    if printed is not None:
        place, report, lang = printed
        ws.print_title_rows = "1:1"
        print_setup(ws, place, report, title, len(head), lang)


def _rounded(x: float | None) -> float | None:
    """A forecast to one decimal (people; the page shows whole people)."""
    return None if x is None else round(x, 1)


def progress_xlsx(p: Progress, lang: str, where: str) -> bytes:
    """The same tables as the page, one sheet each, numbers as numbers, set up for printing."""
    t = _t(lang)
    lng: Lang = "en" if lang == "en" else "id"
    printed = (p.kabupaten_name, t["title"], lng)
    wb = Workbook()
    ws = wb.active
    ws.title = t["title"][:31]
    for line in [*progress_lines(p, lang, where)[:9], *unreported_lines(p, lang)]:
        ws.append([safe_text(line)])
    ws.column_dimensions["A"].width = 100
    print_setup(ws, p.kabupaten_name, t["title"], t["title"], 1, lng)
    _sheet(
        wb,
        t["rate"],
        _rate_head(t),
        [
            (
                r.month,
                r.area,
                r.wktp,
                r.ikd_active,
                r.month_activations,
                r.activations,
                round(r.rate, 5),
            )
            for r in p.rates
        ],
        percent_columns=(6,),
        printed=printed,
    )
    _sheet(
        wb,
        t["visits"],
        [
            t["date"],
            t["team"],
            t["venue_code"],
            t["venue"],
            t["type"],
            t["expected"],
            "P10",
            "P90",
            t["actual"],
            t["in_band"],
        ],
        [
            (
                v.date,
                v.team,
                v.venue_id,
                v.venue_name,
                type_label(v.venue_type, lang),
                _rounded(v.expected),
                _rounded(v.p10),
                _rounded(v.p90),
                v.actual,
                None if v.in_band is None else t["yes"] if v.in_band else t["no"],
            )
            for v in p.visits
        ],
        printed=printed,
    )
    for title, groups in ((t["team"], p.by_team), (t["type"], _typed(p.by_type, lang))):
        _sheet(
            wb,
            title,
            [t["group"], t["visits"], t["reported"], t["expected"], t["actual"], t["extra"]],
            [
                (
                    g.group,
                    g.visits,
                    g.reported,
                    round(g.expected_reported, 1),
                    g.actual,
                    g.unplanned_actual,
                )
                for g in groups
            ],
            printed=printed,
        )
    unreported_head = [t["date"], t["team"], t["venue_code"], t["venue"], t["expected"]]
    sheets = (
        ((t["n_unreported"], p.unreported),)
        if p.as_of is None
        else ((t["sheet_overdue"], p.overdue), (t["sheet_upcoming"], p.upcoming))
    )
    for title, rows in sheets:
        _sheet(
            wb,
            title,
            unreported_head,
            [(v.date, v.team, v.venue_id, v.venue_name, _rounded(v.expected)) for v in rows],
            printed=printed,
        )
    _sheet(
        wb,
        t["param"],
        [t["param"], t["code"], t["prior"], t["posterior"], t["lo"], t["hi"], t["basis"]],
        [
            (
                param_label(prm.name, lang),
                prm.name,
                prm.prior,
                *((prm.mean, prm.lo, prm.hi) if prm.visits else (None, None, None)),
                prm.visits,
            )
            for prm in p.parameters
        ],
        printed=printed,
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
