"""planner.sweep.worker: why a case failed, as the office reads it in result.json."""

from __future__ import annotations

from planner.i18n import Message
from planner.io.errors import DataError, DataValidationError
from planner.sweep.worker import describe


def test_a_data_error_is_described_in_the_sweeps_language() -> None:
    """A bad data folder fails a case with the loader's own text in the sweep's language;
    other exceptions keep their text."""
    bad = DataValidationError((DataError("venues.csv", 3, "lat", Message.of("err.empty")),))
    assert describe(bad, "id") == (
        "DataValidationError: 1 masalah ditemukan:\n- venues.csv baris 3, kolom 'lat': kosong"
    )
    assert describe(bad, "en").startswith("DataValidationError: 1 problem found:")
    assert describe(ValueError("x"), "id") == "ValueError: x"
