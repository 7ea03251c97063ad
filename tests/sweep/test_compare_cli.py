"""`ikd-planner compare` as a planner runs it: progress, exit codes and the comparison files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.sweep.conftest import write_sweep

runner = CliRunner()


@pytest.mark.slow
def test_compare_reports_each_plan_and_writes_the_comparison(
    tmp_path: Path, scheduler_address: str
) -> None:
    """Every scenario is reported as it finishes (Bahasa Indonesia by default); the failing one
    is named with its error and gives exit 1; comparison.csv/.xlsx/.html are written; a rerun
    (in English) skips finished plans and, the failing one failing again, plans nothing."""
    f = write_sweep(tmp_path)
    out = tmp_path / "hasil"
    args = ["compare", str(f), "--scheduler", scheduler_address, "--out", str(out), "--no-maps"]
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    assert "[5/5]" in res.output
    assert "pangkalan salah: gagal" in res.output and "V-TIDAK-ADA" in res.output
    assert "4 direncanakan, 0 dilewati, 1 gagal" in res.output
    assert "Staf terkecil yang mencapai 20 %" in res.output, "the answer ends the run"
    for name in ("comparison.csv", "comparison.xlsx", "comparison.html"):
        assert (out / name).is_file()
    assert (out / "teams=2,officers=3" / "result.json").is_file()

    again = runner.invoke(app, [*args, "--lang", "en"])
    assert "done earlier, skipped" in again.output
    assert "0 solved, 4 skipped, 1 failed" in again.output, "a failure retried plans nothing"
    assert "Expected activations" in (out / "comparison.html").read_text(encoding="utf-8")


def test_bad_sweep_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    """officers = 0 in [vary] stops before any cluster starts, naming file and field."""
    f = tmp_path / "s.toml"
    f.write_text("[vary]\nofficers = [0, 2]\n", encoding="utf-8")
    res = runner.invoke(app, ["compare", str(f), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "s.toml" in res.output and "vary.officers.0" in res.output
    assert not (tmp_path / "o").exists()
