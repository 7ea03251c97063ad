"""`ikd-planner replan` as a user runs it, on the ledger `plan` recorded into."""

from __future__ import annotations

import json
import zipfile
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
    """After `plan`, `replan --from … --unavailable …` keeps the past, writes perubahan.txt, the
    whole month's packages (unchanged days too: a team leader still needs them) plus per team a
    zip of the changed days only, named in perubahan.txt, and supersedes the plan."""
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
    every_day = {f"{td['team'].lower().replace(' ', '-')}/{td['date']}" for td in new["team_days"]}
    assert packages == every_day
    listed = {
        (line.split()[0], " ".join(line.split()[1:3]).rstrip(":"))
        for line in changes.splitlines()
        if line.startswith("  ")
    }
    assert listed
    resend = sorted(teams.glob("*-perubahan-2027-02-15.zip"))
    assert resend and all(f"teams/{z.name}" in changes for z in resend)
    for z in resend:
        with zipfile.ZipFile(z) as bundle:
            days = {n.split("/")[1] for n in bundle.namelist()}
        team = "Tim " + z.name.split("-")[1]
        working = {td["date"] for td in new["team_days"] if td["team"] == team and td["stops"]}
        # a changed day left with no visit has no package: perubahan.txt tells the team
        assert days == {d for d, t in listed if t == team} & working


@pytest.mark.slow
def test_replan_in_a_later_month_of_the_campaign(tmp_path: Path) -> None:
    """January planned, February planned on top of it (visit limits carried over from
    January), then February re-planned mid-month: it works (it crashed on the carried-over
    limit windows of dates before --from)."""
    scenario = tmp_path / "s.toml"
    scenario.write_text("seed = 0\n" + TEAMS, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/c.sqlite"
    common = ["--data", str(KAB_MINI), "--time-limit", "3", "--no-maps", "--db", db]
    for month in ("2027-01", "2027-02"):
        out = str(tmp_path / month)
        _run("plan", "--scenario", str(scenario), "--month", month, "--out", out, *common)
    text = _run("replan", "--from", "2027-02-15", "--out", str(tmp_path / "r"), *common)
    assert "menggantikan rencana #2" in text
    new = json.loads((tmp_path / "r" / "plan.json").read_text(encoding="utf-8"))
    assert any(td["date"] >= "2027-02-15" and td["stops"] for td in new["team_days"])


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
