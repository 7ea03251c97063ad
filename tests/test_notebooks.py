"""The notebooks run top to bottom on a fresh kernel, and are kept without outputs in git."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ("01_monthly_plan.ipynb", "02_staffing_scenarios.ipynb")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name: str) -> None:
    """No outputs and no execution counts in git: diffs stay readable, no stale results."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_with_a_short_time_limit(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cell runs without error on the python3 kernel (3 s per solve, outputs in a temp
    folder), and the notebook shows its figures."""
    monkeypatch.setenv("IKD_NOTEBOOK_TIME_LIMIT", "3")
    monkeypatch.setenv("IKD_NOTEBOOK_OUT", str(tmp_path))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o for o in outputs if o.output_type in ("display_data", "execute_result")]
    kinds = {k for o in shown for k in o.get("data", {})}
    assert {"image/png", "text/html"} & kinds, "a figure, map or table is displayed"
    if name.startswith("02"):
        text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
        assert all(f"[{i}/3]" in text for i in (1, 2, 3)), "every scenario is reported"
        assert (tmp_path / "ppu-teams" / "comparison.html").is_file()
    else:
        assert (tmp_path / "plan-2027-01" / "map.html").is_file()
