"""Two imports at the same time, in two processes, never corrupt the ledger."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

from planner.campaign.ledger import Ledger
from tests.campaign.factories import ledger_counts, write

HEADER = "date,team,venue_id,activations\n"


def _import_in_child(url: str, path: str, start: Any, results: Any) -> None:
    from planner.campaign.actuals.importer import import_actuals
    from planner.campaign.db import make_engine
    from planner.io.errors import DataValidationError

    engine = make_engine(url)
    start.wait(timeout=30)
    try:
        res = import_actuals(engine, Path(path))
        results.put((path, "ok", res.added, res.already_imported is not None))
    except DataValidationError as exc:
        results.put((path, "refused", 0, str(exc)))
    finally:
        engine.dispose()


def _run_together(url: str, paths: list[Path]) -> list[tuple[str, str, int, Any]]:
    ctx = mp.get_context("fork")
    start = ctx.Barrier(len(paths))
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_import_in_child, args=(url, str(p), start, results)) for p in paths
    ]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return out


def _reported(ledger: Ledger) -> dict[str, int]:
    history = ledger.history("99.01")
    assert history is not None
    return {v.venue_id: v.activations or 0 for v in history.reported}


def test_two_imports_at_once_both_land_whole(any_ledger: Ledger, tmp_path: Path) -> None:
    """Two files about different visits imported at the same moment are both recorded."""
    a = write(
        tmp_path / "a.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,30\n2027-01-04,Tim 1,SMK-2,31\n"
    )
    b = write(
        tmp_path / "b.csv", HEADER + "2027-01-04,Tim 2,SMA-1P,32\n2027-01-05,Tim 1,KD-GIRI,33\n"
    )
    results = _run_together(any_ledger.url, [a, b])
    assert sorted(r[1] for r in results) == ["ok", "ok"]
    assert ledger_counts(any_ledger) == (4, 2)
    assert _reported(any_ledger) == {"KD-GERSIK": 30, "SMK-2": 31, "SMA-1P": 32, "KD-GIRI": 33}


def test_two_conflicting_imports_at_once_one_lands_whole(
    any_ledger: Ledger, tmp_path: Path
) -> None:
    """Two files that disagree on a visit: exactly one lands, whole; the other is refused."""
    a = write(
        tmp_path / "a.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,30\n2027-01-04,Tim 1,SMK-2,10\n"
    )
    b = write(
        tmp_path / "b.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,31\n2027-01-04,Tim 2,SMA-1P,12\n"
    )
    results = _run_together(any_ledger.url, [a, b])
    assert sorted(r[1] for r in results) == ["ok", "refused"]
    assert _reported(any_ledger) in (
        {"KD-GERSIK": 30, "SMK-2": 10},
        {"KD-GERSIK": 31, "SMA-1P": 12},
    )
    assert ledger_counts(any_ledger) == (2, 1)


def test_the_same_file_imported_twice_at_once_lands_once(
    any_ledger: Ledger, tmp_path: Path
) -> None:
    """The same report sent by two people at the same time is recorded once."""
    text = HEADER + "2027-01-04,Tim 1,KD-GERSIK,30\n"
    a = write(tmp_path / "a.csv", text)
    b = write(tmp_path / "b.csv", text)
    results = _run_together(any_ledger.url, [a, b])
    assert sorted(r[3] for r in results) == [False, True]
    assert ledger_counts(any_ledger) == (1, 1)
