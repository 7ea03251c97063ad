"""Cell values as people type them: counts, decimals (1,5 or 1.5) and dates (ISO or d/m/Y).

Excel on an Indonesian-locale machine writes `;` between fields, a decimal comma and dates as
`18/01/2027`; the same parsers read both that and plain ISO/English CSV.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from planner.i18n import Message

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_LONG = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


class BadValueError(ValueError):
    """A cell that cannot be read as the value its column needs (the message says why).

    `message` is shown in the reader's language; `str()` is the English text."""

    def __init__(self, key: str, value: str) -> None:
        self.message = Message.of(key, value=value)
        super().__init__(self.message.text("en"))


def parse_count(text: object) -> int:
    """A whole number of people ≥ 0: `52`, `52,0`, `1.234` (Indonesian thousands)."""
    if isinstance(text, bool):
        raise BadValueError("actuals.not_number", repr(text))
    if isinstance(text, int):
        value = float(text)
    elif isinstance(text, float):
        value = text
    else:
        s = str(text).strip().replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", s):
            s = s.replace(".", "")
        s = s.replace(",", ".")
        try:
            value = float(s)
        except ValueError:
            raise BadValueError("actuals.not_number", repr(str(text).strip())) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadValueError("actuals.not_number", repr(text))
    if value < 0:
        raise BadValueError("actuals.negative", repr(text))
    if value != int(value):
        raise BadValueError("actuals.fraction", repr(text))
    return int(value)


def parse_decimal(text: object) -> float:
    """A decimal ≥ 0 with a decimal point or comma: `2.5`, `2,5`."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        s = str(text).strip().replace(" ", "").replace(",", ".")
        try:
            value = float(s)
        except ValueError:
            raise BadValueError("actuals.not_number", repr(str(text).strip())) from None
    if value < 0 or value != value:
        raise BadValueError("actuals.negative_or_invalid", repr(text))
    return value


def parse_date(text: object) -> date:
    """`2027-01-18`, `18/01/2027`, `18-01-27`, `18 Januari 2027`, or a spreadsheet date."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = str(text).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = _DMY.match(s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        year = y + 2000 if y < 100 else y
        try:
            return date(year, mo, d)
        except ValueError:
            raise BadValueError("actuals.not_date", repr(s)) from None
    found = find_long_date(s)
    if found is not None:
        return found
    raise BadValueError("actuals.not_date_hint", repr(s))


def find_long_date(text: str) -> date | None:
    """The first `18 Januari 2027` / `4 January 2027` in a line of text, if any."""
    for m in _LONG.finditer(text):
        mo = _MONTHS.get(m.group(2).casefold())
        if mo is None:
            continue
        try:
            return date(int(m.group(3)), mo, int(m.group(1)))
        except ValueError:
            return None
    return None
