"""The comparison files people open: CSV columns, the XLSX sheets and a safe, offline HTML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.atomic import NotOursError
from planner.plan import Summary
from planner.sweep.answer import answer_lines, loose_gaps
from planner.sweep.comparison import comparison_rows, marginal_team_gains
from planner.sweep.report import write_comparison
from planner.sweep.result import CaseResult
from planner.sweep.spec import Question

# The columns documented in planner/sweep/comparison.py, for a sweep varying teams and month.
DOCUMENTED = [
    "scenario",
    "folder",
    "status",
    "teams",
    "month",
    "kabupaten",
    "plan_month",
    "n_teams",
    "officers_per_team",
    "staff_days",
    "team_days",
    "visits",
    "expected_activations",
    "p10",
    "p90",
    "activations_per_officer_day",
    "nights_away",
    "night_cost",
    "activations_per_million_rp",
    "lowest_kecamatan",
    "lowest_share",
    "equity_floor",
    "floor_cost",
    "upper_bound",
    "gap",
    "greedy_baseline",
    "ikd_rate_before",
    "ikd_rate_after",
    "target_rate",
    "month_target",
    "months_to_target",
    "national_target_rate",
    "month_national",
    "months_to_national",
    "solve_seconds",
    "error",
]


def _summary(expected: float, staff_days: int) -> Summary:
    wktp, active = 144_856, 20_126
    return Summary(
        expected_activations=expected,
        expected_p10=expected * 0.8,
        expected_p90=expected * 1.2,
        upper_bound=expected * 1.02,
        gap=0.0196,
        baseline_activations=expected * 0.9,
        wktp=wktp,
        ikd_active_before=active,
        ikd_rate_before=active / wktp,
        ikd_rate_after=(active + expected) / wktp,
        target_rate=0.2,
        months_to_target=None,
        solve_seconds=3.0,
        visits=10,
        team_days=staff_days // 3,
        staff_days=staff_days,
        travel_km=100.0,
        solver_status="FEASIBLE",
    )


def _result(name: str, teams: int, expected: float | None, **kw: str) -> CaseResult:
    varied = {"teams": str(teams), "month": "2027-01", **kw}
    common = {
        "name": name,
        "slug": name.replace("<", "").replace(">", ""),
        "case_hash": "x",
        "varied": varied,
        "data_dir": "/data",
        "month": "2027-01",
        "team_officers": (3,) * teams,
        "readiness": 0.6,
    }
    if expected is None:
        return CaseResult(**common, status="failed", error="ValueError: base <NOPE> & co")
    return CaseResult(
        **common,
        status="ok",
        summary=_summary(expected, 60 * teams),
        kabupaten_name="Penajam Paser Utara",
        national_target_rate=0.3,
    )


RESULTS = (
    _result("teams=1,month=2027-01", 1, 1000.0),
    _result("teams=2,month=2027-01", 2, 1800.0),
    _result("teams=3,month=2027-01", 3, 2400.0),
    _result("<script>alert(1)</script>", 4, None),
)


def test_csv_has_the_documented_columns_and_one_row_per_case(tmp_path: Path) -> None:
    """comparison.csv: the documented header, one row per case, failures with their error."""
    files = write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    rows = list(csv.DictReader(io.StringIO(files.csv.read_text(encoding="utf-8"))))
    with files.csv.open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == DOCUMENTED
    assert [r["scenario"] for r in rows] == [r.name for r in RESULTS]
    two = rows[1]
    assert float(two["expected_activations"]) == 1800.0
    assert float(two["activations_per_officer_day"]) == round(1800 / 120, 2)
    assert two["month_target"] and int(two["months_to_target"]) >= 1
    failed = rows[3]
    assert failed["status"] == "failed" and "NOPE" in failed["error"]
    assert failed["expected_activations"] == ""


def test_html_is_self_contained_and_escapes_text(tmp_path: Path) -> None:
    """One offline file: figures inline, no script or remote resource, names escaped."""
    files = write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    page = files.html.read_text(encoding="utf-8")
    assert page.count("data:image/svg+xml;base64,") == 3
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "base &lt;NOPE&gt; &amp; co" in page
    assert "Perkiraan aktivasi" in page, "Bahasa Indonesia by default"
    assert page.count('<a href="') == 3, "each solved plan's folder is linked"


def test_english_labels_on_request(tmp_path: Path) -> None:
    """lang="en" gives English headers in the HTML and the workbook."""
    files = write_comparison(
        comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t", lang="en"
    )
    assert "Expected activations" in files.html.read_text(encoding="utf-8")
    wb = load_workbook(files.xlsx)
    assert wb.sheetnames == ["Comparison", "Projection"]


def _header_row(ws: Worksheet) -> int:
    return next(r for r in range(1, 10) if ws.cell(r, 1).value == "Skenario")


def test_workbook_keeps_numbers_as_numbers(tmp_path: Path) -> None:
    """The XLSX has Indonesian headers, numeric cells (team counts too, not text), scenarios
    in words, and a month-by-month projection sheet."""
    files = write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    wb = load_workbook(files.xlsx)
    ws = wb["Perbandingan"]
    h = _header_row(ws)
    head = [c.value for c in ws[h]]
    col = head.index("Perkiraan aktivasi") + 1
    assert ws.cell(row=h + 2, column=col).value == 1800.0
    assert ws.cell(row=h + 2, column=head.index("Tim") + 1).value == 2
    assert ws.cell(row=h + 2, column=head.index("Petugas/tim") + 1).value == 3
    assert ws.cell(row=h + 2, column=1).value == "2 tim, Januari 2027"
    proj = wb["Proyeksi"]
    assert proj.cell(row=1, column=2).value == "1 tim, Januari 2027"
    rates = [proj.cell(row=r, column=2).value for r in range(2, 14)]
    assert all(isinstance(x, float) for x in rates) and rates == sorted(rates)


def test_marginal_gain_of_each_extra_team() -> None:
    """The 2nd team adds 800 and the 3rd 600 when the rest of the scenario is equal."""
    gains = marginal_team_gains(comparison_rows(RESULTS))
    assert [(g.previous_teams, g.teams, g.gain) for g in gains] == [(1, 2, 800.0), (2, 3, 600.0)]


def test_failed_sweep_still_writes_files(tmp_path: Path) -> None:
    """When every case failed, the files are still written and say so."""
    files = write_comparison(comparison_rows(RESULTS[3:]), ("teams",), tmp_path, name="t")
    assert "Tidak ada skenario yang berhasil" in files.html.read_text(encoding="utf-8")
    assert files.xlsx.stat().st_size > 0


def test_a_comparison_it_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    """`compare --out DIR` refuses when DIR holds a comparison.html of someone else's, and
    writes nothing; its own earlier comparison it replaces."""
    (tmp_path / "comparison.html").write_text("<p>hand-made</p>", encoding="utf-8")
    with pytest.raises(NotOursError, match=r"comparison\.html"):
        write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comparison.html"]
    (tmp_path / "comparison.html").unlink()
    write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    files = write_comparison(comparison_rows(RESULTS), ("teams",), tmp_path, name="t")
    assert "month" not in files.csv.read_text(encoding="utf-8").splitlines()[0].split(",")


def test_comparison_files_are_readable_like_every_output(tmp_path: Path) -> None:
    """comparison.csv/.xlsx/.html get mode 0644 (not the 0600 of a temporary file)."""
    files = write_comparison(comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t")
    for f in (files.csv, files.xlsx, files.html):
        assert f.stat().st_mode & 0o777 == 0o644, f


def test_the_answer_comes_first(tmp_path: Path) -> None:
    """Top of the workbook and the page: the smallest staffing that reaches 20 % by the target
    month within the office's limits, and the same for 30 % (or that none does)."""
    q = Question(by_month="2030-12", officers_per_day=6, vehicles_per_day=2)
    files = write_comparison(
        comparison_rows(RESULTS), ("teams", "month"), tmp_path, name="t", question=q
    )
    ws = load_workbook(files.xlsx)["Perbandingan"]
    first = str(ws.cell(1, 1).value)
    assert first.startswith("Staf terkecil yang mencapai 20 % paling lambat Desember 2030")
    assert "dalam batas kantor (6 petugas dan 2 kendaraan per hari)" in first
    assert "1 tim × 3 petugas" in first
    page = files.html.read_text(encoding="utf-8")
    assert page.index("Staf terkecil") < page.index("<table")


def test_no_answer_when_no_plan_fits_the_limits(tmp_path: Path) -> None:
    """With room for 2 officers a day no 3-officer team fits: the answer says so."""
    rows = comparison_rows(RESULTS)
    lines = answer_lines(rows, Question(officers_per_day=2), "id")
    assert lines[0].startswith("Tidak ada skenario dalam batas kantor") and "20 %" in lines[0]
    assert answer_lines(rows, Question(), "en")[0].startswith("The smallest staffing")


def test_plans_far_from_their_bound_are_flagged(tmp_path: Path) -> None:
    """A plan left 9 % from its bound beside plans at 2 % is marked: compare with care."""
    loose = RESULTS[1].model_copy(
        update={"summary": RESULTS[1].summary.model_copy(update={"gap": 0.09})}  # type: ignore[union-attr]
    )
    rows = comparison_rows((RESULTS[0], loose, RESULTS[2]))
    assert loose_gaps(rows) == {loose.slug}
    files = write_comparison(rows, ("teams", "month"), tmp_path, name="t")
    assert files.html.read_text(encoding="utf-8").count("bandingkan dengan hati-hati") == 1
