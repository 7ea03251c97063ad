"""ikd-planner is a real package: the wheel carries the code, the embedded PPU data and its
scenario, and a fresh virtual environment outside the repository can plan with it."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO, REPO_ROOT


def _run(cmd: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"{' '.join(cmd)}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res


def test_settings_find_the_embedded_data_as_package_data() -> None:
    """The default data folder is reached through the `planner.data` package."""
    data_pkg = importlib.import_module("planner.data")  # geodata/, mapped by pyproject
    assert data_pkg.__file__ is not None
    assert DEFAULT_DATA_DIR.parent == Path(data_pkg.__file__).parent
    assert (DEFAULT_DATA_DIR / "area.toml").is_file()


@pytest.mark.slow
def test_wheel_installs_in_a_new_venv_and_plans(tmp_path: Path) -> None:
    """Build the wheel, install it with the locked dependencies into a new virtual environment
    outside the repository, and run `ikd-planner plan --time-limit 20 --no-maps` there."""
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), "."], REPO_ROOT)
    wheels = list(dist.glob("ikd_planner-*.whl"))
    assert len(wheels) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    assert "planner/data/ppu/area.toml" in names and "planner/data/ppu/venues.csv" in names
    packages = {
        str(p.parent.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "planner").rglob("__init__.py")
    }
    assert all(f"{p}/__init__.py" in names for p in packages)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    lock = REPO_ROOT / "requirements" / "base.lock"
    _run([str(py), "-m", "pip", "install", "-q", "-r", str(lock)], tmp_path, timeout=1200)
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheels[0])], tmp_path)
    _run([str(py), "-m", "pip", "check"], tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    res = _run(
        [str(env_dir / "bin" / "ikd-planner"), "plan", "--time-limit", "20", "--no-maps"], work
    )
    assert "Perkiraan aktivasi" in res.stdout
    assert (work / "out" / "plan.json").is_file() and (work / "out" / "schedule.csv").is_file()
    where = _run([str(py), "-c", "import planner.settings as s; print(s.DEFAULT_DATA_DIR)"], work)
    assert str(env_dir) in where.stdout and str(REPO_ROOT) not in where.stdout
    assert DEFAULT_SCENARIO.name  # the default scenario is found by the installed planner too
