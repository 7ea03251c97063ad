"""Tell a report's format from its content (not only its name) and read it."""

from __future__ import annotations

from typing import Literal

from planner.campaign.actuals.csv_format import looks_like_csv, read_csv_report
from planner.campaign.actuals.rows import ImportContext, ReportedVisit
from planner.campaign.actuals.whatsapp import looks_like_whatsapp, read_whatsapp_report
from planner.campaign.actuals.xlsx_format import read_xlsx_report
from planner.i18n import Message
from planner.io.errors import Findings

ReportFormat = Literal["csv", "xlsx", "whatsapp", "unknown"]
_ZIP_MAGIC = b"PK\x03\x04"


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (older Excel exports)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def detect_format(content: bytes, teams: tuple[str, ...]) -> ReportFormat:
    """`xlsx` for a workbook, `csv` for a table with the report's header, `whatsapp` for chat."""
    if content.startswith(_ZIP_MAGIC):
        return "xlsx"
    text = decode_text(content)
    if looks_like_csv(text):
        return "csv"
    if looks_like_whatsapp(text, teams):
        return "whatsapp"
    return "unknown"


def read_report(
    content: bytes, file: str, findings: Findings, context: ImportContext
) -> tuple[ReportFormat, list[ReportedVisit]]:
    """The file's format and every visit it reports; problems go to `findings`."""
    fmt = detect_format(content, context.teams)
    if fmt == "xlsx":
        return fmt, read_xlsx_report(content, file, findings, context.teams)
    text = decode_text(content)
    if fmt == "csv":
        return fmt, read_csv_report(text, file, findings)
    if fmt == "whatsapp":
        venues = context.venues.values()
        planned = context.planned.keys()
        return fmt, read_whatsapp_report(text, file, findings, context.teams, venues, planned)
    findings.error(
        file,
        None,
        None,
        Message.of("actuals.unknown_format", teams=", ".join(context.teams)),
    )
    return fmt, []
