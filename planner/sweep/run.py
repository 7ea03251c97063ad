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

import logging
import os
import resource
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from planner.domain import KabupatenData
from planner.i18n import Lang
from planner.io.sweep_file import read_case_result
from planner.plan import Plan, Summary
from planner.scenario import Scenario
from planner.sweep.result import RESULT_FILE, CaseResult
from planner.sweep.spec import Sweep, SweepCase

if TYPE_CHECKING:
    from distributed import Client

Progress = Callable[[CaseResult, int, int], None]
"""Called with each case's result, the number of cases done so far and the total."""


class CaseTask(BaseModel):
    """What a worker receives: the scenario as plain data and the data folder path.

    `out_folder` is set when the worker writes the plan folder itself.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_hash: str
    scenario: dict[str, Any]
    data_dir: str
    out_folder: str | None = None
    lang: Lang = "id"
    maps: bool = True


class TaskOutcome(BaseModel):
    """What a worker sends back: the summary (and the plan unless it wrote it), or the error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_hash: str
    summary: Summary | None = None
    plan_json: str | None = None
    error: str | None = None
    kabupaten_name: str | None = None
    national_target_rate: float | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    render_seconds: float = 0.0
    worker: str = ""


_DATA: dict[str, KabupatenData] = {}


def worker_data(data_dir: str) -> KabupatenData:
    """The data folder `data_dir`, loaded once per process (workers keep it between tasks)."""
    if data_dir not in _DATA:
        from planner.io.load import load_kabupaten

        _DATA[data_dir] = load_kabupaten(Path(data_dir))
    return _DATA[data_dir]


def solve_task(task: CaseTask) -> TaskOutcome:
    """Run on a worker: load the data (cached), plan the month, write or return the plan.

    Every exception becomes an error message, so one bad case never fails the sweep.
    `seconds` is load + solve wall time; `cpu_seconds` the worker's CPU time for the task.
    """
    from planner.pipeline import plan_month

    t0, c0 = time.perf_counter(), time.process_time()
    where = f"{socket.gethostname()}:{os.getpid()}"
    stage = "planning"
    try:
        data = worker_data(task.data_dir)
        plan = plan_month(data, Scenario.model_validate(task.scenario))
        solved = time.perf_counter()
        if task.out_folder is not None:
            stage = f"writing {task.out_folder}"
            write_plan_folder(plan, data, Path(task.out_folder), task.lang, task.maps)
    except Exception as exc:  # a failing case is reported, the others go on
        return TaskOutcome(
            case_hash=task.case_hash,
            error=_describe(exc) if stage == "planning" else f"{stage}: {_describe(exc)}",
            seconds=time.perf_counter() - t0,
            cpu_seconds=time.process_time() - c0,
            worker=where,
        )
    return TaskOutcome(
        case_hash=task.case_hash,
        summary=plan.summary,
        plan_json=None if task.out_folder is not None else plan.to_json(),
        kabupaten_name=data.meta.name,
        national_target_rate=data.meta.national_target_rate,
        seconds=solved - t0,
        cpu_seconds=time.process_time() - c0,
        render_seconds=time.perf_counter() - solved,
        worker=where,
    )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {text}"


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@contextmanager
def open_client(workers: int = 2, scheduler: str | None = None) -> Iterator[Client]:
    """A dask client: on the cluster at `scheduler` (e.g. `tcp://host:8786`), else on a new
    LocalCluster of `workers` processes with one thread each, closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:  # type: ignore[no-untyped-call]
            yield client
        return
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


class SweepRun(BaseModel):
    """Every case's result in sweep order, and how the run went."""

    model_config = ConfigDict(frozen=True)

    results: tuple[CaseResult, ...]
    solved: int
    skipped: int
    failed: int
    seconds: float


def case_folder(out_dir: Path, case: SweepCase) -> Path:
    """The folder of one case's plan and result.json."""
    return Path(out_dir) / case.slug


def finished_result(out_dir: Path, case: SweepCase) -> CaseResult | None:
    """The saved result of `case` if an earlier run finished it with the same case hash."""
    res = read_case_result(case_folder(out_dir, case) / RESULT_FILE)
    if res is not None and res.ok and res.case_hash == case.case_hash:
        return res
    return None


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
        if client is None:
            with open_client(workers, scheduler) as own:
                solved = job.solve(own, todo)
        else:
            solved = job.solve(client, todo)
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

    def solve(self, client: Client, todo: list[SweepCase]) -> int:
        """Submit every case, then store each result as it finishes; returns how many were
        planned (failures are counted apart, by the caller)."""
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
            for fut in as_completed(futures):  # type: ignore[no-untyped-call]
                case = by_key[fut.key]
                if fut.status == "finished":
                    outcome: TaskOutcome = fut.result()
                else:
                    error = _describe(fut.exception())
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
            return _save_failure(folder, CaseResult(**common, status="failed", error=error))
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
                error = f"writing {folder}: {_describe(exc)}"
                return _save_failure(folder, CaseResult(**common, status="failed", error=error))
            common["render_seconds"] = round(time.perf_counter() - t0, 2)
        result = CaseResult(
            **common,
            status="ok",
            summary=outcome.summary,
            kabupaten_name=outcome.kabupaten_name,
            national_target_rate=outcome.national_target_rate,
        )
        write_text_atomic(folder / RESULT_FILE, result.to_json())
        return result


def write_plan_folder(
    plan: Plan, data: KabupatenData, folder: Path, lang: Lang, maps: bool
) -> None:
    """The plan's full folder, all or nothing (write_outputs); an earlier plan is replaced,
    and so is the result.json an earlier failure left there alone."""
    from planner.render import write_outputs
    from planner.render.output import is_planner_output

    stale = folder / RESULT_FILE
    if stale.is_file() and read_case_result(stale) is not None and not is_planner_output(folder):
        stale.unlink()
    write_outputs(plan, data, folder, lang=lang, maps=maps)


def _save_failure(folder: Path, result: CaseResult) -> CaseResult:
    """Save a failed case's result.json in its (fresh) folder, unless the folder is not ours."""
    try:
        _clear(folder)
    except FileExistsError as exc:
        return result.model_copy(update={"error": f"{result.error}; {exc}"})
    folder.mkdir(parents=True)
    write_text_atomic(folder / RESULT_FILE, result.to_json())
    return result


def _clear(folder: Path) -> None:
    """Remove an earlier run's folder of this case before saving a failure in it.

    Only a folder the planner wrote (a readable result.json or plan.json) is removed; any
    other existing path is left alone and the case fails with a message, so a careless
    `--out` never deletes someone's files.
    """
    from planner.render.output import is_planner_output

    if not folder.exists():
        return
    ours = folder.is_dir() and (
        read_case_result(folder / RESULT_FILE) is not None or is_planner_output(folder)
    )
    if not ours:
        raise FileExistsError(
            f"{folder} exists and was not written by ikd-planner; move it or choose another --out"
        )
    shutil.rmtree(folder)


#: Mode of every file written here (as `write_outputs` leaves its files).
FILE_MODE = 0o644


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; outputs are readable like the others
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
