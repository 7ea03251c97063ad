"""Any data folder plans with no other option: the synthetic kota and kabupaten of tests/data
(written by scripts/make_synthetic_geodata.py) go through data check, plan and render as a new
user would run them, without --scenario."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data"
SCRIPT = Path(__file__).parents[1] / "scripts" / "make_synthetic_geodata.py"
FOLDERS = {
    "kota_sintetis": "Kota Sintetis (99.71)",
    "kab_sintetis": "Kabupaten Sintetis Utara (98.02)",
}


def test_synthetic_folders_are_what_the_seeded_script_writes(tmp_path: Path) -> None:
    """The committed folders are exactly what the seeded generator writes (not hand-edited)."""
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for name in FOLDERS:
        built = sorted(p.name for p in (tmp_path / name).iterdir())
        assert built == sorted(p.name for p in (DATA / name).iterdir())
        for f in built:
            assert (tmp_path / name / f).read_bytes() == (DATA / name / f).read_bytes(), f


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_data_check_titles_the_area_by_its_kind(folder: str) -> None:
    """`data check` passes and calls a kota a kota (from its code) and a kabupaten a kabupaten."""
    res = runner.invoke(app, ["data", "check", "--data", str(DATA / folder), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == f"Data check: {FOLDERS[folder]}"


@pytest.mark.slow
@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_plan_and_render_with_no_other_option(folder: str, tmp_path: Path) -> None:
    """`plan --data DIR` (no scenario) writes a plan with visits, and `render --plan` redraws
    it; the kota's Sunday Car Free Day is in the plan every Sunday, the kabupaten (no public
    event) has no fixed stop."""
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            "plan",
            "--data",
            str(DATA / folder),
            "--month",
            "2027-01",
            "--time-limit",
            "8",
            "--out",
            str(out),
            "--no-maps",
        ],
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["summary"]["visits"] > 0
    with (out / "schedule.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    fixed = [s for td in plan["team_days"] for s in td["stops"] if s["fixed"]]
    if folder == "kota_sintetis":
        assert sorted({r["date"] for r in rows if r["venue_id"] == "V-CFD"}) == [
            "2027-01-03",
            "2027-01-10",
            "2027-01-17",
            "2027-01-24",
            "2027-01-31",
        ]
    else:
        assert fixed == []
    res = runner.invoke(
        app, ["render", "--plan", str(out / "plan.json"), "--out", str(tmp_path / "r")]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / "map.html").is_file()
