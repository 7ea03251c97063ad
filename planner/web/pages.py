"""The pages: dashboard, plan (with live progress), schedule and downloads, the team leader's
day with its actuals form, actuals import, data check and audit log.

Each route states who may use it (a dependency), reads through planner.web.ledger (the CLI's
functions) and renders a template. Text from data files and users reaches HTML only through
Jinja2's autoescaping.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from planner.campaign.ledger import RecordedPlan
from planner.plan import Plan
from planner.render.field_sheet import day_message
from planner.render.itinerary import Itinerary, itineraries, legs, team_order, team_slugs
from planner.web import audit, jobs, ledger
from planner.web.db import reading, transaction
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
    viewer,
    writer,
)
from planner.web.models import Job, Role
from planner.web.security import inside

router = APIRouter()


# ---------------------------------------------------------------- plans made from the browser


def _jobs(request: Request, limit: int = 50) -> list[Job]:
    with reading(reader(request)) as s:
        q = select(Job).where(Job.kind != "sweep").order_by(Job.id.desc()).limit(limit)
        return list(s.scalars(q))


def _job(request: Request, job_id: int) -> Job:
    with reading(reader(request)) as s:
        job = s.get(Job, job_id)
    if job is None:
        raise ForbiddenError
    return job


def _done_plan(request: Request, job_id: int | None) -> tuple[Job, Plan] | None:
    """A finished plan: the one asked for, else the newest finished one."""
    with reading(reader(request)) as s:
        q = select(Job).where(Job.status == "done", Job.plan_id.is_not(None))
        if job_id is not None:
            q = q.where(Job.id == job_id)
        job = s.scalar(q.order_by(Job.id.desc()).limit(1))
    if job is None:
        return None
    return job, ledger.read_plan(Path(job.out_dir))


@router.get("/plan")
def plan_page(request: Request, v: Viewer = Depends(manager)) -> Response:
    from planner.months import next_month

    form = jobs.PlanForm(
        month=next_month(date.today()),
        teams=2,
        officers=3,
        days=5,
        hours=7,
        time_limit_s=30,
        maps=False,
    )
    return render(request, "plan.html", v, form=form, jobs=_jobs(request), errors=[])


@router.post("/plan")
async def plan_start(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    raw = await request.form()
    fields: dict[str, object] = {
        k: raw.get(k) for k in ("month", "teams", "officers", "days", "hours")
    }
    fields["time_limit_s"] = raw.get("time_limit")
    fields["maps"] = raw.get("maps") == "on"
    cfg = config(request)
    try:
        form = jobs.PlanForm.model_validate(fields)
        jobs.scenario_for(cfg.scenario, form)
    except (ValidationError, ValueError) as exc:
        errors = form_errors(exc, v.lang)
        return render(
            request, "plan.html", v, status=400, form=None, jobs=_jobs(request), errors=errors
        )
    from starlette.concurrency import run_in_threadpool

    job_id = await run_in_threadpool(
        jobs.start,
        engine(request),
        cfg.db_url,
        cfg.data_dir,
        cfg.scenario,
        cfg.plans_dir,
        form,
        v.name,
    )
    return RedirectResponse(f"/plan/jobs/{job_id}", status_code=303)


@router.get("/plan/jobs/{job_id}")
def job_page(request: Request, job_id: int, v: Viewer = Depends(manager)) -> Response:
    job = _job(request, job_id)
    if job.kind == "sweep":
        return RedirectResponse(f"/scenarios/{job_id}", status_code=303)
    plan = None
    if job.status == "done":
        plan = ledger.read_plan(Path(job.out_dir))
    changes = ledger.change_lines(Path(job.out_dir)) if job.kind == "replan" else []
    return render(
        request,
        "job.html",
        v,
        job=job,
        plan=plan,
        changes=changes,
        names={x.id: x.name for x in plan.venues} if plan else {},
    )


@router.get("/plan/jobs/{job_id}/status")
def job_status(request: Request, job_id: int, v: Viewer = Depends(manager)) -> Response:
    job = _job(request, job_id)
    from planner.web.auth import _aware, now

    elapsed = (now() - _aware(job.created_at)).total_seconds()
    return JSONResponse(
        {
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "elapsed": round(elapsed, 1),
            "time_limit": job.params.get("time_limit_s"),
            "final": job.status in jobs.FINAL,
        }
    )


@router.post("/plan/jobs/{job_id}/cancel")
def job_cancel(request: Request, job_id: int, v: Viewer = Depends(planner_role)) -> Response:
    jobs.cancel(engine(request), job_id, v.name)
    return RedirectResponse(f"/plan/jobs/{job_id}", status_code=303)


# ---------------------------------------------------------------- re-plan


@router.get("/replan")
def replan_page(request: Request, job: int | None = None, v: Viewer = Depends(manager)) -> Response:
    found = _done_plan(request, job)
    if found is None:
        return render(request, "replan.html", v, job=None, plan=None, dates=[], teams=[], errors=[])
    j, plan = found
    dates = sorted({td.date for td in plan.team_days})
    return render(
        request, "replan.html", v, job=j, plan=plan, dates=dates, teams=team_order(plan), errors=[]
    )


@router.post("/replan")
async def replan_start(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    from starlette.concurrency import run_in_threadpool

    from planner.replan import Absence

    raw = await request.form()
    absences = []
    for i in range(3):
        team = str(raw.get(f"team{i}", "")).strip()
        a = str(raw.get(f"start{i}", "")).strip()
        b = str(raw.get(f"end{i}", "")).strip() or a
        if team and a:
            absences.append(f"{team}:{a}..{b}")
    vehicles = str(raw.get("vehicles", "")).strip()
    try:
        for text in absences:
            Absence.parse(text)
        form = jobs.ReplanForm.model_validate(
            {
                "from_date": raw.get("from_date"),
                "absences": absences,
                "vehicles_per_day": int(vehicles) if vehicles else None,
                "time_limit_s": raw.get("time_limit"),
                "maps": raw.get("maps") == "on",
                "base_job": raw.get("job"),
            }
        )
    except (ValidationError, ValueError) as exc:
        return render(
            request,
            "replan.html",
            v,
            status=400,
            job=None,
            plan=None,
            dates=[],
            teams=[],
            errors=form_errors(exc, v.lang),
        )
    cfg = config(request)
    job_id = await run_in_threadpool(
        jobs.start,
        engine(request),
        cfg.db_url,
        cfg.data_dir,
        cfg.scenario,
        cfg.plans_dir,
        form,
        v.name,
    )
    return RedirectResponse(f"/plan/jobs/{job_id}", status_code=303)


@router.post("/plan/jobs/{job_id}/accept")
async def replan_accept(
    request: Request, job_id: int, v: Viewer = Depends(planner_role)
) -> Response:
    from starlette.concurrency import run_in_threadpool

    job = _job(request, job_id)
    base = job.message.removeprefix("base_plan=")
    if (
        job.kind != "replan"
        or job.status != "done"
        or job.plan_id is not None
        or not base.isdigit()
    ):
        raise ForbiddenError
    cfg = config(request)
    led = ledger.open_ledger(engine(request), cfg.db_url)

    def accepted(s: Session, rec: RecordedPlan) -> None:  # in the plan's own transaction
        row = s.get(Job, job_id)
        assert row is not None
        row.plan_id = rec.plan_id
        audit.record(s, v.name, "replan_accepted", job=job_id, plan=rec.plan_id)

    try:
        await run_in_threadpool(
            ledger.replan_accept, led, cfg.data_dir, Path(job.out_dir), int(base), accepted
        )
    except ValueError as exc:
        return render(
            request, "error.html", v, status=409, message_key="bad_form", message=str(exc)
        )
    return RedirectResponse(f"/plan/jobs/{job_id}", status_code=303)


@router.get("/plan/compare")
def compare(request: Request, a: int, b: int, v: Viewer = Depends(manager)) -> Response:
    pair = [_done_plan(request, a), _done_plan(request, b)]
    if any(p is None for p in pair):
        raise ForbiddenError
    return render(request, "compare.html", v, pair=pair)


# ---------------------------------------------------------------- schedule and downloads


def _visible(v: Viewer, its: tuple[Itinerary, ...]) -> list[Itinerary]:
    return [it for it in its if v.may_see_team(it.team)]


@router.get("/schedule")
def schedule(
    request: Request,
    job: int | None = None,
    team: str | None = None,
    v: Viewer = Depends(viewer),
) -> Response:
    found = _done_plan(request, job)
    if found is None:
        return render(
            request, "schedule.html", v, job=None, plan=None, days=[], teams=[], team=None
        )
    j, plan = found
    if team is not None and not v.may_see_team(team):
        raise ForbiddenError
    if v.role == Role.TEAM_LEADER:
        team = v.team
    its = [it for it in _visible(v, itineraries(plan)) if team is None or it.team == team]
    teams = [t for t in team_order(plan) if v.may_see_team(t)]
    return render(request, "schedule.html", v, job=j, plan=plan, days=its, teams=teams, team=team)


@router.get("/plans/{job_id}/download/{name}")
def download(request: Request, job_id: int, name: str, v: Viewer = Depends(viewer)) -> Response:
    job = _job(request, job_id)
    if job.status != "done":
        raise ForbiddenError
    folder = Path(job.out_dir)
    if name == "teams.zip":
        return _zip(folder, v)
    if name not in ("schedule.xlsx", "schedule.csv") or v.role == Role.TEAM_LEADER:
        raise ForbiddenError
    path = inside(folder, name)
    if path is None:
        raise ForbiddenError
    return FileResponse(path, filename=f"{job_id:05d}-{name}")


def _zip(folder: Path, v: Viewer) -> Response:
    """The field packages (teams/<team>/<date>/...) the user may see, as one zip."""
    plan = ledger.read_plan(folder)
    slugs = team_slugs(plan)
    allowed = {slugs[t] for t in slugs if v.may_see_team(t)}
    buf = io.BytesIO()
    teams_dir = folder / "teams"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(teams_dir.rglob("*")):
            rel = p.relative_to(teams_dir)
            if p.is_file() and not p.is_symlink() and rel.parts[0] in allowed:
                zf.write(p, f"teams/{rel.as_posix()}")
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{folder.name}-teams.zip"'},
    )


@router.get("/plans/{job_id}/field/{team_slug}/{day}/{name}")
def field_file(
    request: Request,
    job_id: int,
    team_slug: str,
    day: str,
    name: str,
    v: Viewer = Depends(viewer),
) -> Response:
    """One file of a team-day's field package, as a download (never rendered in this origin)."""
    job = _job(request, job_id)
    if job.status != "done" or name not in (
        "route.html",
        "route.gpx",
        "route.kml",
        "jadwal.png",
        "pesan.txt",
        "jadwal.html",
    ):
        raise ForbiddenError
    plan = ledger.read_plan(Path(job.out_dir))
    team = {s: t for t, s in team_slugs(plan).items()}.get(team_slug)
    if team is None or not v.may_see_team(team):
        raise ForbiddenError
    path = inside(Path(job.out_dir) / "teams", f"{team_slug}/{day}/{name}")
    if path is None:
        raise ForbiddenError
    return FileResponse(
        path, filename=f"{team_slug}-{day}-{name}", content_disposition_type="attachment"
    )


# ---------------------------------------------------------------- the team leader's day


def _day(plan: Plan, team: str, day: date) -> Itinerary | None:
    for it in itineraries(plan):
        if it.team == team and it.date == day:
            return it
    return None


@router.get("/day")
def day_page(
    request: Request,
    team: str | None = None,
    day: str | None = None,
    job: int | None = None,
    v: Viewer = Depends(viewer),
    saved: int = 0,
) -> Response:
    found = _done_plan(request, job)
    if found is None:
        return render(
            request,
            "day.html",
            v,
            job=None,
            it=None,
            plan=None,
            team=None,
            day=None,
            days=[],
            wa="",
            stops=[],
            reported={},
            saved=False,
        )
    j, plan = found
    team = v.team if v.role == Role.TEAM_LEADER else (team or team_order(plan)[0])
    if team is None or not v.may_see_team(team):
        raise ForbiddenError
    team_days = [it.date for it in itineraries(plan) if it.team == team]
    try:
        chosen = date.fromisoformat(day) if day else _today_or_first(team_days)
    except ValueError:
        raise ForbiddenError from None
    it = _day(plan, team, chosen) if chosen else None
    wa = ""
    stops = []
    if it is not None:
        wa = "https://wa.me/?text=" + quote(day_message(plan, it, v.lang))  # type: ignore[arg-type]
        by_stop = {leg.to_stop: leg.url for leg in legs(it)}
        stops = [(vis, by_stop.get(vis.stop.stop)) for vis in it.visits]
    reported = (
        ledger.reported_for_day(reader(request), config(request).db_url, plan, team, chosen)
        if chosen
        else {}
    )
    points = []
    if it is not None:
        points = [
            {
                "lat": vis.venue.lat,
                "lon": vis.venue.lon,
                "n": vis.stop.stop,
                "name": vis.venue.name,
                "time": vis.stop.arrive,
            }
            for vis in it.visits
        ]
        base = it.base
        route = it.path()
    else:
        base, route = None, []
    return render(
        request,
        "day.html",
        v,
        job=j,
        it=it,
        plan=plan,
        team=team,
        day=chosen,
        days=team_days,
        wa=wa,
        stops=stops,
        reported=reported,
        saved=bool(saved),
        map_data=json.dumps(
            {"stops": points, "route": route, "base": [base.lat, base.lon] if base else None}
        ),
        slug=team_slugs(plan)[team],
        venues=sorted(plan.venues, key=lambda x: x.name),
    )


def _today_or_first(days: list[date]) -> date | None:
    today = date.today()
    if today in days:
        return today
    later = [d for d in days if d >= today]
    pick = later or days
    return pick[0] if pick else None


@router.post("/day")
async def day_report(request: Request, v: Viewer = Depends(writer)) -> Response:
    form = await request.form()
    job_id = int(str(form.get("job", "0")) or 0)
    team = str(form.get("team", ""))
    try:
        day = date.fromisoformat(str(form.get("day", "")))
    except ValueError:
        raise ForbiddenError from None
    if not v.may_report(team):
        raise ForbiddenError
    found = _done_plan(request, job_id)
    if found is None:
        raise ForbiddenError
    _, plan = found
    counts: dict[str, int] = {}
    for key, value in form.multi_items():
        text = str(value).strip()
        if key.startswith("count:") and text:
            counts[key.removeprefix("count:")] = _count(text)
    extra_venue = str(form.get("extra_venue", "")).strip()
    extra_count = str(form.get("extra_count", "")).strip()
    if extra_venue and extra_count:
        counts[extra_venue] = _count(extra_count)
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(
        ledger.record_day, engine(request), config(request), plan, team, day, counts, v.name
    )
    if isinstance(result, str):
        return render(request, "error.html", v, status=400, message_key="bad_form", message=result)
    return RedirectResponse(
        f"/day?job={job_id}&team={quote(team)}&day={day.isoformat()}&saved=1",
        status_code=303,
        background=_warm(request) if counts else None,
    )


def _count(text: str) -> int:
    if not text.isdigit() or len(text) > 6:
        raise ForbiddenError
    return int(text)


# ---------------------------------------------------------------- actuals import


@router.get("/actuals")
def actuals_page(request: Request, v: Viewer = Depends(manager)) -> Response:
    return render(request, "actuals.html", v, preview=None, result=None)


@router.post("/actuals/preview")
async def actuals_preview(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    """An upload (schedule.xlsx, CSV) or pasted WhatsApp replies, read and checked, not saved."""
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    form = await request.form()
    upload = form.get("file")
    pasted = str(form.get("text", "")).strip()
    if isinstance(upload, UploadFile) and upload.filename:
        name, content = upload.filename, await upload.read()
        await form.close()
    elif pasted:
        name, content = "whatsapp.txt", pasted.encode("utf-8")
    else:
        return render(request, "actuals.html", v, status=400, preview=None, result=None)
    cfg = config(request)
    code = ledger.load_data(cfg.data_dir).meta.code
    path = await run_in_threadpool(ledger.stash_upload, cfg, name, content)
    preview = await run_in_threadpool(ledger.preview_import, engine(request), path, code)
    return render(request, "actuals.html", v, preview=preview, result=None)


@router.post("/actuals/confirm")
async def actuals_confirm(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    from starlette.concurrency import run_in_threadpool

    from planner.campaign.actuals.importer import NoCampaignError
    from planner.io.errors import DataValidationError

    form = await request.form()
    cfg = config(request)
    path = ledger.stashed(cfg, str(form.get("digest", "")))
    if path is None:
        raise ForbiddenError
    code = ledger.load_data(cfg.data_dir).meta.code
    try:
        result = await run_in_threadpool(ledger.confirm_import, engine(request), path, code, v.name)
    except (DataValidationError, NoCampaignError) as exc:
        return render(
            request, "error.html", v, status=400, message_key="nothing_to_import", message=str(exc)
        )
    response = render(request, "actuals.html", v, preview=None, result=result)
    response.background = _warm(request)
    return response


def _warm(request: Request) -> BackgroundTask:
    """After a change to the ledger, have the new dashboard ready before anyone asks for it."""
    return BackgroundTask(
        ledger.warm_dashboard, reader(request), config(request).data_dir, date.today()
    )


# ---------------------------------------------------------------- dashboard, data, audit


@router.get("/")
def dashboard(request: Request, v: Viewer = Depends(viewer)) -> Response:
    cfg = config(request)
    board = ledger.dashboard(reader(request), cfg.data_dir, date.today())
    return render(request, "dashboard.html", v, board=board, map_data=json.dumps(board.map_data))


@router.get("/geo/kecamatan.json")
def kecamatan_geojson(request: Request, v: Viewer = Depends(viewer)) -> Response:
    return Response(
        ledger.kecamatan_geojson(config(request).data_dir),
        media_type="application/geo+json",
        headers={"cache-control": "private, max-age=3600"},
    )


@router.get("/data")
def data_page(request: Request, v: Viewer = Depends(viewer)) -> Response:
    from planner.web import datafiles

    report, error = _current_report(config(request).data_dir)
    return render(
        request,
        "data.html",
        v,
        report=report,
        error=error,
        preview=None,
        digest="",
        names=datafiles.REPLACEABLE,
    )


@router.post("/data/preview")
async def data_preview(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    """A replacement table, checked by the data loader on a staged copy; nothing applied."""
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    from planner.web import datafiles

    form = await request.form()
    upload = form.get("file")
    name = str(form.get("name", ""))
    if not isinstance(upload, UploadFile) or name not in datafiles.REPLACEABLE:
        raise ForbiddenError
    content = await upload.read()
    await form.close()
    cfg = config(request)
    stashed = await run_in_threadpool(ledger.stash_upload, cfg, name, content)
    found = await run_in_threadpool(datafiles.preview, cfg.data_dir, name, content)
    current = _current_report(cfg.data_dir)
    return render(
        request,
        "data.html",
        v,
        report=current[0],
        error=current[1],
        preview=found,
        digest=stashed.parent.name,
        names=datafiles.REPLACEABLE,
    )


@router.post("/data/confirm")
async def data_confirm(request: Request, v: Viewer = Depends(planner_role)) -> Response:
    from starlette.concurrency import run_in_threadpool

    from planner.web import datafiles

    form = await request.form()
    name = str(form.get("name", ""))
    cfg = config(request)
    path = ledger.stashed(cfg, str(form.get("digest", "")))
    if path is None or name not in datafiles.REPLACEABLE:
        raise ForbiddenError

    def replace_and_audit() -> None:
        # the audit entry is committed only if the file was swapped in (a file rename cannot
        # join the transaction; the swap happens last inside it, so a refusal logs nothing)
        with transaction(engine(request)) as s:
            kept = datafiles.replace(
                cfg.data_dir, name, path.read_bytes(), cfg.work_dir / "data-backups"
            )
            audit.record(s, v.name, "data_replaced", file=name, backup=str(kept) if kept else None)

    try:
        await run_in_threadpool(replace_and_audit)
    except ValueError as exc:
        return render(
            request, "error.html", v, status=400, message_key="bad_form", message=str(exc)
        )
    return RedirectResponse("/data?replaced=1", status_code=303)


def _current_report(data_dir: Path) -> tuple[object, str | None]:
    from planner.io.check_report import data_check_report

    try:
        return data_check_report(ledger.load_data(data_dir)), None
    except Exception as exc:  # the loader's own clear message, shown as text
        return None, str(exc)


@router.get("/audit")
def audit_page(request: Request, v: Viewer = Depends(manager)) -> Response:
    with reading(reader(request)) as s:
        rows = audit.recent(s)
    return render(request, "audit.html", v, rows=rows)
