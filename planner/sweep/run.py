"""Solve every case of a sweep in parallel on dask.distributed, keeping each result as it lands.

Parallelism is one plan per dask thread: a LocalCluster of `workers` processes with one thread
each (so CP-SAT runs with one thread per plan, `SweepFile.solver_workers`), or any running
cluster given by its scheduler address. A task carries only the case's scenario (as a dict)
and its data folder path; the worker loads the folder itself, once per worker process
(`worker_data`), so workers need nothing from the client but that path.

Each plan's folder `out/<slug>/` is written through planner.render.write_outputs (all or
nothing), then its `result.json` by the client as the plan finishes (`as_completed`); the
result is written last, so its presence means done. Who writes the plan folder: on a
LocalCluster started here the workers do (same machine, and rendering then runs in parallel
too); on a cluster given by address the client does, from the plan sent back, so workers
need no access to the output folder (`render_on_workers` overrides this, e.g. for a shared
file system).

A rerun skips every case whose `result.json` is there with the same case hash, so an
interrupted sweep loses at most the plans still being solved. A case that fails (bad venue,
no working day, data error, a worker that died) gets a `result.json` with its error, is
reported, and does not stop the others; failed cases are tried again on a rerun.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from planner.domain import KabupatenData
from planner.i18n import Lang
from planner.interrupt import deferred_interrupt
from planner.io.atomic import clean_stale_temps
from planner.plan import Plan
from planner.sweep.client import open_client
from planner.sweep.result import RESULT_FILE, CaseResult
from planner.sweep.spec import Sweep, SweepCase
from planner.sweep.store import (
    case_folder,
    finished_result,
    save_failure,
    write_bytes_atomic,
    write_plan_folder,
    write_result,
    write_text_atomic,
)
from planner.sweep.worker import CaseTask, TaskOutcome, describe, peak_memory_mb, solve_task

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "Progress",
    "SweepRun",
    "open_client",
    "peak_memory_mb",
    "run_sweep",
    "write_bytes_atomic",
    "write_text_atomic",
]

Progress = Callable[[CaseResult, int, int], None]
"""Called with each case's result, the number of cases done so far and the total."""


class SweepRun(BaseModel):
    """Every case's result in sweep order, and how the run went."""

    model_config = ConfigDict(frozen=True)

    results: tuple[CaseResult, ...]
    solved: int
    skipped: int
    failed: int
    seconds: float


def run_sweep(
    sweep: Sweep,
    out_dir: Path,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client: Client | None = None,
    lang: Lang = "id",
    maps: bool = True,
    render_on_workers: bool | None = None,
    progress: Progress | None = None,
) -> SweepRun:
    """Solve the cases of `sweep` not finished before, writing each to `out_dir/<slug>/`.

    Uses `client` if given, else opens one (`open_client(workers, scheduler)`).
    `render_on_workers` None means: yes on a LocalCluster started here, no otherwise.
    Returns all results in sweep order, earlier runs' included. KeyboardInterrupt stops the
    run; what finished is on disk.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir).absolute()
    out_dir.mkdir(parents=True, exist_ok=True)
    total = len(sweep.cases)
    results: dict[str, CaseResult] = {}
    todo: list[SweepCase] = []
    for case in sweep.cases:
        done = finished_result(out_dir, case)
        if done is None:
            todo.append(case)
            continue
        results[case.slug] = done
        if progress:
            progress(done, len(results), total)
    solved = 0
    if todo:
        local = client is None and not scheduler
        job = _Job(
            out_dir,
            lang,
            maps,
            local if render_on_workers is None else render_on_workers,
            results,
            total,
            progress,
        )
        try:
            with deferred_interrupt() as pressed:
                if client is None:
                    with open_client(workers, scheduler) as own:
                        solved = job.solve(own, todo, pressed)
                else:
                    solved = job.solve(client, todo, pressed)
        except KeyboardInterrupt:
            for case in todo:  # temporary folders of the plans stopped mid-write
                clean_stale_temps(case_folder(out_dir, case))
            raise
    ordered = tuple(results[c.slug] for c in sweep.cases)
    return SweepRun(
        results=ordered,
        solved=solved,
        skipped=total - len(todo),
        failed=sum(1 for r in ordered if not r.ok),
        seconds=time.perf_counter() - t0,
    )


class _Job:
    """One run's settings and its growing results, shared by the submit/collect loop."""

    def __init__(
        self,
        out_dir: Path,
        lang: Lang,
        maps: bool,
        on_workers: bool,
        results: dict[str, CaseResult],
        total: int,
        progress: Progress | None,
    ) -> None:
        self.out_dir = out_dir
        self.lang: Lang = lang
        self.maps = maps
        self.on_workers = on_workers
        self.results = results
        self.total = total
        self.progress = progress
        self.local_data: dict[str, KabupatenData] = {}

    def solve(self, client: Client, todo: list[SweepCase], pressed: threading.Event) -> int:
        """Submit every case, then store each result as it finishes; returns how many were
        planned (failures are counted apart, by the caller).

        `pressed` is polled between results: Ctrl-C stops the run here, never in the middle
        of storing a result or inside the Dask client's own machinery.
        """
        from distributed import as_completed

        by_key: dict[str, SweepCase] = {}
        futures = []
        for case in todo:
            folder = case_folder(self.out_dir, case)
            task = CaseTask(
                case_hash=case.case_hash,
                scenario=case.scenario.model_dump(mode="json"),
                data_dir=case.data_dir,
                out_folder=str(folder) if self.on_workers else None,
                lang=self.lang,
                maps=self.maps,
            )
            key = f"ikd-plan-{case.slug}-{case.case_hash[:12]}"
            by_key[key] = case
            futures.append(client.submit(solve_task, task, key=key, pure=False))
        solved = 0
        try:
            finished = as_completed(futures)  # type: ignore[no-untyped-call]
            for fut in _as_completed_or_interrupted(finished, pressed):
                case = by_key[fut.key]
                if fut.status == "finished":
                    outcome: TaskOutcome = fut.result()
                else:
                    error = describe(fut.exception(), self.lang)
                    outcome = TaskOutcome(case_hash=case.case_hash, error=error)
                fut.release()
                res = self.store(case, outcome)
                solved += 1 if res.ok else 0  # a failure retried is not a plan made
                self.results[case.slug] = res
                if self.progress:
                    self.progress(res, len(self.results), self.total)
        finally:
            for fut in futures:
                if not fut.done():  # type: ignore[no-untyped-call]
                    fut.cancel()  # type: ignore[no-untyped-call]
        return solved

    def store(self, case: SweepCase, outcome: TaskOutcome) -> CaseResult:
        """Write the plan folder if the worker did not, then result.json; returns the result."""
        folder = case_folder(self.out_dir, case)
        common: dict[str, Any] = {
            "name": case.name,
            "slug": case.slug,
            "case_hash": case.case_hash,
            "varied": case.varied,
            "data_dir": case.data_dir,
            "month": case.month,
            "team_officers": tuple(t.officers for t in case.scenario.teams),
            "readiness": case.scenario.demand.readiness,
            "seconds": round(outcome.seconds, 2),
            "cpu_seconds": round(outcome.cpu_seconds, 2),
            "render_seconds": round(outcome.render_seconds, 2),
            "worker": outcome.worker,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        if outcome.summary is None:
            error = outcome.error or "unknown error"
            return save_failure(folder, CaseResult(**common, status="failed", error=error))
        if outcome.plan_json is not None:
            t0 = time.perf_counter()
            try:
                plan = Plan.from_json(outcome.plan_json)
                data = self.local_data.get(case.data_dir)
                if data is None:
                    from planner.io.load import load_kabupaten

                    data = self.local_data[case.data_dir] = load_kabupaten(Path(case.data_dir))
                write_plan_folder(plan, data, folder, self.lang, self.maps)
            except Exception as exc:  # solved but not written: report it, go on
                error = f"writing {folder}: {describe(exc, self.lang)}"
                return save_failure(folder, CaseResult(**common, status="failed", error=error))
            common["render_seconds"] = round(time.perf_counter() - t0, 2)
        result = CaseResult(
            **common,
            status="ok",
            summary=outcome.summary,
            kabupaten_name=outcome.kabupaten_name,
            national_target_rate=outcome.national_target_rate,
        )
        try:
            write_result(folder, result)
        except OSError as exc:
            error = f"writing {folder / RESULT_FILE}: {describe(exc, self.lang)}"
            return CaseResult(**common, status="failed", error=error)
        return result


def _as_completed_or_interrupted(finished: Any, pressed: threading.Event) -> Iterator[Any]:
    """The futures of `finished` (a distributed.as_completed) as they complete; raises
    KeyboardInterrupt once `pressed` is set (checked at least every 0.2 s)."""
    while True:
        if pressed.is_set():
            raise KeyboardInterrupt
        if finished.is_empty():
            return
        batch = finished.next_batch(block=False)
        if not batch:
            pressed.wait(0.2)
        yield from batch
