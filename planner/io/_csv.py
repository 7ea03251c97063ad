"""Read a CSV file of the data folder as text cells, checking its header first.

Everything is read as strings (pandas, `dtype=str`, no NA guessing) so that the typed parsers
in `_cells` can name the row and field of a bad value. Row numbers of a CSV are 1-based data
rows, header excluded (as geodata/README.md documents); entirely empty rows are skipped but
still counted, so that a row number matches the line an office worker sees in a text editor
(line = row + 1). A table kept as .xlsx is numbered as Excel shows it (the header is row 1,
the first data row 2), like the actuals importer's messages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from planner.i18n import Message
from planner.io._personal import is_personal_column
from planner.io.errors import Findings

_FIELD_COUNT = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based number and its stripped cells by (lower-case) column name."""

    number: int
    cells: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Table:
    """The rows of one CSV file whose header passed the checks."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def read_table(
    path: Path,
    required: tuple[str, ...],
    f: Findings,
    *,
    optional_file: bool = False,
    blank_means_empty: bool = False,
) -> Table | None:
    """The table at `path`, or None after reporting why it cannot be used.

    Checks: the file exists (unless `optional_file`), is UTF-8 text (a BOM is allowed), parses
    as CSV with a consistent number of fields, has a header with unique, named columns,
    contains every `required` column and no personal-data column. `blank_means_empty` treats
    a file with no text at all as a table with no rows (for `schools.csv`, which may be empty).
    """
    name = path.name
    xlsx = path.with_suffix(".xlsx")
    if xlsx.is_file():
        if path.is_file():
            f.error(
                xlsx.name,
                None,
                None,
                Message.of("err.csv_and_xlsx", csv=name, xlsx=xlsx.name),
            )
            return None
        grid = read_xlsx_grid(xlsx, f)
        if grid is None:
            return None
        if not any(any(c.strip() for c in line) for line in grid):
            if blank_means_empty:
                return Table(xlsx.name, required, ())
            f.error(xlsx.name, None, None, Message.of("err.file_empty"))
            return None
        return _table(xlsx.name, grid, required, f, first_row=XLSX_FIRST_DATA_ROW)
    if not path.is_file():
        if not optional_file:
            f.error(name, None, None, Message.of("err.file_missing", xlsx=xlsx.name))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        f.error(name, None, None, Message.of("err.unreadable", detail=str(exc.strerror or exc)))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # the data row of the bad byte (line 1 is the header), so the office finds it in Excel
        line = raw[: exc.start].count(b"\n") + 1
        f.error(
            name,
            line - 1 if line > 1 else None,
            None,
            Message.of("err.not_utf8", byte=str(exc.start)),
        )
        return None
    if "\x00" in text:
        f.error(name, None, None, Message.of("err.nul_bytes"))
        return None
    if not text.strip():
        if blank_means_empty:
            return Table(name, required, ())
        f.error(name, None, None, Message.of("err.file_empty"))
        return None
    sep = detect_separator(text)
    grid = _parse(name, text, f, sep)
    if grid is None:
        return None
    if sep == ";":
        grid = [[decimal_point(c) for c in line] for line in grid]
    return _table(name, grid, required, f)


#: The number an .xlsx table's first data row gets: its row in Excel (the header is row 1),
#: so an office working in Excel goes straight to the cell named in a message.
XLSX_FIRST_DATA_ROW = 2


def _table(
    name: str,
    grid: list[list[str]],
    required: tuple[str, ...],
    f: Findings,
    first_row: int = 1,
) -> Table | None:
    """The table of a parsed grid (header first), or None after reporting header problems.
    `first_row` numbers the first data row: 1 for a CSV (data rows, header excluded), the
    sheet's own row number for .xlsx."""
    raw_header = [c.strip() for c in grid[0]]
    header = [c.lower() for c in raw_header]
    body = grid[1:]
    if not _header_ok(name, raw_header, body, required, f):
        return None
    keep = [i for i, c in enumerate(header) if c]
    rows = []
    for number, cells in enumerate(body, start=first_row):
        values = {header[i]: cells[i].strip() for i in keep}
        if any(values.values()):
            rows.append(Row(number, values))
    return Table(name, tuple(header[i] for i in keep), tuple(rows))


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def detect_separator(text: str) -> str:
    """`;` for the CSV that Excel saves on an Indonesian (or any comma-decimal) computer: its
    header line has semicolons and no comma outside quotes; `,` otherwise."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def decimal_point(cell: str) -> str:
    """`-1,2345` → `-1.2345` (in a `;`-separated file a comma can only be a decimal comma)."""
    text = cell.strip()
    return text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else cell


def read_xlsx_grid(path: Path, f: Findings) -> list[list[str]] | None:
    """The first sheet of an Excel workbook as text cells, like a CSV file's.

    Numbers print without a trailing `.0`, times as `HH:MM`, dates as `YYYY-MM-DD`, TRUE/FALSE
    as `true`/`false`; formulas are read as their last computed value.
    """
    from openpyxl import load_workbook  # only a folder holding .xlsx files pays for it

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        f.error(path.name, None, None, Message.of("err.not_xlsx", detail=str(exc)))
        return None
    try:
        ws = wb.worksheets[0]
        grid = [[_xlsx_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    while grid and not any(c.strip() for c in grid[-1]):
        grid.pop()
    width = max((len(line) for line in grid), default=0)
    return [line + [""] * (width - len(line)) for line in grid]


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _parse(name: str, text: str, f: Findings, sep: str = ",") -> list[list[str]] | None:
    """All lines as lists of cell strings, or None after reporting a CSV syntax problem."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        m = _FIELD_COUNT.search(str(exc))
        if m is not None:
            want, line, saw = (int(g) for g in m.groups())
            f.error(
                name,
                line - 1,
                None,
                Message.of(
                    "err.field_count_semicolon" if sep == ";" else "err.field_count_comma",
                    saw=str(saw),
                    want=str(want),
                ),
            )
        else:
            f.error(name, None, None, Message.of("err.not_csv", detail=str(exc)))
        return None
    except (ValueError, UnicodeError, OverflowError) as exc:
        f.error(name, None, None, Message.of("err.not_csv", detail=str(exc)))
        return None
    return [["" if pd.isna(v) else str(v) for v in line] for line in frame.itertuples(index=False)]


def _header_ok(
    name: str,
    header: list[str],
    body: list[list[str]],
    required: tuple[str, ...],
    f: Findings,
) -> bool:
    """Check the header row (as written; names match in any case); report every problem and
    say whether the table can be used."""
    before = f.error_count()
    seen: set[str] = set()
    for i, col in enumerate(header):
        if not col:
            if any(line[i].strip() for line in body):
                f.error(name, None, None, Message.of("err.unnamed_column", n=str(i + 1)))
            continue
        if col.lower() in seen:
            f.error(name, None, col, Message.of("err.column_twice"))
        seen.add(col.lower())
        if is_personal_column(col):
            f.error(
                name,
                None,
                col,
                Message.of("err.personal_column"),
            )
    missing = [c for c in required if c not in seen]
    for col in missing:
        f.error(name, None, col, Message.of("err.column_missing"))
    if missing and len(header) == 1 and ";" in header[0]:
        f.error(name, None, None, Message.of("err.semicolons"))
    return f.error_count() == before
