"""`ikd-planner replan` as a user runs it, on the ledger `plan` recorded into."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()
KAB_MINI = Path(__file__).parent / "data" / "kab_mini"
TEAMS = "".join(f"[[teams]]\nname = 'Tim {i}'\nofficers = 3\nbase = 'V-DUKCAPIL'\n" for i in (1, 2))


def _run(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.slow
def test_replan_writes_changes_and_packages_for_changed_days_only(tmp_path: Path) -> None:
    """After `plan`, `replan --from … --unavailable …` keeps the past, writes perubahan.txt and
    field packages only for the team-days that changed, and supersedes the plan in the ledger."""
    scenario = tmp_path / "s.toml"
    scenario.write_text("seed = 0\n" + TEAMS, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/c.sqlite"
    common = ["--data", str(KAB_MINI), "--time-limit", "3", "--no-maps", "--db", db]
    _run(
        "plan",
        "--scenario",
        str(scenario),
        "--month",
        "2027-02",
        "--out",
        str(tmp_path / "a"),
        *common,
    )
    text = _run(
        "replan",
        "--from",
        "2027-02-15",
        "--unavailable",
        "Tim 2:2027-02-15..2027-02-19",
        "--out",
        str(tmp_path / "b"),
        *common,
    )
    assert "menggantikan rencana #1" in text
    changes = (tmp_path / "b" / "perubahan.txt").read_text(encoding="utf-8")
    assert changes.startswith("Rencana ulang mulai 2027-02-15")
    old = json.loads((tmp_path / "a" / "plan.json").read_text(encoding="utf-8"))
    new = json.loads((tmp_path / "b" / "plan.json").read_text(encoding="utf-8"))
    past = [td for td in old["team_days"] if td["date"] < "2027-02-15"]
    assert [td for td in new["team_days"] if td["date"] < "2027-02-15"] == past
    assert not [
        td
        for td in new["team_days"]
        if td["team"] == "Tim 2" and "2027-02-15" <= td["date"] <= "2027-02-19"
    ]
    teams = tmp_path / "b" / "teams"
    packages = {p.relative_to(teams).as_posix() for p in teams.glob("*/*") if p.is_dir()}
    listed = {line.split()[0] for line in changes.splitlines()[2:]}
    assert packages and {p.split("/")[1] for p in packages} <= listed
    assert not any(p.split("/")[1] < "2027-02-15" for p in packages)


def test_replan_without_a_recorded_plan_says_what_to_run(tmp_path: Path) -> None:
    """No plan for the month in the ledger: exit 2 and the `plan` command to run first."""
    from planner.campaign.ledger import Ledger

    Ledger.open(f"sqlite:///{tmp_path}/e.sqlite").close()  # an existing, empty ledger
    res = runner.invoke(
        app,
        [
            "replan",
            "--from",
            "2027-03-10",
            "--data",
            str(KAB_MINI),
            "--db",
            f"sqlite:///{tmp_path}/e.sqlite",
        ],
    )
    assert res.exit_code == 2
    assert "ikd-planner plan --month 2027-03" in res.output
