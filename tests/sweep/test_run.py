"""Sweeps on a real dask.distributed cluster: parallel plans, failures, interruption, reruns."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from planner.io.sweep_file import load_sweep
from planner.sweep.comparison import comparison_rows
from planner.sweep.report import write_comparison
from planner.sweep.result import CaseResult
from planner.sweep.run import open_client, run_sweep
from tests.sweep.conftest import write_sweep


def test_sweep_runs_on_a_cluster_and_a_failing_case_does_not_stop_it(
    tmp_path: Path, scheduler_address: str
) -> None:
    """Through a scheduler address: 4 plans solved, the bad base reported with its error,
    each plan in its own folder with result.json, progress reported as plans finish."""
    sweep = load_sweep(write_sweep(tmp_path))
    seen: list[tuple[str, int, int]] = []
    run = run_sweep(
        sweep,
        tmp_path / "out",
        scheduler=scheduler_address,
        maps=False,
        progress=lambda r, done, total: seen.append((r.name, done, total)),
    )
    assert [d for _, d, _ in seen] == [1, 2, 3, 4, 5] and {t for *_, t in seen} == {5}
    assert run.solved == 4 and run.failed == 1 and run.skipped == 0
    bad = next(r for r in run.results if r.name == "pangkalan salah")
    assert bad.status == "failed" and bad.error and "V-TIDAK-ADA" in bad.error
    good = [r for r in run.results if r.ok]
    assert len(good) == 4
    for r in good:
        folder = tmp_path / "out" / r.slug
        assert (folder / "plan.json").is_file()
        saved = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        assert saved["case_hash"] == r.case_hash and saved["status"] == "ok"
        assert r.summary is not None and r.summary.expected_activations > 0
    assert len({r.worker for r in run.results}) >= 1

    files = write_comparison(comparison_rows(run.results), sweep.axes, tmp_path / "out", name="u")
    with files.csv.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [row["scenario"] for row in table] == [c.name for c in sweep.cases]
    assert {row["teams"] for row in table} == {"1", "2", ""}
    assert all(row["expected_activations"] for row in table if row["status"] == "ok")


@pytest.mark.slow
def test_interrupted_sweep_keeps_finished_plans_and_rerun_skips_them(
    tmp_path: Path, scheduler_address: str
) -> None:
    """Ctrl-C after the first plan: that plan is on disk; the rerun skips it, solves the
    rest, and a third run only retries the failed case; a new time limit solves all again."""
    sweep = load_sweep(write_sweep(tmp_path))
    out = tmp_path / "out"

    def stop(_r: CaseResult, _done: int, _total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, out, scheduler=scheduler_address, maps=False, progress=stop)
    kept = {p.parent.name for p in out.glob("*/result.json")}
    assert len(kept) == 1
    ok_kept = {
        p.parent.name for p in out.glob("*/result.json") if '"status": "ok"' in p.read_text()
    }

    second = run_sweep(sweep, out, scheduler=scheduler_address, maps=False)
    skipped = {r.slug for r in second.results if r.from_earlier_run}
    assert skipped == ok_kept
    assert second.solved == 4 - len(ok_kept) and second.failed == 1

    third = run_sweep(sweep, out, scheduler=scheduler_address, maps=False)
    assert (third.skipped, third.solved, third.failed) == (4, 0, 1), (
        "only the failed case is tried again, and failing again plans nothing"
    )

    changed = sweep.override(time_limit_s=3)
    fourth = run_sweep(changed, out, scheduler=scheduler_address, maps=False)
    assert fourth.skipped == 0 and fourth.solved == 4


@pytest.mark.slow
def test_a_folder_not_written_by_the_planner_is_never_deleted(
    tmp_path: Path, scheduler_address: str
) -> None:
    """If --out already holds a foreign folder with a case's name, the plan is written beside
    its files, which stay; a foreign file at one of the plan's names fails that case with a
    message and is kept; the other cases are written."""
    sweep = load_sweep(write_sweep(tmp_path))
    foreign = tmp_path / "out" / "teams=1,officers=2"
    foreign.mkdir(parents=True)
    (foreign / "catatan.txt").write_text("jangan dihapus", encoding="utf-8")
    clash = tmp_path / "out" / "teams=2,officers=2"
    clash.mkdir(parents=True)
    (clash / "schedule.csv").write_text("milik saya", encoding="utf-8")
    run = run_sweep(sweep, tmp_path / "out", scheduler=scheduler_address, maps=False)
    by_slug = {r.slug: r for r in run.results}
    assert by_slug["teams=1,officers=2"].ok
    assert (foreign / "catatan.txt").read_text(encoding="utf-8") == "jangan dihapus"
    case = by_slug["teams=2,officers=2"]
    assert (
        case.status == "failed" and case.error and "tidak ditulis oleh ikd-planner" in case.error
    )  # the sweep speaks Bahasa by default
    assert (clash / "schedule.csv").read_text(encoding="utf-8") == "milik saya"
    assert sum(r.ok for r in run.results) == 3


@pytest.mark.slow
def test_workers_can_write_the_plan_folders_themselves(
    tmp_path: Path, scheduler_address: str
) -> None:
    """With a shared file system (as on a LocalCluster) the workers write each plan folder,
    in parallel; the client only adds result.json."""
    sweep = load_sweep(write_sweep(tmp_path))
    with open_client(scheduler=scheduler_address) as client:
        run = run_sweep(sweep, tmp_path / "out", client=client, maps=False, render_on_workers=True)
    assert run.failed == 1
    for r in run.results:
        folder = tmp_path / "out" / r.slug
        assert (folder / "result.json").is_file()
        assert (folder / "schedule.csv").is_file() == r.ok
        assert not r.worker.endswith(f":{os.getpid()}"), "solved in a worker process"
