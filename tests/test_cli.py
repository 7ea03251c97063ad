"""The `ikd-planner` command as a user runs it: exit codes, messages, outputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from planner.cli import app
from planner.settings import DEFAULT_DATA_DIR

runner = CliRunner()
SCHEDULE_COLUMNS = (
    "date,team,stop,venue_id,venue_name,venue_type,kecamatan,desa,lat,lon,arrive,start,end,"
    "travel_min,expected_activations,base_venue,away"
)


def _scenario(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "scenario.toml"
    f.write_text(text, encoding="utf-8")
    return f


def test_bad_scenario_value_exits_2_naming_the_field(tmp_path: Path) -> None:
    """A scenario with officers = 0 stops before solving, naming the file and field."""
    sc = _scenario(tmp_path, "[[teams]]\nname = 'A'\nofficers = 0\n")
    res = runner.invoke(app, ["plan", "--scenario", str(sc), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "scenario.toml" in res.output and "teams.0.officers" in res.output
    assert not (tmp_path / "o").exists()


def test_no_working_day_is_a_message_not_a_crash(tmp_path: Path) -> None:
    """A team that only works on Sundays, all on leave, gets a clear message and exit 2."""
    days = ", ".join(f"2027-01-{d:02d}" for d in range(1, 32))
    sc = _scenario(tmp_path, f"[[teams]]\nname='A'\nweekdays=['Sun']\ndays_off=[{days}]\n")
    res = runner.invoke(
        app, ["plan", "--scenario", str(sc), "--month", "2027-01", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2, res.output
    assert "no working day in 2027-01" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "o").exists()


def test_missing_data_folder_exits_2(tmp_path: Path) -> None:
    """Pointing --data at a folder that is not a data folder is a clear error."""
    res = runner.invoke(app, ["data", "check", "--data", str(tmp_path / "nope")])
    assert res.exit_code == 2
    assert "nope" in res.output


def test_bad_lang_exits_2() -> None:
    """--lang accepts only id and en."""
    res = runner.invoke(app, ["data", "check", "--lang", "fr"])
    assert res.exit_code == 2


@pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "area.toml").exists(), reason="embedded PPU data not built"
)
def test_data_check_prints_each_kecamatan() -> None:
    """`data check` on the embedded data lists PPU's four kecamatan and marks estimates."""
    res = runner.invoke(app, ["data", "check"])
    assert res.exit_code == 0, res.output
    for kec in ("Penajam", "Waru", "Babulu", "Sepaku"):
        assert kec in res.output
    assert "*" in res.output


@pytest.mark.slow
@pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "area.toml").exists(), reason="embedded PPU data not built"
)
def test_plan_on_ppu_writes_every_output(tmp_path: Path) -> None:
    """`ikd-planner plan` on the PPU default writes the schedule, plan.json and maps."""
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "--month", "2027-01", "--time-limit", "8", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Perkiraan aktivasi" in res.output
    header = (out / "schedule.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == SCHEDULE_COLUMNS
    with (out / "schedule.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert len(rows) == sum(len(td["stops"]) for td in plan["team_days"]) > 0
    for key in (
        "expected_activations",
        "upper_bound",
        "gap",
        "baseline_activations",
        "wktp",
        "ikd_active_before",
        "ikd_rate_before",
        "ikd_rate_after",
        "solve_seconds",
    ):
        assert key in plan["summary"]
    assert plan["scenario"]["seed"] == 0 and plan["scenario"]["month"] == "2027-01"
    assert plan["summary"]["expected_activations"] <= plan["summary"]["upper_bound"] + 0.1
    assert {"venue_id", "reason"} <= set(plan["unscheduled"][0])
    assert (out / "schedule.xlsx").exists() and (out / "map.html").exists()
    # re-render without solving
    res2 = runner.invoke(app, ["render", "--plan", str(out / "plan.json"), "--lang", "en"])
    assert res2.exit_code == 0, res2.output
    assert (out / "map.html").exists()


MINI = Path(__file__).resolve().parent / "data" / "kab_mini"
# Mondays only on the small test kabupaten: a plan is solved and written in seconds.
MINI_SCENARIO = "name = 'mini'\n[[teams]]\nname = 'Tim 1'\nweekdays = ['Mon']\n"


def _mini_plan(tmp_path: Path, out: Path, *extra: str) -> object:
    sc = _scenario(tmp_path, MINI_SCENARIO)
    args = ["plan", "--scenario", str(sc), "--data", str(MINI), "--month", "2027-02"]
    return runner.invoke(app, [*args, "--time-limit", "2", "--no-maps", "--out", str(out), *extra])


def _one_sentence(output: str) -> None:
    assert "Traceback" not in output and "pydantic" not in output and "https://" not in output


def test_a_plan_keeps_everything_else_in_its_output_folder(tmp_path: Path) -> None:
    """Notebooks' out/notebooks, a report and a comparison survive a plan (run twice)."""
    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    (out / "notebooks" / "plan.json").write_text("{}", encoding="utf-8")
    (out / "laporan.docx").write_bytes(b"laporan")
    (out / "ppu-staffing").mkdir()
    (out / "ppu-staffing" / "comparison.csv").write_text("x\n", encoding="utf-8")
    for _ in range(2):
        res = _mini_plan(tmp_path, out)
        assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    assert (out / "notebooks" / "plan.json").read_text(encoding="utf-8") == "{}"
    assert (out / "laporan.docx").read_bytes() == b"laporan"
    assert (out / "ppu-staffing" / "comparison.csv").exists()
    assert (out / "schedule.csv").exists()


def test_a_foreign_file_at_our_name_is_refused_before_solving(tmp_path: Path) -> None:
    """A schedule.csv the planner did not write stops the plan at once (exit 2), kept."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "schedule.csv").write_text("mine", encoding="utf-8")
    res = _mini_plan(tmp_path, out, "--lang", "en")
    assert res.exit_code == 2  # type: ignore[attr-defined]
    assert "schedule.csv already exists and was not written by ikd-planner" in res.output  # type: ignore[attr-defined]
    assert (out / "schedule.csv").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["schedule.csv"]


def test_scenario_pointing_at_a_folder_is_one_sentence(tmp_path: Path) -> None:
    """`--scenario DIR` says it is a folder, exit 2, no traceback, in the reader's language."""
    args = ["plan", "--scenario", str(tmp_path), "--out", str(tmp_path / "o")]
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert "adalah folder, bukan berkas skenario" in res.output
    _one_sentence(res.output)
    res = runner.invoke(app, [*args, "--lang", "en"])
    assert res.exit_code == 2
    assert "is a folder, not a scenario file" in res.output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--month", "2027-13"], "--month"),
        (["--time-limit", "0"], "--time-limit"),
        (["--time-limit", "nan"], "--time-limit"),
        (["--teams", "0"], "--teams"),
    ],
)
def test_bad_option_values_name_the_option(tmp_path: Path, args: list[str], named: str) -> None:
    """A bad option value is one sentence naming the option, not a validation dump."""
    res = runner.invoke(app, ["plan", *args, "--lang", "en", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.output.startswith(f"error: {named} must be")
    assert len(res.output.strip().splitlines()) == 1
    _one_sentence(res.output)


def test_errors_are_in_bahasa_indonesia_by_default(tmp_path: Path) -> None:
    """Without --lang the error sentence is in Bahasa Indonesia."""
    res = runner.invoke(app, ["plan", "--month", "2027-13", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and res.output.startswith("galat: --month harus berupa bulan")


@pytest.mark.slow
@pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "area.toml").exists(), reason="embedded PPU data not built"
)
def test_ctrl_c_during_the_solve_stops_with_130_and_keeps_the_earlier_output(
    tmp_path: Path,
) -> None:
    """Ctrl-C while CP-SAT searches: a one-line message, exit 130 well before the time limit,
    the earlier output byte for byte, and no temporary folder."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    res = _mini_plan(tmp_path, out)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    cmd = [sys.executable, "-m", "planner.cli", "plan", "--month", "2027-01"]
    cmd += ["--time-limit", "120", "--no-maps", "--verbose", "--out", str(out)]
    proc = subprocess.Popen(  # Ctrl-C as in a terminal, even under a background parent
        cmd,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("CP-SAT"):
            t0 = time.monotonic()
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 130
    assert time.monotonic() - t0 < 30
    assert "dihentikan (Ctrl-C)" in rest and "Traceback" not in rest
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


def _commands(group: typer.Typer, prefix: list[str]) -> list[list[str]]:
    out = [prefix]
    for cmd in group.registered_commands:
        out.append([*prefix, cmd.name or (cmd.callback.__name__ if cmd.callback else "")])
    for sub in group.registered_groups:
        assert sub.typer_instance is not None and sub.name
        out += _commands(sub.typer_instance, [*prefix, sub.name])
    return out


def test_every_help_text_is_in_bahasa_indonesia_then_english() -> None:
    """`--help` of every command starts in Bahasa Indonesia and gives English after a `/`."""
    from planner.cli import app as cli_app

    for path in _commands(cli_app, []):
        res = CliRunner().invoke(cli_app, [*path, "--help"], terminal_width=200)
        assert res.exit_code == 0, (path, res.output)
        body = [line for line in res.output.splitlines() if not line.strip().startswith("Usage:")]
        text = " ".join(" ".join(body).split())
        assert " / " in text, path
        assert not any(
            w in text.split(" / ")[0].lower().split()
            for w in ("the", "and", "plan", "validate", "solve")
        ), path
