"""What runs on a Dask worker: one case's task, its outcome, and `solve_task`, which loads the
data folder (once per worker process), plans the month and writes or returns the plan.
Every exception becomes the case's error, so one bad case never fails the sweep."""

from __future__ import annotations

import os
import resource
import socket
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from planner.domain import KabupatenData
from planner.i18n import Lang
from planner.plan import Summary
from planner.scenario import Scenario
from planner.sweep.store import write_plan_folder


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
            error=(
                describe(exc, task.lang)
                if stage == "planning"
                else f"{stage}: {describe(exc, task.lang)}"
            ),
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


def describe(exc: BaseException, lang: Lang = "en") -> str:
    """`ValueError: message` for a case's result.json (never a traceback).

    The planner's own data errors (which can say themselves in a language, `.text(lang)`)
    are written in the sweep's language, so an office reads why a case failed; other
    exceptions keep their own text.
    """
    own = getattr(exc, "text", None)
    text = own(lang) if callable(own) else str(exc)
    text = str(text).strip() or repr(exc)
    return f"{type(exc).__name__}: {text}"


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
