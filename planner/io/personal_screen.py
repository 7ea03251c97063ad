"""Screen files for personal data, by column name and by the shape of the values.

The planner needs counts per area and the places of public venues, never a resident's
identity, so no file of a data folder (nor an upload, nor an actuals import) may hold personal
data. `screen_folder` looks at every file of a folder, subfolders included, whatever its
extension or text encoding; `screen_file` does one file and is what uploads and imports call.
Each hit is an error naming the file, the column and the row.

Two rules, both sample-bounded so that a large file costs little:

- a column *name* that names personal data (planner.io._personal: `NIK`, `no_ktp`, `TTL`,
  `whatsapp` …), for files that are tables (CSV or any delimited text, XLSX, GeoJSON/JSON);
- a *value* shaped like a NIK or KK number (16 digits) or like an Indonesian mobile number
  (08…, +62 8…), in any cell, or in free text.

Only the first `SAMPLE_ROWS` rows of each table (`SAMPLE_BYTES` of a text file) are read.
Nothing is ever written: a refused folder is left exactly as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from planner.i18n import Message
from planner.io._personal import is_personal_column
from planner.io.errors import Findings

#: Rows of a table looked at (per sheet); hits are rare and people put them everywhere.
SAMPLE_ROWS = 2000
#: Bytes of a text file looked at.
SAMPLE_BYTES = 2_000_000
#: A JSON file larger than this is screened by its first bytes as text only.
MAX_JSON_BYTES = 20_000_000

_SEP = r"[ .\-]?"
_NIK_LOOSE = re.compile(r"(?<![\d.])\d(?:[ .\-]?\d){15}(?![\d])")
_MOBILE = re.compile(
    r"(?<![\d+])(?:\+62|62|0)" + _SEP + r"8\d{1,3}(?:" + _SEP + r"\d{2,4}){2,3}(?!\d)"
)

PERSONAL = "personal data is not allowed in a data folder"


def nik_shaped(text: str) -> bool:
    """True when `text` contains 16 digits in a row (spaces, dots or dashes allowed between
    them): the shape of a NIK or a KK number. No code, count or coordinate of a data folder
    has 16 digits, so no finer test (of the birth date inside a NIK) is needed."""
    return _NIK_LOOSE.search(text) is not None


def mobile_shaped(text: str) -> bool:
    """True when `text` contains an Indonesian mobile number (08…, 628…, +62 8…)."""
    for m in _MOBILE.finditer(text):
        n = len(re.sub(r"\D", "", m.group(0)))
        if 10 <= n <= 14:
            return True
    return False


def _value_problem(value: str) -> Message | None:
    if nik_shaped(value):
        return Message.of("err.nik_shaped")
    if mobile_shaped(value):
        return Message.of("err.mobile_shaped")
    return None


def _check_columns(name: str, header: Sequence[str], f: Findings) -> None:
    for col in header:
        if col and is_personal_column(col):
            f.error(name, None, col, Message.of("err.personal_column_or_file"))


def _check_rows(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    f: Findings,
    first_row: int = 1,
) -> None:
    """Report the first shaped value per column (row numbers: 1-based data rows of a text
    table; `first_row` = 2 numbers a sheet's rows as Excel shows them)."""
    flagged: set[int] = set()
    for i, row in enumerate(rows):
        number = first_row + i
        if i >= SAMPLE_ROWS:
            return
        for j, cell in enumerate(row):
            if cell is None or j in flagged or isinstance(cell, bool | float):
                continue
            problem = _value_problem(str(cell))
            if problem:
                flagged.add(j)
                col = header[j] if j < len(header) and header[j] else f"column {j + 1}"
                f.error(name, number, col, Message.of("err.personal_value", problem=problem))


# ------------------------------------------------------------------ readers
def _decode(raw: bytes) -> str:
    """Text in UTF-8 (with or without BOM), else Windows-1252, which decodes any byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _as_table(text: str) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows when `text` is a delimited table (2+ lines with the same 2+ fields)."""
    lines = text.splitlines()
    if len(lines) < 2:
        return None
    sample = "\n".join(lines[:50])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return None
    rows = list(csv.reader(io.StringIO("\n".join(lines[: SAMPLE_ROWS + 1])), dialect))
    widths = {len(r) for r in rows[:50] if r}
    if len(widths) != 1 or widths.pop() < 2:
        return None
    return [c.strip() for c in rows[0]], rows[1:]


def _screen_text(name: str, raw: bytes, f: Findings, names: bool) -> None:
    text = _decode(raw[:SAMPLE_BYTES])
    table = _as_table(text)
    if table is not None:
        header, rows = table
        if names:
            _check_columns(name, header, f)
        _check_rows(name, header, rows, f)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        problem = _value_problem(line)
        if problem:
            f.error(
                name,
                number,
                None,
                Message.of("err.personal_line", problem=problem, line=str(number)),
            )
            return


def _json_records(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        for feat in data["features"]:
            props = feat.get("properties") if isinstance(feat, dict) else None
            if isinstance(props, dict):
                yield props
    elif isinstance(data, list):
        yield from (r for r in data if isinstance(r, dict))
    elif isinstance(data, dict):
        yield data


def _screen_json(name: str, raw: bytes, f: Findings, names: bool) -> bool:
    """Screen a JSON/GeoJSON file as records; False when it is not JSON."""
    if len(raw) > MAX_JSON_BYTES:
        return False
    try:
        data = json.loads(_decode(raw))
    except ValueError:
        return False
    header: list[str] = []
    rows: list[list[Any]] = []
    for i, rec in enumerate(_json_records(data)):
        if i >= SAMPLE_ROWS:
            break
        for key in rec:
            if key not in header:
                header.append(str(key))
        rows.append([_scalar(rec.get(k)) for k in header])
    if names:
        _check_columns(name, header, f)
    _check_rows(name, header, rows, f)
    return True


def _scalar(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict | list) else value


def _screen_xlsx(name: str, path: Path, f: Findings, names: bool) -> None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a readable workbook: screened as bytes by the caller
        _screen_text(name, path.read_bytes()[:SAMPLE_BYTES], f, names=False)
        return
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True, max_row=SAMPLE_ROWS + 1)
            first = next(rows, None)
            if first is None:
                continue
            header = ["" if c is None else str(c).strip() for c in first]
            where = f"{name} [{ws.title}]"
            if names:
                _check_columns(where, header, f)
            _check_rows(where, header, (list(r) for r in rows), f, first_row=2)
    finally:
        wb.close()


def screen_file(
    path: Path, f: Findings, *, shown_as: str | None = None, names: bool = True
) -> None:
    """Screen one file (any type) for personal data; errors go to `f` under `shown_as`.

    `names=False` skips the column-name rule (for files whose header a loader checks itself).
    """
    path = Path(path)
    name = shown_as or path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        f.error(name, None, None, Message.of("err.unscreenable", detail=str(exc)))
        return
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            _screen_xlsx(name, path, f, names)
        return  # other archives (docx, zip) are not tables; not opened
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 (Excel's "Unicode text")
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    if b"\x00" in head[:8192]:
        return  # binary (images, PDF): no table to screen
    if path.suffix.lower() in (".json", ".geojson") or head.lstrip()[:1] in (b"{", b"["):
        size = path.stat().st_size
        if size <= len(head) and _screen_json(name, head, f, names):
            return
        if len(head) < size <= MAX_JSON_BYTES and _screen_json(name, path.read_bytes(), f, names):
            return
    _screen_text(name, head, f, names)


def screen_folder(folder: Path, f: Findings, *, header_checked: Iterable[str] = ()) -> list[str]:
    """Screen every file under `folder` (subfolders too, hidden ones and symlinks skipped);
    returns the relative names screened. `header_checked`: files whose column names a loader
    already checks (only their values are screened here)."""
    folder = Path(folder)
    checked = set(header_checked)
    screened: list[str] = []
    for path in sorted(_files(folder)):
        rel = path.relative_to(folder).as_posix()
        screen_file(path, f, shown_as=rel, names=rel not in checked)
        screened.append(rel)
    return screened


def _files(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir():
            yield from _files(entry)
        elif entry.is_file():
            yield entry
