"""Staffing sweeps started from the browser (the Scenarios page), each in its own process.

The form becomes the same `SweepFile` a `compare` sweep file holds (base = the server's
scenario, data = its data folder), expanded by `planner.io.sweep_file.expand_sweep` (what
`load_sweep` calls), solved by `planner.sweep.run.run_sweep` and written by
`planner.sweep.report.write_comparison`: exactly what `ikd-planner compare` does, into
`<work>/sweeps/<job id>/`. It runs on the Dask scheduler the server was given
(`serve --scheduler`, or `IKD_DASK_SCHEDULER`), else on a LocalCluster of the form's
worker processes.

The worker is a separate interpreter (`python -m planner.web.sweeps`, its arguments on stdin,
so a database password never shows in `ps`), not a multiprocessing child: a LocalCluster
starts processes of its own, which a daemonic child may not, and a sweep may outlive a server
restart (the `web_jobs` row says how far it got). SIGTERM (Cancel) stops it as Ctrl-C stops
`compare`: tasks cancelled, cluster closed, half-written folders removed. A rerun of the same
job skips the cases already finished (run_sweep's own resume), so Resume loses nothing.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, update

from planner.i18n import Lang, check_lang
from planner.sweep.comparison import ComparisonRow
from planner.sweep.spec import Sweep, SweepFile
from planner.web.db import transaction
from planner.web.models import Job

KIND = "sweep"
#: Largest number of local Dask worker processes a form may ask for.
MAX_LOCAL_WORKERS = 8
#: Form fields that take a list of values, and how the list is split.
LIST_FIELDS = {
    "months": r"[,;\s]+",
    "teams": r"[,;\s]+",
    "officers": r"[,;\s]+",
    "seeds": r"[,;\s]+",
    "vehicles": r"[,;\s]+",
    "officers_per_day": r"[,;\s]+",
    # "Mon,Wed,Fri" is one value: weekday sets and hours are separated by ';' or new lines
    "weekdays": r"[;\n]+",
    "hours": r"[;\n]+",
}


class SweepSettings(BaseModel):
    """How the sweep runs (not what it computes): local processes, maps, language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    workers: int = Field(default=1, ge=1, le=MAX_LOCAL_WORKERS)
    maps: bool = False
    lang: str = Field(default="id", pattern=r"^(id|en)$")


def _values(text: str, axis: str) -> list[Any] | None:
    """`"1, 2 3"` → [1, 2, 3]; digits become numbers; an empty field leaves the axis out."""
    parts = [p.strip() for p in re.split(LIST_FIELDS[axis], text or "") if p.strip()]
    if not parts:
        return None
    return [int(p) if p.isdigit() else p for p in parts]


def spec_input(fields: Mapping[str, str], base: Path, data_dir: Path) -> dict[str, Any]:
    """The sweep file's content for the Scenarios form (plain values, as TOML would hold).

    The base scenario and the data folder are the server's; the form chooses the months and
    the staffing values to vary. Checked by `SweepFile` (and `expand_sweep`), not here.
    """
    vary: dict[str, Any] = {"data": [str(data_dir.absolute())]}
    for axis in LIST_FIELDS:
        values = _values(fields.get(axis, ""), axis)
        if values is not None:
            vary[axis] = values
    if "months" not in vary:
        raise ValueError("months: give at least one month (YYYY-MM)")
    out: dict[str, Any] = {"base": str(base.absolute()), "vary": vary}
    name = (fields.get("name") or "").strip()
    if name:
        out["name"] = name
    limit = (fields.get("time_limit") or "").strip()
    out["time_limit_s"] = float(limit) if limit else None
    return out


def build(spec: Mapping[str, Any], out_dir: Path, default_name: str) -> Sweep:
    """The expanded sweep of a form's spec; raises pydantic's ValidationError or SweepError."""
    from planner.io.sweep_file import expand_sweep

    parsed = SweepFile.model_validate(dict(spec))
    return expand_sweep(
        parsed, root=out_dir, name=default_name, source=str(out_dir / f"{default_name}.toml")
    )


@dataclass(frozen=True)
class SweepArgs:
    """What the worker process reads on stdin."""

    job_id: int
    db_url: str
    out_dir: str
    spec: dict[str, Any]
    settings: dict[str, Any]
    scheduler: str | None
    user: str


def start(
    engine: Engine,
    db_url: str,
    sweeps_dir: Path,
    spec: dict[str, Any],
    settings: SweepSettings,
    scheduler: str | None,
    user: str,
    *,
    n_cases: int,
) -> int:
    """Queue a sweep and start its worker; returns the job id."""
    from planner.web import audit
    from planner.web.jobs import queue_job

    params = {"spec": spec, "settings": settings.model_dump(), "cases": n_cases}
    with transaction(engine) as s:
        job = queue_job(s, KIND, params, user, sweeps_dir)
        audit.record(s, user, "sweep_started", job=job.id, cases=n_cases, scheduler=scheduler)
        job_id, out_dir = job.id, job.out_dir
    _launch(
        engine, SweepArgs(job_id, db_url, out_dir, spec, settings.model_dump(), scheduler, user)
    )
    return job_id


def resume(engine: Engine, db_url: str, job_id: int, scheduler: str | None, user: str) -> bool:
    """Run a stopped sweep again in its folder: finished cases are kept, the rest solved."""
    from planner.web import audit
    from planner.web.jobs import FINAL

    with transaction(engine) as s:
        job = s.get(Job, job_id)
        if job is None or job.kind != KIND or job.status not in FINAL or job.status == "done":
            return False
        job.status = "queued"
        job.finished_at = None
        job.progress = ""
        audit.record(s, user, "sweep_resumed", job=job_id)
        args = SweepArgs(
            job_id,
            db_url,
            job.out_dir,
            job.params["spec"],
            job.params["settings"],
            scheduler,
            user,
        )
    _launch(engine, args)
    return True


#: The worker's stderr, in the sweep's folder: a file, not a pipe, so a worker that outlives
#: the server (a restart) never writes into a closed pipe. A dot name is never a case folder.
WORKER_LOG = ".worker.log"


def _launch(engine: Engine, args: SweepArgs) -> None:
    from planner.web.jobs import _set

    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with (out / WORKER_LOG).open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "planner.web.sweeps"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            close_fds=True,
        )
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(asdict(args)).encode("utf-8"))
    proc.stdin.close()
    _set(engine, args.job_id, pid=proc.pid)
    threading.Thread(target=_watch, args=(engine, args.job_id, proc, out), daemon=True).start()


def _watch(engine: Engine, job_id: int, proc: subprocess.Popen[bytes], out: Path) -> None:
    """When the worker exits without saying how it ended (killed, crashed), say it failed."""
    from planner.web.jobs import _now, _set

    code = proc.wait()
    try:
        tail = (out / WORKER_LOG).read_bytes()[-2000:].decode("utf-8", "replace")
    except OSError:
        tail = ""
    _set(
        engine,
        job_id,
        status="failed",
        message=json.dumps({"error": f"worker exited with code {code}\n{tail}".strip()}),
        finished_at=_now(),
    )


# ------------------------------------------------------------------ the worker process


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run_worker(args: SweepArgs) -> None:
    """Expand, solve and compare as `ikd-planner compare` does, reporting to the job row."""
    from planner.sweep.comparison import comparison_rows
    from planner.sweep.messages import progress_line
    from planner.sweep.report import check_comparison_target, write_comparison
    from planner.sweep.result import CaseResult
    from planner.sweep.run import run_sweep
    from planner.web import audit
    from planner.web.db import make_engine
    from planner.web.jobs import _now, _set

    signal.signal(signal.SIGTERM, _stop)
    engine = make_engine(args.db_url)
    settings = SweepSettings.model_validate(args.settings)
    lang: Lang = check_lang(settings.lang)
    out = Path(args.out_dir)
    try:
        sweep = build(args.spec, out, f"sweep-{args.job_id:05d}")
        out.mkdir(parents=True, exist_ok=True)
        check_comparison_target(out)
        plan = {"axes": list(sweep.axes), "slugs": [c.slug for c in sweep.cases]}
        _set(engine, args.job_id, status="running", message=json.dumps(plan))

        def report(res: CaseResult, done: int, total: int) -> None:
            _set(engine, args.job_id, progress=progress_line(res, done, total, lang)[:500])

        run = run_sweep(
            sweep,
            out,
            workers=settings.workers,
            scheduler=args.scheduler,
            lang=lang,
            maps=settings.maps,
            progress=report,
        )
        rows = comparison_rows(run.results)
        write_comparison(rows, sweep.axes, out, name=sweep.name, lang=lang, question=sweep.question)
    except KeyboardInterrupt:  # Cancel (already marked) or the terminal's Ctrl-C
        _set(engine, args.job_id, status="interrupted", finished_at=_now())
        return
    except Exception as exc:  # the sweep's own clear message (bad value, scheduler down...)
        from planner.i18n import LocalisedError

        text = exc.text(lang) if isinstance(exc, LocalisedError) else f"{type(exc).__name__}: {exc}"
        error = json.dumps({"error": text[:4000]})
        _set(engine, args.job_id, status="failed", message=error, finished_at=_now())
        return
    tally = {"solved": run.solved, "skipped": run.skipped, "failed": run.failed}
    with transaction(engine) as s:
        s.execute(
            update(Job)
            .where(Job.id == args.job_id, Job.status == "running")
            .values(
                status="done",
                message=json.dumps({**plan, **tally, "seconds": round(run.seconds, 1)}),
                finished_at=_now(),
            )
        )
        audit.record(s, args.user, "sweep_done", job=args.job_id, **tally)


# ------------------------------------------------------------------ reading a sweep back

_DONE_RE = re.compile(r"^\[(\d+)/(\d+)\]")


def fraction(progress: str) -> float | None:
    """How far a sweep is, from its last progress line `[3/8] …` (None before the first)."""
    m = _DONE_RE.match(progress or "")
    if not m or int(m.group(2)) == 0:
        return None
    return int(m.group(1)) / int(m.group(2))


def job_state(job: Job) -> dict[str, Any]:
    """The worker's note on the row: the axes and case folders, then the tally, or the error."""
    try:
        found = json.loads(job.message or "{}")
    except ValueError:
        found = {"error": job.message}
    return found if isinstance(found, dict) else {}


def rows_so_far(out_dir: Path, slugs: Sequence[str]) -> tuple[ComparisonRow, ...]:
    """The comparison rows of the cases finished so far, in sweep order (their result.json)."""
    from planner.io.sweep_file import read_case_result
    from planner.sweep.comparison import comparison_rows
    from planner.sweep.result import RESULT_FILE

    results = [read_case_result(out_dir / slug / RESULT_FILE) for slug in slugs]
    return comparison_rows([r for r in results if r is not None])


def table(rows: Sequence[ComparisonRow], axes: Sequence[str], lang: str) -> dict[str, Any]:
    """The comparison as the page shows it: the same columns and cell texts as
    comparison.html and .xlsx (planner.sweep.report_cells), a readable name per case."""
    from planner.sweep.answer import readable_name
    from planner.sweep.report_cells import cell_text, column_header, display_columns, reach_text

    lng: Lang = check_lang(lang)
    cols = web_columns(axes, display_columns(axes))
    body = []
    for row in rows:
        cells = row.cells(axes)
        texts = [
            reach_text(row, c, lng, 10)
            if c in ("month_target", "month_national")
            else cell_text(c, cells[c], lng)
            for c in cols
        ]
        body.append(
            {
                "slug": row.result.slug,
                "name": readable_name(row, lng),
                "ok": row.ok,
                "error": row.result.error or "",
                "cells": texts,
            }
        )
    return {"headers": [column_header(c, lng) for c in cols], "rows": body}


#: The figures a manager compares first, right after the varied values (the table scrolls
#: sideways on a small screen; these must not be the ones out of sight).
FIRST_COLUMNS = (
    "expected_activations",
    "p10",
    "p90",
    "upper_bound",
    "gap",
    "visits",
    "staff_days",
    "activations_per_officer_day",
    "night_cost",
    "month_target",
    "month_national",
)


def web_columns(axes: Sequence[str], shown: Sequence[str]) -> list[str]:
    """The comparison.html columns in the page's order: varied values, the key figures, the
    rest. The case name links to its plan (no folder column); failed rows say so themselves
    (no status column); a varied team count makes the number-of-teams column a repeat."""
    skip = {"scenario", "folder", "status"} | ({"n_teams"} if "teams" in axes else set())
    rest = [c for c in shown if c not in skip]
    first = [c for c in axes if c in rest] + [c for c in FIRST_COLUMNS if c in rest]
    return first + [c for c in rest if c not in first]


def answer(rows: Sequence[ComparisonRow], lang: str) -> list[str]:
    """The comparison's one-line answer (`compare` prints the same)."""
    from planner.sweep.answer import answer_lines
    from planner.sweep.spec import Question

    return list(answer_lines(rows, Question(), check_lang(lang)))


def main() -> None:
    """Entry point of the worker process (`python -m planner.web.sweeps`, args on stdin)."""
    args = SweepArgs(**json.loads(sys.stdin.read()))
    run_worker(args)


if __name__ == "__main__":
    main()
