"""What `ikd-planner data check` prints: one line per kecamatan, totals and every warning.

`data_check_report` sums a loaded folder per kecamatan; `format_report` turns that into a
plain-text table, in Bahasa Indonesia by default or English. Figures that are estimates (or
that are built from one) carry a `*`, explained in a footnote that points to SOURCES.md.
Counts are people; the IKD rate is IKD-active / WKTP in percent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.domain import KabupatenData, Level
from planner.i18n import Message, check_lang, num, t
from planner.io.scenario_file import folder_scenario_notes
from planner.scenario_defaults import SkippedEvent


@dataclass(frozen=True)
class CheckRow:
    """One line of the table: a kecamatan, the sum of all kecamatan, or the kabupaten."""

    code: str
    name: str
    desa: int
    wktp: int
    wktp_estimated: bool
    ikd_active: int
    ikd_active_estimated: bool
    schools: int
    venues: int

    @property
    def unactivated(self) -> int:
        """WKTP without an activated IKD (people)."""
        return max(self.wktp - self.ikd_active, 0)

    @property
    def unactivated_estimated(self) -> bool:
        return self.wktp_estimated or self.ikd_active_estimated

    @property
    def ikd_rate(self) -> float:
        """IKD-active / WKTP (0–1); 0 where WKTP is 0."""
        return self.ikd_active / self.wktp if self.wktp else 0.0


@dataclass(frozen=True)
class DataCheckReport:
    """The findings of `data check` for one folder.

    `total` adds up the kecamatan rows; `kabupaten` holds the kabupaten's own figures from
    population.csv when the folder has them (they may differ from the total: see warnings).
    `venues` counts the non-school venues (offices, events, markets).
    """

    kabupaten_code: str
    kabupaten_name: str
    wktp_as_of: str
    ikd_as_of: str
    source_dir: str
    rows: tuple[CheckRow, ...]
    total: CheckRow
    kabupaten: CheckRow | None
    warnings: tuple[Message | SkippedEvent, ...]
    kind: str = "kabupaten"

    @property
    def title(self) -> str:
        """`Kabupaten Penajam Paser Utara` or `Kota Samarinda` (area.toml's kind)."""
        return f"{self.kind.capitalize()} {self.kabupaten_name}"


def data_check_report(data: KabupatenData) -> DataCheckReport:
    """Per-kecamatan desa, WKTP, IKD-active, school and venue counts of a loaded folder."""
    desa_per_kec: dict[str, int] = {}
    for a in data.areas_at(Level.DESA):
        desa_per_kec[a.parent_code] = desa_per_kec.get(a.parent_code, 0) + 1
    schools: dict[str, int] = {}
    venues: dict[str, int] = {}
    for v in data.venues:
        bucket = schools if v.kind.is_school else venues
        bucket[v.kecamatan_code] = bucket.get(v.kecamatan_code, 0) + 1
    rows = tuple(
        CheckRow(
            code=k.code,
            name=k.name,
            desa=desa_per_kec.get(k.code, 0),
            wktp=k.wktp,
            wktp_estimated=k.wktp_estimated,
            ikd_active=k.ikd_active,
            ikd_active_estimated=k.ikd_active_estimated,
            schools=schools.get(k.code, 0),
            venues=venues.get(k.code, 0),
        )
        for k in sorted(data.areas_at(Level.KECAMATAN), key=lambda a: a.code)
    )
    total = CheckRow(
        code=data.meta.code,
        name="",
        desa=sum(r.desa for r in rows),
        wktp=sum(r.wktp for r in rows),
        wktp_estimated=any(r.wktp_estimated for r in rows),
        ikd_active=sum(r.ikd_active for r in rows),
        ikd_active_estimated=any(r.ikd_active_estimated for r in rows),
        schools=sum(schools.values()),
        venues=sum(venues.values()),
    )
    kab = data.areas.get(data.meta.code)
    kab_row = None
    if kab is not None:
        # where the kecamatan add up to the kabupaten's own figure, that figure's flag holds
        total = replace(
            total,
            wktp_estimated=total.wktp_estimated
            and not (kab.wktp == total.wktp and not kab.wktp_estimated),
            ikd_active_estimated=total.ikd_active_estimated
            and not (kab.ikd_active == total.ikd_active and not kab.ikd_active_estimated),
        )
        kab_row = CheckRow(
            code=kab.code,
            name=kab.name,
            desa=total.desa,
            wktp=kab.wktp,
            wktp_estimated=kab.wktp_estimated,
            ikd_active=kab.ikd_active,
            ikd_active_estimated=kab.ikd_active_estimated,
            schools=total.schools,
            venues=total.venues,
        )
    return DataCheckReport(
        kabupaten_code=data.meta.code,
        kabupaten_name=data.meta.name,
        wktp_as_of=data.meta.wktp_as_of,
        ikd_as_of=data.meta.ikd_as_of,
        source_dir=data.source_dir,
        rows=rows,
        total=total,
        kabupaten=kab_row,
        # the generic default scenario's events a team cannot staff: said here too, so that
        # a folder that passes the check and then plans with a warning is no surprise
        warnings=(*data.warnings, *folder_scenario_notes(data)),
        kind=data.meta.kind,
    )


def format_report(report: DataCheckReport, lang: str = "id") -> str:
    """The report as a plain-text table; `lang` is "id" (Bahasa Indonesia) or "en"."""
    lng = check_lang(lang)

    def _t(key: str, **params: object) -> str:
        return t(lng, f"check.{key}", **params)

    def count(n: int, estimated: bool = False) -> str:
        return num(lng, n) + ("*" if estimated else " ")

    def cells(label: str, r: CheckRow) -> list[str]:
        rate_est = r.wktp_estimated or r.ikd_active_estimated
        rate = num(lng, 100 * r.ikd_rate, 1)
        return [
            label,
            count(r.desa),
            count(r.wktp, r.wktp_estimated),
            count(r.ikd_active, r.ikd_active_estimated),
            count(r.unactivated, r.unactivated_estimated),
            rate + ("*" if rate_est else " "),
            count(r.schools),
            count(r.venues),
        ]

    # every figure ends in "*" or " ", so headers get a trailing space to line up with digits
    header = [
        _t("kecamatan"),
        *(
            _t(key) + " "
            for key in ("desa", "wktp", "ikd", "unactivated", "rate", "schools", "venues")
        ),
    ]
    body = [cells(f"{r.code} {r.name}", r) for r in report.rows]
    footer = [cells(_t("total"), report.total)]
    kab = report.kabupaten
    if kab is not None and (kab.wktp, kab.ikd_active) != (
        report.total.wktp,
        report.total.ikd_active,
    ):
        footer.append(cells(_t("kabupaten", kind=report.kind.capitalize()), kab))
    table = [header, *body, *footer]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]

    def line(values: list[str]) -> str:
        rest = (v.rjust(w) for v, w in zip(values[1:], widths[1:], strict=True))
        return "  ".join([values[0].ljust(widths[0]), *rest]).rstrip()

    rule = "-" * len(line(header))
    out = [
        _t("title", name=report.title, code=report.kabupaten_code),
        _t("folder", dir=report.source_dir),
        _t("dates", wktp=report.wktp_as_of, ikd=report.ikd_as_of),
        "",
        line(header),
        rule,
        *(line(v) for v in body),
        rule,
        *(line(v) for v in footer),
    ]
    if any("*" in v for row in table[1:] for v in row[1:]):
        out += ["", _t("footnote")]
    out.append("")
    if report.warnings:
        out.append(_t("warnings", n=len(report.warnings)))
        out += [f"- {w.text(lng)}" for w in report.warnings]
    else:
        out.append(_t("no_warnings"))
    return "\n".join(out) + "\n"
