"""Turn the text of one CSV cell into a typed value, or report why it cannot be one.

Every parser takes the `Findings`, the file, the row and the column so that its message names
the exact cell; it returns None after reporting. Cell text arrives already stripped.
"""

from __future__ import annotations

import math
import re
from datetime import time

from planner.domain import Level
from planner.i18n import Message
from planner.io.errors import Findings

#: No area holds more people than this: a generous cap above Indonesia's whole population
#: (about 280 million), so that a typo of extra digits is caught instead of planned for.
MAX_PEOPLE = 400_000_000

#: Kemendagri dotted codes: `64.09` kabupaten, `64.09.01` kecamatan, `64.09.01.2001` desa.
CODE_PATTERNS: dict[Level, re.Pattern[str]] = {
    Level.KABUPATEN: re.compile(r"\d{2}\.\d{2}"),
    Level.KECAMATAN: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    Level.DESA: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
CODE_EXAMPLES: dict[Level, str] = {
    Level.KABUPATEN: "64.09",
    Level.KECAMATAN: "64.09.01",
    Level.DESA: "64.09.01.2001",
}
NPSN_PATTERN = re.compile(r"\d{8}")

TRUE_WORDS = frozenset({"true", "1", "yes", "ya", "y", "benar"})
FALSE_WORDS = frozenset({"false", "0", "no", "tidak", "n", "salah"})

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_HHMM = re.compile(r"(\d{1,2})[:.](\d{2})(?::00)?")

#: Day names accepted in `open_days` (English and Bahasa Indonesia, short or long); Monday=0.
DAY_NAMES: dict[str, int] = {
    **{d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        d: i
        for i, d in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{d: i for i, d in enumerate(("sen", "sel", "rab", "kam", "jum", "sab", "min"))},
    **{
        d: i for i, d in enumerate(("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"))
    },
}


def shown(text: str, limit: int = 40) -> str:
    """The cell text quoted for a message, cut to `limit` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def is_code(text: str, level: Level) -> bool:
    return CODE_PATTERNS[level].fullmatch(text) is not None


def parse_code(f: Findings, file: str, row: int, col: str, text: str, level: Level) -> str | None:
    """A Kemendagri code of `level`, e.g. `64.09.01` for a kecamatan."""
    if is_code(text, level):
        return text
    f.error(
        file,
        row,
        col,
        Message.of(
            "err.not_code", value=shown(text), level=level.value, example=CODE_EXAMPLES[level]
        ),
    )
    return None


def parse_text(f: Findings, file: str, row: int, col: str, text: str) -> str | None:
    """Non-empty text."""
    if text:
        return text
    f.error(file, row, col, Message.of("err.empty"))
    return None


def parse_count(
    f: Findings, file: str, row: int, col: str, text: str, *, allow_empty: bool = False
) -> int | None:
    """A whole number of people, 0 ≤ n ≤ MAX_PEOPLE; `allow_empty` lets '' through as None."""
    if not text:
        if not allow_empty:
            f.error(file, row, col, Message.of("err.empty_count"))
        return None
    if _INTEGER.fullmatch(text) is None:
        thousands = re.fullmatch(r"\d{1,3}([.,]\d{3})+", text) is not None
        key = "err.not_count_thousands" if thousands else "err.not_count"
        f.error(file, row, col, Message.of(key, value=shown(text)))
        return None
    value = int(text)
    if value < 0:
        f.error(file, row, col, Message.of("err.negative_count", value=str(value)))
        return None
    if value > MAX_PEOPLE:
        f.error(
            file, row, col, Message.of("err.too_many_people", value=shown(text), most=MAX_PEOPLE)
        )
        return None
    return value


def parse_bool(f: Findings, file: str, row: int, col: str, text: str) -> bool | None:
    """`true`/`false`, `1`/`0`, `yes`/`no`, `ya`/`tidak`, `BENAR`/`SALAH` (any case)."""
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    f.error(file, row, col, Message.of("err.not_bool", value=shown(text)))
    return None


def parse_degrees(f: Findings, file: str, row: int, col: str, text: str) -> float | None:
    """A finite decimal number of degrees (dot as decimal separator)."""
    if not text:
        f.error(file, row, col, Message.of("err.empty_degrees"))
        return None
    if _DECIMAL.fullmatch(text) is None:
        comma = re.fullmatch(r"[+-]?\d+,\d+", text) is not None
        key = "err.not_degrees_comma" if comma else "err.not_degrees"
        f.error(file, row, col, Message.of(key, value=shown(text)))
        return None
    value = float(text)
    if not math.isfinite(value):
        f.error(file, row, col, Message.of("err.not_finite", value=shown(text)))
        return None
    return value


def parse_hhmm(f: Findings, file: str, row: int, col: str, text: str) -> time | None:
    """A local time `HH:MM` (00:00–23:59); `08.00` (Indonesian style) and `08:00:00` too."""
    m = _HHMM.fullmatch(text)
    if m is not None:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    f.error(file, row, col, Message.of("err.not_time", value=shown(text)))
    return None


def parse_days(f: Findings, file: str, row: int, col: str, text: str) -> tuple[int, ...] | None:
    """`Mon-Fri`, `Sat`, `Mon,Wed,Fri`, `Mon-Fri,Sun` → sorted weekday numbers (Monday=0).

    A range runs forwards and may wrap (`Fri-Mon` is Fri, Sat, Sun, Mon).
    """
    days: set[int] = set()
    parts = [p.strip() for p in re.split(r"[,;]", text)]
    for part in parts:
        ends = [e.strip().lower() for e in part.split("-")]
        if len(ends) not in (1, 2) or any(e not in DAY_NAMES for e in ends):
            f.error(file, row, col, Message.of("err.not_days", value=shown(text)))
            return None
        first, last = DAY_NAMES[ends[0]], DAY_NAMES[ends[-1]]
        span = (last - first) % 7
        days.update((first + k) % 7 for k in range(span + 1))
    return tuple(sorted(days))
