"""A refusal shown on a page, in the reader's language: the same texts as the CLI prints.

Kept apart from the page modules so the ledger helpers (which run in worker threads) and the
pages share one rule: our own errors carry their text in both languages (`LocalisedError`,
a data folder's `DataError`/`DataValidationError`, pydantic's validation report through the
CLI's formatter); anything else is shown as it is.
"""

from __future__ import annotations

from pydantic import ValidationError

from planner.i18n import LocalisedError, check_lang
from planner.io.errors import DataError, DataValidationError
from planner.io.scenario_file import format_validation_error


def error_lines(exc: BaseException, lang: str) -> list[str]:
    """`exc` as the lines a page shows, in `lang`."""
    language = check_lang(lang)
    if isinstance(exc, ValidationError):
        return format_validation_error("", exc, language).splitlines()
    if isinstance(exc, DataValidationError):
        return [e.text(language) for e in exc.errors]
    if isinstance(exc, LocalisedError | DataError):
        return exc.text(language).splitlines()
    return [str(exc)]


def error_text(exc: BaseException, lang: str) -> str:
    """`exc` as one text, its lines joined."""
    return " ".join(error_lines(exc, lang))
