"""Sweep files as a planner writes them: combinations, names, settings and clear errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from planner.io.sweep_file import SweepError, load_sweep
from planner.sweep.spec import slugify, weekdays_label

MINI = Path(__file__).resolve().parents[1] / "data" / "kab_mini"
BASE = """
name = "mini"
[[teams]]
name = "Tim 1"
officers = 3
[staff]
officers_per_day = 8
vehicles_per_day = 2
"""


def _sweep(tmp_path: Path, text: str, base: str = BASE) -> Path:
    (tmp_path / "base.toml").write_text(base, encoding="utf-8")
    f = tmp_path / "sweep.toml"
    f.write_text(f'base = "base.toml"\n{text}', encoding="utf-8")
    return f


def test_every_combination_is_a_readably_named_case(tmp_path: Path) -> None:
    """teams × officers × months gives 3 × 2 × 2 cases named like teams=3,officers=2,month=…"""
    f = _sweep(
        tmp_path,
        '[vary]\nteams = [1, 2, 3]\nofficers = [2, 3]\nmonths = ["2027-01", "2027-02"]\n',
    )
    sweep = load_sweep(f)
    assert len(sweep.cases) == 12
    assert sweep.axes == ("teams", "officers", "month")
    names = {c.name for c in sweep.cases}
    assert "teams=3,officers=2,month=2027-01" in names
    case = next(c for c in sweep.cases if c.name == "teams=3,officers=2,month=2027-01")
    assert [t.officers for t in case.scenario.teams] == [2, 2, 2]
    assert case.month == "2027-01"
    assert len({c.slug for c in sweep.cases}) == 12
    assert len({c.case_hash for c in sweep.cases}) == 12


def test_one_value_axes_are_settings_not_names(tmp_path: Path) -> None:
    """An axis with one value applies to every case and stays out of the names; "unlimited"
    lifts the base's daily vehicle and officer limits."""
    f = _sweep(
        tmp_path,
        'time_limit_s = 7\n[vary]\nteams = [2, 4]\nvehicles = ["unlimited"]\n'
        'officers_per_day = [20]\nweekdays = [["Mon-Fri", "Sat"]]\nhours = ["07:30-15:30"]\n'
        'months = ["2027-03"]\n',
    )
    sweep = load_sweep(f)
    assert [c.name for c in sweep.cases] == ["teams=2", "teams=4"]
    sc = sweep.cases[1].scenario
    assert sc.staff.vehicles_per_day is None and sc.staff.officers_per_day == 20
    assert all(t.weekdays == (0, 1, 2, 3, 4, 5) for t in sc.teams)
    assert all(t.start.strftime("%H:%M") == "07:30" for t in sc.teams)
    assert sc.solver.time_limit_s == 7
    assert sc.solver.workers == 1, "one CP-SAT thread per plan: dask gives the parallelism"


def test_explicit_scenarios_run_for_each_month_but_not_each_team_count(tmp_path: Path) -> None:
    """A [[scenarios]] entry is crossed with months, not with the staffing axes."""
    other = tmp_path / "other.toml"
    other.write_text('name = "other"\n[[teams]]\nname = "A"\nofficers = 5\n', encoding="utf-8")
    f = _sweep(
        tmp_path,
        '[vary]\nteams = [1, 2]\nmonths = ["2027-01", "2027-02"]\n'
        '[[scenarios]]\nname = "Sabtu juga"\nweekdays = "Mon-Sat"\n'
        '[[scenarios]]\nname = "lima petugas"\nscenario = "other.toml"\nmonth = "2027-05"\n',
    )
    sweep = load_sweep(f)
    names = [c.name for c in sweep.cases]
    assert len(names) == 4 + 2 + 1
    assert "Sabtu juga,month=2027-02" in names
    five = next(c for c in sweep.cases if c.name == "lima petugas")
    assert five.month == "2027-05" and five.scenario.teams[0].officers == 5


def test_data_folders_are_an_axis_named_by_folder(tmp_path: Path) -> None:
    """Several data folders vary like any axis; the case names use the folder's name."""
    other = tmp_path / "kab_lain"
    shutil.copytree(MINI, other)
    f = _sweep(tmp_path, f'[vary]\nteams = [1]\ndata = ["{MINI}", "kab_lain"]\n')
    sweep = load_sweep(f)
    assert [c.name for c in sweep.cases] == ["data=kab_mini", "data=kab_lain"]
    assert sweep.cases[1].data_dir == str(other)
    f = _sweep(tmp_path, f'[vary]\ndata = ["{MINI}", "{MINI.parent}/./kab_mini/"]\n')
    with pytest.raises(SweepError, match=r"'vary\.data'.*listed twice"):
        load_sweep(f)
    f = _sweep(tmp_path, f'[vary]\ndata = ["{MINI}"]\n')
    (case,) = load_sweep(f).cases
    assert case.name == "mini", "no axis varies: the base scenario's name"


def test_a_case_without_month_gets_next_month(tmp_path: Path) -> None:
    """Without months the case plans the month after today, fixed when the file is read."""
    f = _sweep(tmp_path, "[vary]\nteams = [1, 2]\n")
    sweep = load_sweep(f, today=date(2026, 11, 15))
    assert {c.month for c in sweep.cases} == {"2026-12"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[vary]\nteams = [0, 2]\n", "vary.teams.0"),
        ('[vary]\nmonths = ["2027-13"]\n', "vary.months.0"),
        ('[vary]\nhours = ["16:00-08:00"]\n', "vary.hours.0"),
        ('[vary]\nweekdays = ["Mon-Funday"]\n', "vary.weekdays.0"),
        ("[vary]\nteams = []\n", "vary.teams"),
        ("[vary]\ncolour = [1]\n", "vary.colour"),
        ("time_limit_s = -1\n", "time_limit_s"),
        ("[[scenarios]]\nteams = 2\n", "scenarios.0.name"),
    ],
)
def test_bad_values_name_the_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    """A bad value stops before anything is solved, naming the sweep file and the field."""
    with pytest.raises(SweepError) as err:
        load_sweep(_sweep(tmp_path, text))
    assert "sweep.toml" in str(err.value) and f"'{field}'" in str(err.value)


def test_missing_files_are_named(tmp_path: Path) -> None:
    """A missing base scenario or data folder names the field that points to it."""
    f = tmp_path / "s.toml"
    f.write_text('base = "nope.toml"\n', encoding="utf-8")
    with pytest.raises(SweepError, match=r"field 'base'.*nope\.toml"):
        load_sweep(f)
    with pytest.raises(SweepError, match=r"field 'vary\.data\.0'.*no-such-folder"):
        load_sweep(_sweep(tmp_path, '[vary]\ndata = ["no-such-folder"]\n'))
    with pytest.raises(SweepError, match="not found"):
        load_sweep(tmp_path / "absent.toml")


def test_two_cases_with_one_folder_are_refused(tmp_path: Path) -> None:
    """Names that would share an output folder are an error, not a silent overwrite."""
    text = '[[scenarios]]\nname = "a b"\nteams = 1\n[[scenarios]]\nname = "a/b"\nteams = 2\n'
    with pytest.raises(SweepError, match="same folder name"):
        load_sweep(_sweep(tmp_path, text))


def test_case_hash_follows_the_scenario(tmp_path: Path) -> None:
    """The same file gives the same case hashes; a changed time limit changes them."""
    f = _sweep(tmp_path, '[vary]\nteams = [1, 2]\nmonths = ["2027-01"]\n')
    a = load_sweep(f)
    assert [c.case_hash for c in a.cases] == [c.case_hash for c in load_sweep(f).cases]
    b = a.override(time_limit_s=3)
    assert all(x.case_hash != y.case_hash for x, y in zip(a.cases, b.cases, strict=True))


def test_labels_and_slugs_are_readable() -> None:
    """Weekday sets print as ranges; folder names keep the readable name where they can."""
    assert weekdays_label((0, 1, 2, 3, 4)) == "Mon-Fri"
    assert weekdays_label((0, 2, 4, 5)) == "Mon,Wed,Fri,Sat"
    assert slugify("teams=3,officers=2,month=2027-01") == "teams=3,officers=2,month=2027-01"
    assert slugify("../../etc tim/2") == "etc-tim-2"


def test_the_example_sweep_file_loads() -> None:
    """scenarios/sweeps/ppu-staffing.toml is valid and varies teams, officers and months."""
    root = Path(__file__).resolve().parents[2]
    sweep = load_sweep(root / "scenarios" / "sweeps" / "ppu-staffing.toml")
    assert {"teams", "officers", "month"} <= set(sweep.axes)
    assert all(Path(c.data_dir).is_dir() for c in sweep.cases)


def test_a_huge_grid_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """20 × 20 × 12 combinations is a typo, not a plan: refused at once, with the count."""
    months = ", ".join(f'"2027-{m:02d}"' for m in range(1, 13))
    text = f"[vary]\nteams = {list(range(1, 21))}\nofficers = {list(range(1, 21))}\n"
    with pytest.raises(SweepError, match="4800 combinations"):
        load_sweep(_sweep(tmp_path, text + f"months = [{months}]\n"))


def test_editing_the_data_changes_the_case_hash(tmp_path: Path) -> None:
    """A rerun after the office edits a data file solves again: the data is in the hash."""
    data = tmp_path / "kab"
    shutil.copytree(MINI, data)
    f = _sweep(tmp_path, '[vary]\nteams = [1]\nmonths = ["2027-01"]\ndata = ["kab"]\n')
    before = load_sweep(f).cases[0].case_hash
    assert load_sweep(f).cases[0].case_hash == before
    with (data / "population.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert load_sweep(f).cases[0].case_hash != before
