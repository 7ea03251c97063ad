"""Property tests: any report either imports cleanly or is refused whole, and never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.campaign.actuals.csv_format import read_csv_report
from planner.campaign.actuals.importer import import_actuals
from planner.campaign.actuals.rows import VenueInfo
from planner.campaign.actuals.values import parse_count
from planner.campaign.actuals.whatsapp import read_whatsapp_report
from planner.campaign.ledger import Ledger
from planner.io.errors import DataValidationError, Findings
from tests.campaign.factories import VENUES, ledger_counts

VENUE_INFO = [VenueInfo(v, n, t) for v, n, t in VENUES]
cells = st.one_of(
    st.sampled_from(["2027-01-04", "04/01/2027", "2027-03-01", "x", ""]),
    st.sampled_from(["Tim 1", "tim 2", "Tim 9", ""]),
    st.sampled_from([v[0] for v in VENUES] + ["NOPE"]),
    st.integers(-5, 200).map(str),
    st.text(max_size=8),
)


@given(st.text(max_size=300))
def test_csv_reader_never_crashes(text: str) -> None:
    """Arbitrary text gives visits or findings, never an exception; counts are never negative."""
    findings = Findings()
    visits = read_csv_report("date,team,venue_id,activations\n" + text, "f.csv", findings)
    assert all(v.activations >= 0 for v in visits)


@given(st.text(max_size=300))
def test_whatsapp_reader_never_crashes(text: str) -> None:
    """Arbitrary chat text gives visits or findings, never an exception."""
    findings = Findings()
    visits = read_whatsapp_report(
        "Tim 1\n4 Januari 2027\n" + text, "f.txt", findings, ("Tim 1", "Tim 2"), VENUE_INFO
    )
    assert all(v.activations >= 0 for v in visits)


@given(st.integers(0, 10**6))
def test_counts_read_the_same_in_both_locales(n: int) -> None:
    """`1234`, `1234,0` and `1234.0` are all 1234 people."""
    assert parse_count(str(n)) == parse_count(f"{n},0") == parse_count(f"{n}.0") == n


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(cells, cells, cells, cells), min_size=1, max_size=4))
def test_an_import_lands_whole_or_writes_nothing(
    ledger: Ledger, tmp_path: Path, rows: list[tuple[str, str, str, str]]
) -> None:
    """Whatever the rows, the import either succeeds or is refused with the ledger unchanged."""
    body = "".join(",".join(c.replace(",", " ").replace("\n", " ") for c in r) + "\n" for r in rows)
    path = tmp_path / "r.csv"
    path.write_text("date,team,venue_id,activations\n" + body, encoding="utf-8")
    before = ledger_counts(ledger)
    try:
        import_actuals(ledger.engine, path)
    except DataValidationError as exc:
        assert exc.errors
        assert ledger_counts(ledger) == before
    else:
        assert ledger_counts(ledger)[1] in (before[1], before[1] + 1)


@pytest.mark.parametrize("text", ["1.234", "1 234"])
def test_indonesian_thousands_separators(text: str) -> None:
    """`1.234` (Indonesian thousands) and `1 234` are 1234."""
    assert parse_count(text) == 1234
