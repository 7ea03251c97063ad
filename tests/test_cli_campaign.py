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
