"""`replan` and `progress` of a database holding one campaign use that campaign's kabupaten
and the data folder its plans were made from, so a non-PPU campaign needs no repeated --data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.campaign.factories import write

runner = CliRunner()
KAB_MINI = Path(__file__).parent.parent / "data" / "kab_mini"
SCENARIO = "seed = 0\n[[teams]]\nname = 'Tim 1'\nofficers = 3\nbase = 'V-DUKCAPIL'\n"


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of kab_mini (kabupaten 99.01, not the embedded PPU) planned for 2027-02 by the
    real command: (database file, output folder)."""
    tmp = tmp_path_factory.mktemp("sole")
    data = tmp / "kab"
    shutil.copytree(KAB_MINI, data)
    sc = write(tmp / "s.toml", SCENARIO)
    db = tmp / "c.sqlite"
    args = ["plan", "--data", str(data), "--scenario", str(sc), "--month", "2027-02"]
    more = ["--time-limit", "3", "--no-maps", "--out", str(tmp / "out"), "--db", f"sqlite:///{db}"]
    res = runner.invoke(app, [*args, *more])
    assert res.exit_code == 0, res.output
    return db, tmp / "out"


def _copy(planned: tuple[Path, Path], tmp_path: Path) -> str:
    dst = tmp_path / "c.sqlite"
    shutil.copyfile(planned[0], dst)
    return f"sqlite:///{dst}"


@pytest.mark.slow
def test_replan_of_the_only_campaign_needs_no_data_option(
    planned: tuple[Path, Path], tmp_path: Path
) -> None:
    """`replan --from …` without --data re-plans the recorded kabupaten (it used to look for
    a PPU plan and stop)."""
    db = _copy(planned, tmp_path)
    args = ["replan", "--from", "2027-02-15", "--time-limit", "3", "--no-maps"]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "r"), "--db", db])
    assert res.exit_code == 0, res.output
    assert "menggantikan rencana #1" in res.output


@pytest.mark.slow
def test_progress_of_the_only_campaign_learns_from_its_own_data_folder(
    planned: tuple[Path, Path], tmp_path: Path
) -> None:
    """After actuals, `progress` without --data learns parameters from the campaign's own
    folder instead of warning that the (PPU) default folder is another kabupaten."""
    db = _copy(planned, tmp_path)
    plan = json.loads((planned[1] / "plan.json").read_text(encoding="utf-8"))
    rows = ["date,team,venue_id,activations"] + [
        f"{td['date']},{td['team']},{s['venue_id']},{round(s['expected_activations'])}"
        for td in plan["team_days"]
        for s in td["stops"]
    ]
    f = write(tmp_path / "l.csv", "\n".join(rows) + "\n")
    assert runner.invoke(app, ["actuals", "import", str(f), "--db", db]).exit_code == 0
    res = runner.invoke(app, ["progress", "--db", db, "--out", str(tmp_path / "p"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "warning" not in res.output and "(kantor_desa): 0.03 → " in res.output


@pytest.mark.slow
def test_an_explicit_data_folder_still_wins(planned: tuple[Path, Path], tmp_path: Path) -> None:
    """`--data` of another kabupaten is used as given: the plan of 99.01 is not found there."""
    db = _copy(planned, tmp_path)
    other = KAB_MINI.parent / "kab_sintetis"  # kabupaten 98.02
    res = runner.invoke(
        app, ["replan", "--from", "2027-02-15", "--data", str(other), "--db", db, "--lang", "en"]
    )
    assert res.exit_code == 2
    assert "no plan for 2027-02 of Sintetis Utara" in " ".join(res.output.split())
