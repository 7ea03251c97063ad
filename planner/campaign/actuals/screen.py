"""Keep personal data out of the ledger: refuse files whose columns or text carry it.

Column names go through the project's screen (planner.io._personal); free text (notes, chat
lines) is refused when it holds a 16-digit number (the shape of a NIK or KK number) or a phone
number (planner.io.personal_screen, the rule data folders are screened by), so a pasted
resident list never lands in the database.
"""

from __future__ import annotations

from planner.campaign.actuals.rows import problem
from planner.i18n import Message
from planner.io._personal import is_personal_column
from planner.io.errors import Findings
from planner.io.personal_screen import mobile_shaped, nik_shaped


def screen_columns(findings: Findings, file: str, columns: list[str]) -> None:
    """An error for each column whose name marks personal data."""
    for col in columns:
        if col and is_personal_column(col):
            findings.error(file, None, col, Message.of("actuals.personal_column"))


def screen_text(
    findings: Findings, file: str, row: int, field: str | None, text: str, unit: str = "row"
) -> bool:
    """An error (and False) when `text` holds a NIK/KK-like or phone-like number."""
    if nik_shaped(text) or mobile_shaped(text):  # the same rule as for data folders
        message = Message.of("actuals.personal_text")
        findings.errors.append(problem(file, row, field, message, unit))
        return False
    return True
