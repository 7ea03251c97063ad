"""A dry run is the import itself, rolled back; a hook's rows land with the import or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.campaign.actuals.importer import ImportResult, import_actuals
from planner.campaign.db import transaction
from planner.campaign.ledger import Ledger
from planner.campaign.models import ActualVisit, ImportRecord
from planner.io.errors import DataValidationError
from tests.campaign.factories import CSV_OK, write


def _counts(ledger: Ledger) -> tuple[int, int]:
    with transaction(ledger.engine) as s:
        visits = s.scalar(select(func.count()).select_from(ActualVisit)) or 0
        imports = s.scalar(select(func.count()).select_from(ImportRecord)) or 0
    return visits, imports


def test_a_dry_run_says_what_the_import_will_do_and_writes_nothing(
    any_ledger: Ledger, tmp_path: Path
) -> None:
    """Same counts and per-visit actions as the real import; the ledger is unchanged."""
    path = write(tmp_path / "laporan.csv", CSV_OK)
    before = _counts(any_ledger)
    preview = import_actuals(any_ledger.engine, path, dry_run=True)
    assert preview.dry_run and _counts(any_ledger) == before
    real = import_actuals(any_ledger.engine, path)
    assert (preview.added, preview.replaced, preview.unchanged) == (3, 0, 0)
    assert (real.added, real.replaced, real.unchanged) == (3, 0, 0)
    assert preview.visits == real.visits
    assert {(v[2], v[3], v[5]) for v in real.visits} == {
        ("KD-GERSIK", 35, "add"),
        ("SMK-2", 44, "add"),
        ("SMA-1P", 40, "add"),
    }
    assert _counts(any_ledger) == (before[0] + 3, before[1] + 1)


def test_a_dry_run_refuses_what_the_import_refuses(ledger: Ledger, tmp_path: Path) -> None:
    """A changed count without `replace` is refused by the dry run as by the import."""
    import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK))
    changed = write(tmp_path / "b.csv", CSV_OK.replace(",35,", ",36,"))
    with pytest.raises(DataValidationError) as dry:
        import_actuals(ledger.engine, changed, dry_run=True)
    with pytest.raises(DataValidationError) as real:
        import_actuals(ledger.engine, changed)
    assert [str(e) for e in dry.value.errors] == [str(e) for e in real.value.errors]


def test_what_on_write_adds_lands_with_the_import_or_not_at_all(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The hook runs in the import's transaction: if it fails, the import is rolled back."""
    seen: list[ImportResult] = []

    def failing(s: Session, result: ImportResult) -> None:
        seen.append(result)
        raise RuntimeError("the audit log is unavailable")

    before = _counts(ledger)
    with pytest.raises(RuntimeError):
        import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK), on_write=failing)
    assert len(seen) == 1 and seen[0].added == 3
    assert _counts(ledger) == before
