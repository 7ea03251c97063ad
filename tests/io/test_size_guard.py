"""planner.io.size_guard: a data folder far beyond any kabupaten is refused before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

import planner.io.size_guard as size_guard
from planner.settings import MAX_VENUES
from tests.io.conftest import load_errors


def test_too_many_venues_is_refused_with_a_size_message(mini: Path) -> None:
    """A venues.csv with more rows than MAX_VENUES is refused by its size alone: one error,
    no row-level complaint (its garbage rows are never parsed)."""
    header = (mini / "venues.csv").read_text(encoding="utf-8").splitlines()[0]
    (mini / "venues.csv").write_text(header + "\n" + "x\n" * (MAX_VENUES + 1), encoding="utf-8")
    [e] = load_errors(mini)
    assert e.row is None and f"{MAX_VENUES:,}" in e.what() and "one kabupaten" in e.what()


def test_too_many_desa_is_refused(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More desa features than MAX_DESA (here lowered to 3; the mini kabupaten has 5)."""
    monkeypatch.setattr(size_guard, "MAX_DESA", 3)
    [e] = load_errors(mini)
    assert e.file == "desa.geojson" and "5 desa/kelurahan" in e.what()


def test_a_real_sized_folder_passes(mini: Path) -> None:
    """The guard adds nothing for a normal folder."""
    from planner.io.errors import Findings

    f = Findings()
    size_guard.check_size(mini, f)
    assert f.errors == []
