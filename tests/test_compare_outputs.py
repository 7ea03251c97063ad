"""scripts/compare_outputs.py: two runs of the same plan compare equal; a changed plan does not."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from planner.settings import REPO_ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compare_outputs", REPO_ROOT / "scripts" / "compare_outputs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compare_outputs"] = module
    spec.loader.exec_module(module)
    return module


def _folder(root: Path, seconds: float, map_id: str, stop: str) -> Path:
    root.mkdir()
    plan = {"data_dir": str(root), "summary": {"solve_seconds": seconds, "visits": 1}}
    (root / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (root / "map.html").write_text(f'<div id="map_{map_id}"></div>', encoding="utf-8")
    (root / "schedule.csv").write_text(f"venue_id\n{stop}\n", encoding="utf-8")
    return root


def test_two_runs_of_the_same_plan_compare_equal(tmp_path: Path) -> None:
    """Solve time, data path and Folium's random ids are not differences."""
    a = _folder(tmp_path / "a", 4.8, "a" * 32, "KD-1")
    b = _folder(tmp_path / "b", 5.1, "b" * 32, "KD-1")
    assert _script().differences(a, b) == []


def test_a_changed_schedule_is_a_difference(tmp_path: Path) -> None:
    """A different stop in schedule.csv, or a missing file, is reported by name."""
    a = _folder(tmp_path / "a", 4.8, "a" * 32, "KD-1")
    b = _folder(tmp_path / "b", 4.8, "a" * 32, "KD-2")
    (a / "extra.txt").write_text("x", encoding="utf-8")
    diff = _script().differences(a, b)
    assert any("schedule.csv" in d for d in diff) and any("extra.txt" in d for d in diff)
