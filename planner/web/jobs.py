"""Solves started from the browser, each in its own worker process.

A solve is CPU-bound and may run for minutes, so it runs in a separate process (the web server
stays responsive and a cancel can stop it for sure). The worker does exactly what
`ikd-planner plan` does: load the data folder, load the scenario with the form's overrides,
`plan_month`, `write_outputs` into `plans/<job id>/`, and record the plan in the campaign ledger.
The `web_jobs` row is the truth: the worker writes its progress there, a reloaded page reads it,
and a server restart marks the solves it left unfinished as interrupted.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import CursorResult, Engine, select, update
from sqlalchemy.orm import Session

from planner.web.db import transaction
from planner.web.models import Job

#: Seconds between progress writes from the worker (keeps the database quiet).
PROGRESS_EVERY_S = 0.5
FINAL = ("done", "failed", "cancelled", "interrupted")


class PlanForm(BaseModel):
    """The Plan page's fields, checked before anything starts (bounds as a user would expect)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    teams: int = Field(ge=1, le=12)
    officers: int = Field(ge=1, le=10)
    days: int = Field(ge=1, le=6, description="working days per week, from Monday")
    hours: float = Field(ge=2, le=12, description="working hours per day, lunch excluded")
    time_limit_s: float = Field(ge=1, le=1800)
    maps: bool = False
    seed: int = Field(default=0, ge=0)


def scenario_for(base_file: Path, form: PlanForm) -> Any:
    """The scenario file with the form's choices applied, validated by the scenario model."""
    from planner.io.scenario_file import load_scenario
    from planner.scenario import WEEKDAYS, Scenario

    sc = load_scenario(base_file).override(
        teams=form.teams, time_limit_s=form.time_limit_s, seed=form.seed, month=form.month
    )
    data = sc.model_dump(mode="json")
    for team in data["teams"]:
        team["officers"] = form.officers
        team["weekdays"] = list(WEEKDAYS[: form.days])
        start_h, start_m = (int(x) for x in str(team["start"]).split(":")[:2])
        lunch = team.get("lunch")
        lunch_min = 0
        if lunch:
            lh, lm = (int(x) for x in str(lunch["start"]).split(":")[:2])
            eh, em = (int(x) for x in str(lunch["end"]).split(":")[:2])
            lunch_min = (eh * 60 + em) - (lh * 60 + lm)
        end = start_h * 60 + start_m + round(form.hours * 60) + lunch_min
        if end >= 24 * 60:
            raise ValueError("the working day would end after midnight")
        team["end"] = f"{end // 60:02d}:{end % 60:02d}"
    return Scenario.model_validate(data)


class ReplanForm(BaseModel):
    """The Re-plan page's fields: from which day, who is absent, how many cars are left."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    from_date: date
    absences: tuple[str, ...] = ()
    vehicles_per_day: int | None = Field(default=None, ge=0, le=50)
    time_limit_s: float = Field(ge=1, le=1800)
    maps: bool = False
    base_job: int


@dataclass(frozen=True)
class WorkerArgs:
    job_id: int
    db_url: str
    data_dir: str
    scenario_file: str
    out_dir: str
    form: dict[str, Any]
    user: str
    kind: str = "plan"


class CancelledError(Exception):
    """The job was cancelled while its plan was being recorded: nothing is recorded."""


def _set(engine: Engine, job_id: int, only_if_active: bool = True, **values: Any) -> None:
    stmt = update(Job).where(Job.id == job_id)
    if only_if_active:
        stmt = stmt.where(Job.status.in_(("queued", "running")))
    with transaction(engine) as s:
        s.execute(stmt.values(**values))


def run_worker(args: WorkerArgs) -> None:
    """The worker process: plan as the CLI does, report progress, record the result."""
    from planner.web import audit, ledger
    from planner.web.db import make_engine

    engine = make_engine(args.db_url)
    _set(engine, args.job_id, status="running", progress="", pid=os.getpid())
    last = 0.0

    def progress(msg: str) -> None:
        nonlocal last
        t = time.monotonic()
        if t - last >= PROGRESS_EVERY_S:
            last = t
            _set(engine, args.job_id, progress=msg[:500])

    try:
        led = ledger.open_ledger(engine, args.db_url)
        if args.kind == "replan":
            rform = ReplanForm.model_validate(args.form)
            base_id = ledger.replan_preview(
                led,
                Path(args.data_dir),
                rform.from_date,
                list(rform.absences),
                rform.vehicles_per_day,
                rform.time_limit_s,
                Path(args.out_dir),
                rform.maps,
                progress,
            )
            _set(
                engine,
                args.job_id,
                status="done",
                progress="",
                finished_at=_now(),
                message=f"base_plan={base_id}",
            )
            return
        form = PlanForm.model_validate(args.form)

        def recorded(s: Session, rec: Any) -> None:
            # in the ledger's transaction: the plan, its job row and its audit entry land
            # together; a job cancelled meanwhile records nothing
            done = s.execute(
                update(Job)
                .where(Job.id == args.job_id, Job.status == "running")
                .values(status="done", plan_id=rec.plan_id, progress="", finished_at=_now())
            )
            if cast("CursorResult[Any]", done).rowcount == 0:
                raise CancelledError
            audit.record(s, args.user, "plan_recorded", job=args.job_id, plan=rec.plan_id)

        ledger.plan_and_record(
            led,
            data_dir=Path(args.data_dir),
            scenario=scenario_for(Path(args.scenario_file), form),
            out_dir=Path(args.out_dir),
            maps=form.maps,
            progress=progress,
            on_write=recorded,
        )
    except CancelledError:
        return
    except Exception as exc:
        _set(engine, args.job_id, status="failed", message=str(exc)[:4000], finished_at=_now())
        return


def queue_job(s: Session, kind: str, params: dict[str, Any], user: str, root: Path) -> Job:
    """A new queued job row (plan, re-plan or sweep) whose output folder is `root/<id>`: the
    id names the folder, so the row is flushed first, in the caller's transaction (the audit
    row goes in the same one)."""
    job = Job(
        kind=kind,
        status="queued",
        params=params,
        progress="",
        message="",
        out_dir="",
        created_by=user,
        created_at=_now(),
    )
    s.add(job)
    s.flush()
    job.out_dir = str((root / f"{job.id:05d}").absolute())
    return job


def _now() -> datetime:
    return datetime.now(UTC)


def start(
    engine: Engine,
    db_url: str,
    data_dir: Path,
    scenario: Path,
    plans_dir: Path,
    form: PlanForm | ReplanForm,
    user: str,
) -> int:
    """Queue a solve (a plan, or a re-plan preview) and start its worker; returns the job id."""
    from planner.web import audit

    kind = "replan" if isinstance(form, ReplanForm) else "plan"
    with transaction(engine) as s:
        job = queue_job(s, kind, form.model_dump(mode="json"), user, plans_dir)
        audit.record(s, user, f"{kind}_started", job=job.id, **form.model_dump(mode="json"))
        job_id = job.id
    ctx = multiprocessing.get_context("spawn")
    args = WorkerArgs(
        job_id,
        db_url,
        str(data_dir),
        str(scenario),
        str((plans_dir / f"{job_id:05d}").absolute()),
        form.model_dump(mode="json"),
        user,
        kind,
    )
    proc = ctx.Process(target=run_worker, args=(args,), name=f"ikd-plan-{job_id}", daemon=True)
    proc.start()
    _set(engine, job_id, pid=proc.pid)
    threading.Thread(target=_watch, args=(engine, job_id, proc), daemon=True).start()
    return job_id


def _watch(engine: Engine, job_id: int, proc: Any) -> None:
    """When the worker exits without saying how it ended (killed, crashed), say it failed."""
    proc.join()
    _set(
        engine,
        job_id,
        status="failed",
        message=f"worker exited with code {proc.exitcode}",
        finished_at=_now(),
    )


def cancel(engine: Engine, job_id: int, user: str, action: str = "plan_cancelled") -> bool:
    """Stop a running solve (its process is terminated; nothing of it is recorded)."""
    from planner.web import audit

    with transaction(engine) as s:
        job = s.get(Job, job_id)
        if job is None or job.status in FINAL:
            return False
        pid = job.pid
        job.status = "cancelled"
        job.finished_at = _now()
        audit.record(s, user, action, job=job_id)
    if pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    return True


def mark_interrupted(engine: Engine) -> int:
    """At start-up: solves left running by an earlier server cannot finish; say so."""
    with transaction(engine) as s:
        stale = list(s.scalars(select(Job).where(Job.status.in_(("queued", "running")))))
        for job in stale:
            if job.pid and _alive(job.pid):
                continue
            job.status = "interrupted"
            job.finished_at = _now()
        return len(stale)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
