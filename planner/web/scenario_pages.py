"""The Scenarios page: a staffing sweep run from the browser, its live progress, and the
comparison side by side with each case's plan and the comparison files to download.

Manager only (every route depends on `manager`, every POST on `planner_role`, which checks
the CSRF token). The work is planner.web.sweeps, i.e. the `compare` command's functions.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from planner.web import jobs, ledger, sweeps
from planner.web.db import reading
from planner.web.deps import (
    ForbiddenError,
    Viewer,
    config,
    engine,
    form_errors,
    manager,
    planner_role,
    reader,
    render,
)
from planner.web.models import Job
from planner.web.security import inside

router = APIRouter()

#: What may be downloaded: the comparison files, and these files of a case's plan folder.
COMPARISON_FILES = ("comparison.csv", "comparison.xlsx", "comparison.html")
CASE_FILES = ("schedule.xlsx", "schedule.csv", "map.html", "plan.json")
_FORM_FIELDS = ("name", "time_limit", "workers", *sweeps.LIST_FIELDS)


def _sweep_jobs(request: Request, limit: int = 50) -> list[Job]:
    with reading(reader(request)) as s:
        q = select(Job).where(Job.kind == sweeps.KIND).order_by(Job.id.desc()).limit(limit)
        return list(s.scalars(q))


def _sweep_job(request: Request, job_id: int) -> Job:
    with reading(reader(request)) as s:
        job = s.get(Job, job_id)
    if job is None or job.kind != sweeps.KIND:
        raise ForbiddenError
    return job


def _defaults() -> dict[str, str]:
    from planner.months import next_month

    return {
        "name": "",
        "months": next_month(date.today()),
        "teams": "1, 2, 3",
        "officers": "3",
        "weekdays": "",
        "hours": "",
        "vehicles": "",
        "officers_per_day": "",
        "seeds": "",
        "time_limit": "20",
        "workers": str(min(2, os.cpu_count() or 1)),
    }


def _page(
    request: Request,
    v: Viewer,
    fields: dict[str, str],
    errors: list[str],
    status: int = 200,
    maps: bool = False,
) -> Response:
    cfg = config(request)
    return render(
        request,
        "scenarios.html",
        v,
        status=status,
        fields=fields,
        maps=maps,
        errors=errors,
        jobs=_sweep_jobs(request),
        scheduler=cfg.scheduler,
        scenario_name=cfg.scenario.name,
        max_workers=sweeps.MAX_LOCAL_WORKERS,
    )


@router.get("/scenarios")
def scenarios_page(request: Request, v: Viewer = Depends(manager)) -> Response:
    return _page(request, v, _defaults(), [])


@router.post("/scenarios")
async def scenarios_start(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    from planner.io.sweep_file import SweepError

    raw = await request.form()
    fields = {k: str(raw.get(k, ""))[:500] for k in _FORM_FIELDS}
    maps = raw.get("maps") == "on"
    cfg = config(request)
    try:
        settings = sweeps.SweepSettings(workers=int(fields["workers"] or 1), maps=maps, lang=v.lang)
        spec = sweeps.spec_input(fields, cfg.scenario, cfg.data_dir)
        sweep = await run_in_threadpool(sweeps.build, spec, cfg.sweeps_dir, "sweep")
    except (ValidationError, SweepError, ValueError) as exc:
        return _page(request, v, fields, form_errors(exc, v.lang), status=400, maps=maps)
    job_id = await run_in_threadpool(
        sweeps.start,
        engine(request),
        cfg.db_url,
        cfg.sweeps_dir,
        spec,
        settings,
        cfg.scheduler,
        v.name,
        n_cases=len(sweep.cases),
    )
    return RedirectResponse(f"/scenarios/{job_id}", status_code=303)


@router.get("/scenarios/{job_id}")
def sweep_page(request: Request, job_id: int, v: Viewer = Depends(manager)) -> Response:
    job = _sweep_job(request, job_id)
    state = sweeps.job_state(job)
    axes = state.get("axes", [])
    rows = sweeps.rows_so_far(Path(job.out_dir), state.get("slugs", []))
    files = sweeps_files(job) if job.status == "done" else []
    return render(
        request,
        "sweep_job.html",
        v,
        job=job,
        state=state,
        table=sweeps.table(rows, axes, v.lang),
        answer=sweeps.answer(rows, v.lang) if job.status == "done" else [],
        files=files,
        final=job.status in jobs.FINAL,
    )


def sweeps_files(job: Job) -> list[str]:
    """The comparison files the sweep has written."""
    return [n for n in COMPARISON_FILES if inside(Path(job.out_dir), n) is not None]


@router.get("/scenarios/{job_id}/status")
def sweep_status(request: Request, job_id: int, v: Viewer = Depends(manager)) -> Response:
    from planner.web.auth import _aware, now

    job = _sweep_job(request, job_id)
    return JSONResponse(
        {
            "status": job.status,
            "progress": job.progress,
            "fraction": sweeps.fraction(job.progress),
            "elapsed": round((now() - _aware(job.created_at)).total_seconds(), 1),
            "final": job.status in jobs.FINAL,
        }
    )


@router.post("/scenarios/{job_id}/cancel")
def sweep_cancel(request: Request, job_id: int, v: Viewer = Depends(planner_role)) -> Response:
    _sweep_job(request, job_id)
    jobs.cancel(engine(request), job_id, v.name, action="sweep_cancelled")
    return RedirectResponse(f"/scenarios/{job_id}", status_code=303)


@router.post("/scenarios/{job_id}/resume")
def sweep_resume(request: Request, job_id: int, v: Viewer = Depends(planner_role)) -> Response:
    _sweep_job(request, job_id)
    cfg = config(request)
    sweeps.resume(engine(request), cfg.db_url, job_id, cfg.scheduler, v.name)
    return RedirectResponse(f"/scenarios/{job_id}", status_code=303)


@router.get("/scenarios/{job_id}/download/{name}")
def sweep_download(
    request: Request, job_id: int, name: str, v: Viewer = Depends(manager)
) -> Response:
    job = _sweep_job(request, job_id)
    path = inside(Path(job.out_dir), name) if name in COMPARISON_FILES else None
    if path is None:
        raise ForbiddenError
    return FileResponse(
        path, filename=f"sweep-{job_id:05d}-{name}", content_disposition_type="attachment"
    )


def _case_folder(job: Job, slug: str) -> Path:
    """A case's plan folder, only for a case of this sweep (never a path from the URL)."""
    if slug not in sweeps.job_state(job).get("slugs", []):
        raise ForbiddenError
    folder = Path(job.out_dir) / slug
    if inside(folder, "plan.json") is None:
        raise ForbiddenError
    return folder


@router.get("/scenarios/{job_id}/cases/{slug}")
def case_page(request: Request, job_id: int, slug: str, v: Viewer = Depends(manager)) -> Response:
    job = _sweep_job(request, job_id)
    folder = _case_folder(job, slug)
    plan = ledger.read_plan(folder)
    rows = sweeps.rows_so_far(Path(job.out_dir), [slug])
    title = sweeps.table(rows, [], v.lang)["rows"][0]["name"] if rows else slug
    return render(
        request,
        "sweep_case.html",
        v,
        job=job,
        slug=slug,
        title=title,
        plan=plan,
        names={x.id: x.name for x in plan.venues},
        files=[n for n in CASE_FILES if inside(folder, n) is not None],
    )


@router.get("/scenarios/{job_id}/cases/{slug}/download/{name}")
def case_download(
    request: Request, job_id: int, slug: str, name: str, v: Viewer = Depends(manager)
) -> Response:
    job = _sweep_job(request, job_id)
    folder = _case_folder(job, slug)
    path = inside(folder, name) if name in CASE_FILES else None
    if path is None:
        raise ForbiddenError
    return FileResponse(path, filename=f"{slug}-{name}", content_disposition_type="attachment")
