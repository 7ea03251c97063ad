"""The campaign commands as a user runs them: `plan` records, `actuals import`, `progress`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from planner.campaign.db import transaction
from planner.campaign.ledger import Ledger
from planner.campaign.models import PlanRecord
from planner.cli import app
from tests.campaign.factories import CSV_OK, make_plan, write
from tests.factories import tiny_kabupaten

runner = CliRunner()
KAB_MINI = Path(__file__).parent / "data" / "kab_mini"


def _scenario(tmp_path: Path) -> Path:
    f = tmp_path / "mini.toml"
    f.write_text(
        "seed = 0\n[[teams]]\nname = 'Tim 1'\nofficers = 3\nbase = 'V-DUKCAPIL'\n",
        encoding="utf-8",
    )
    return f


def _plan(tmp_path: Path, db: str, out: str) -> str:
    res = runner.invoke(
        app,
        [
            "plan",
            "--scenario",
            str(_scenario(tmp_path)),
            "--data",
            str(KAB_MINI),
            "--month",
            "2027-02",
            "--time-limit",
            "3",
            "--no-maps",
            "--out",
            str(tmp_path / out),
            "--db",
            db,
        ],
    )
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.slow
def test_plan_is_recorded_and_a_replan_supersedes_it(tmp_path: Path) -> None:
    """`plan` says where it recorded the plan; planning the month again supersedes it."""
    db = f"sqlite:///{tmp_path}/c.sqlite"
    first = _plan(tmp_path, db, "a")
    assert "dicatat di kampanye" in first and str(tmp_path / "c.sqlite") in first
    second = _plan(tmp_path, db, "b")
    assert "menggantikan rencana #1" in second
    ledger = Ledger.open(db)
    with transaction(ledger.engine) as s:
        plans = s.scalars(select(PlanRecord).order_by(PlanRecord.id)).all()
        assert [(p.month, p.superseded_by) for p in plans] == [("2027-02", 2), ("2027-02", None)]
        assert len(plans[1].visits) == plans[1].summary["visits"] > 0


def _ledger_with_plan(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path}/c.sqlite"
    Ledger.open(db).record_plan(make_plan(), tiny_kabupaten())
    return db


def test_import_reports_what_it_did_and_where(tmp_path: Path) -> None:
    """`actuals import` names the database and counts new visits and unreported ones."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "laporan.csv", CSV_OK)
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    assert res.exit_code == 0, res.output
    assert "3 baru" in res.output and "c.sqlite" in res.output
    assert "belum dilaporkan: 1" in res.output


def test_importing_the_same_file_again_says_nothing_changed(tmp_path: Path) -> None:
    """The second import of a file exits 0 and says it changed nothing."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "laporan.csv", CSV_OK)
    runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db, "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "already imported" in res.output and "nothing changed" in res.output


def test_refused_import_exits_2_and_says_nothing_was_written(tmp_path: Path) -> None:
    """A bad row: exit 2, the problem named, and the promise that nothing was written."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "r.csv", "date,team,venue_id,activations\n2027-01-04,Tim 1,NOPE,5\n")
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    assert res.exit_code == 2
    assert "nothing was written" in res.output and "row 1, field 'venue_id'" in res.output


def test_import_before_any_plan_asks_for_a_plan_first(tmp_path: Path) -> None:
    """With no campaign in the database the user is told to plan first."""
    f = write(tmp_path / "laporan.csv", CSV_OK)
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", f"sqlite:///{tmp_path}/e.db"])
    assert res.exit_code == 2 and "ikd-planner plan" in res.output


def test_progress_prints_and_writes_html_and_xlsx(tmp_path: Path) -> None:
    """`progress` prints the standing and writes both files to --out."""
    db = _ledger_with_plan(tmp_path)
    runner.invoke(app, ["actuals", "import", str(write(tmp_path / "l.csv", CSV_OK)), "--db", db])
    out = tmp_path / "prog"
    res = runner.invoke(
        app, ["progress", "--db", db, "--out", str(out), "--data", str(KAB_MINI), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "IKD campaign progress" in res.output and "Visits not reported yet: 1" in res.output
    assert (out / "progress.html").stat().st_size > 0 and (out / "progress.xlsx").exists()
