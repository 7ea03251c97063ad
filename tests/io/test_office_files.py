"""What an Indonesian office's Excel produces is read: `;` CSV, decimal commas, BENAR/SALAH,
`08.00`, and .xlsx files in place of the CSV files."""

from __future__ import annotations

import csv
import io
from datetime import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planner.io.errors import DataError, DataValidationError
from planner.io.load import load_kabupaten
from tests.io.conftest import KAB_MINI, load_errors, messages, read_rows, set_cells


def _excel_id(rows: list[dict[str, str]]) -> str:
    """The rows as Excel saves them on an Indonesian computer: `;`, decimal commas, BENAR/SALAH
    and times with a dot."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(rows[0].keys())
    for r in rows:
        out = []
        for v in r.values():
            if v in ("true", "false"):
                v = "BENAR" if v == "true" else "SALAH"
            elif ":" in v and v.replace(":", "").isdigit():
                v = v.replace(":", ".")
            elif v.replace(".", "").replace("-", "").isdigit() and v.count(".") == 1:
                v = v.replace(".", ",")
            out.append(v)
        w.writerow(out)
    return buf.getvalue()


def test_a_semicolon_csv_from_indonesian_excel_loads_the_same_venues(mini: Path) -> None:
    """venues.csv and schools.csv saved by Indonesian Excel (`;`, `-1,16`, BENAR, `08.00`)
    give exactly the venues of the original files."""
    want = load_kabupaten(KAB_MINI).venues
    for name in ("venues.csv", "schools.csv"):
        text = _excel_id(read_rows(mini / name))
        assert ";" in text and "BENAR" in text
        (mini / name).write_text(text, encoding="utf-8-sig")
    assert "08.00" in (mini / "venues.csv").read_text(encoding="utf-8-sig")
    assert load_kabupaten(mini).venues == want


def _to_xlsx(csv_path: Path) -> None:
    """Replace a CSV by the workbook an office would keep: numbers, times and booleans typed."""
    rows = read_rows(csv_path)
    wb = Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    for r in rows:
        cells: list[object] = []
        for v in r.values():
            if v in ("true", "false"):
                cells.append(v == "true")
            elif len(v) == 5 and v[2] == ":":
                cells.append(time(int(v[:2]), int(v[3:])))
            else:
                try:
                    cells.append(float(v) if "." in v else int(v))
                except ValueError:
                    cells.append(v)
        ws.append(cells)
    wb.save(csv_path.with_suffix(".xlsx"))
    csv_path.unlink()


def test_xlsx_files_are_read_in_place_of_csv(mini: Path) -> None:
    """schools.xlsx, venues.xlsx and population.xlsx load to the same data as the CSV files."""
    want = load_kabupaten(KAB_MINI)
    for name in ("venues.csv", "schools.csv", "population.csv"):
        _to_xlsx(mini / name)
    got = load_kabupaten(mini)
    assert got.venues == want.venues and got.areas == want.areas


def test_problems_in_an_xlsx_name_the_workbook_row_and_field(mini: Path) -> None:
    """A bad cell in venues.xlsx is reported with the row number Excel shows (KC-01 is the
    second data row of venues.csv, so Excel row 3 under the header), while the same cell in
    venues.csv stays data row 2 (header excluded, as geodata/README.md documents)."""
    set_cells(mini / "venues.csv", "venue_id", "KC-01", lat="utara")
    assert "venues.csv row 2, field 'lat'" in messages(load_errors(mini))
    _to_xlsx(mini / "venues.csv")
    assert "venues.xlsx row 3, field 'lat'" in messages(load_errors(mini))


def test_both_csv_and_xlsx_of_one_table_is_refused(mini: Path) -> None:
    """venues.csv beside venues.xlsx: which one counts is unclear, so both are named."""
    rows = read_rows(mini / "venues.csv")
    _to_xlsx(mini / "venues.csv")
    (mini / "venues.csv").write_text(",".join(rows[0]) + "\n", encoding="utf-8")
    text = messages(load_errors(mini))
    assert "both venues.csv and venues.xlsx" in text


def test_a_problem_repeated_on_many_rows_is_reported_once_with_its_count(mini: Path) -> None:
    """Every school's lat as `utara` gives one line `(the same problem in 3 rows: …)`, not
    three lines; the errors themselves are all kept."""
    rows = read_rows(mini / "schools.csv")
    for r in rows:
        set_cells(mini / "schools.csv", "npsn", r["npsn"], lat="utara")
    try:
        load_kabupaten(mini)
    except DataValidationError as exc:
        text = str(exc)
        errors: tuple[DataError, ...] = exc.errors
    assert len([e for e in errors if e.field == "lat"]) == len(rows)
    assert f"the same problem in {len(rows)} rows: 1, 2, 3" in text
    assert text.count("is not a decimal number of degrees") == 1


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda x: round(x, 6)))
def test_decimal_comma_and_point_read_alike(tmp_path_factory: object, lat: float) -> None:
    """In a `;` file `-1,234567` is the same number as `-1.234567` in a `,` file."""
    from planner.io._cells import parse_degrees
    from planner.io._csv import decimal_point
    from planner.io.errors import Findings

    f = Findings()
    text = f"{lat:.6f}"  # as a spreadsheet shows a coordinate: fixed decimals, no exponent
    assert parse_degrees(f, "x.csv", 1, "lat", decimal_point(text.replace(".", ","))) == float(text)
    assert not f.errors
