"""`ikd-planner render` as a user runs it: a damaged plan.json or a moved data folder is one
sentence (exit 2), and re-rendering in place never deletes anything else in the folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.plan import Plan

runner = CliRunner()
MINI = Path(__file__).resolve().parents[1] / "data" / "kab_mini"


def _saved(
    folder: Path, plan: Plan, change: Callable[[dict[str, Any]], None] | None = None
) -> Path:
    data = json.loads(plan.model_copy(update={"data_dir": str(MINI)}).to_json())
    if change:
        change(data)
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "plan.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    return f


def _unknown_venue(p: dict[str, Any]) -> None:
    p["team_days"][0]["stops"][0]["venue_id"] = "V-NOWHERE"


def _bad_time(p: dict[str, Any]) -> None:
    p["team_days"][0]["stops"][0]["start"] = "25:99"


def _nan_lat(p: dict[str, Any]) -> None:
    p["venues"][0]["lat"] = float("nan")


def _inf_lon(p: dict[str, Any]) -> None:
    p["venues"][0]["lon"] = float("inf")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_unknown_venue, "'V-NOWHERE' is not among the plan's venues"),
        (_bad_time, "expected a time HH:MM"),
        (_nan_lat, "finite number"),
        (_inf_lon, "finite number"),
    ],
)
def test_a_damaged_plan_is_one_sentence(
    tmp_path: Path, plan: Plan, change: Callable[[dict[str, Any]], None], says: str
) -> None:
    """An unknown stop venue, a time 25:99 or NaN/inf coordinates: exit 2, no traceback,
    nothing written."""
    f = _saved(tmp_path / "p", plan, change)
    res = runner.invoke(app, ["render", "--plan", str(f), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    assert "plan.json" in res.output and says in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_a_moved_data_folder_suggests_data(tmp_path: Path, plan: Plan) -> None:
    """When the plan's data folder is gone, the message says to give it with --data."""
    f = _saved(tmp_path / "p", plan, lambda p: p.update(data_dir=str(tmp_path / "moved")))
    res = runner.invoke(app, ["render", "--plan", str(f), "--lang", "en"])
    assert res.exit_code == 2
    assert "is not there any more" in res.output and "--data" in res.output


def test_render_in_place_keeps_every_other_file(
    tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`render --plan DIR/plan.json` (no --out) leaves a report and a subfolder in DIR."""
    import planner.render.output as output

    monkeypatch.setattr(output, "route_png", lambda *a, **k: b"\x89PNG stub")
    monkeypatch.setattr(output, "day_sheet_png", lambda *a, **k: b"\x89PNG stub")
    folder = tmp_path / "kiriman"
    f = _saved(folder, plan)
    (folder / "laporan.docx").write_bytes(b"laporan")
    (folder / "arsip").mkdir()
    (folder / "arsip" / "lama.xlsx").write_bytes(b"xlsx")
    for _ in range(2):
        res = runner.invoke(app, ["render", "--plan", str(f)])
        assert res.exit_code == 0, res.output
    assert (folder / "laporan.docx").read_bytes() == b"laporan"
    assert (folder / "arsip" / "lama.xlsx").read_bytes() == b"xlsx"
    assert (folder / "map.html").exists() and Plan.from_json(f.read_text(encoding="utf-8"))
