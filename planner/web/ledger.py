"""The web app's only door to the planner and the campaign ledger: the CLI's own functions.

Each function here is what one CLI command does, minus the printing: load the data folder with
the validated loader, plan with `plan_month`, write with `write_outputs`, record and import
through planner.campaign. Keeping them in one module makes it plain that the web layer adds no
second implementation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import string
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from planner.campaign.ledger import Ledger, RecordedPlan
from planner.domain import KabupatenData
from planner.history import CampaignHistory
from planner.plan import Plan
from planner.render import write_outputs
from planner.render.itinerary import slug
from planner.web.config import WebConfig
from planner.web.dashboard import Board, from_data, from_progress
from planner.web.db import transaction

OnRecord = Callable[[Session, RecordedPlan], None]
"""Run inside the ledger's transaction that records a plan (see Ledger.record_plan)."""


@lru_cache(maxsize=4)
def _load_cached(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> KabupatenData:
    from planner.io.load import load_kabupaten

    return load_kabupaten(Path(data_dir))


def _stamp(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the folder's files: a replaced file reloads the data."""
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(data_dir.iterdir())
        if p.is_file()
    )


#: One load of a data folder at a time. Without it, the first requests after a start (or
#: after a file was replaced) each loaded the whole folder at once: measured with 50 leaders
#: on PPU, ~25 dashboards loaded it in parallel, 0.9–1.5 s each as they fought for the GIL,
#: and every other request slowed with them (benchmarks/web_load.py, p95 > 600 ms).
_LOAD_LOCK = threading.Lock()


def load_data(data_dir: Path) -> KabupatenData:
    """The data folder through the same validated loader as the CLI (cached while unchanged).

    Concurrent callers of a folder not loaded yet wait for one load instead of each loading.
    """
    key = (str(data_dir.resolve()), _stamp(data_dir))
    with _LOAD_LOCK:
        return _load_cached(*key)


def warm_up(engine: Engine, data_dir: Path) -> None:
    """Load the data folder and compute the dashboard before the first user asks (run in a
    thread at start-up). A folder that does not load is left for the pages to report."""
    try:
        dashboard(engine, data_dir, date.today())
    except Exception:  # the Data page shows the loader's message; nothing to do here
        return


def open_ledger(engine: Engine, url: str) -> Ledger:
    """The ledger over the app's engine (the schema is at head already)."""
    return Ledger(engine=engine, url=url)


def plan_and_record(
    ledger: Ledger,
    data_dir: Path,
    scenario: Any,
    out_dir: Path,
    maps: bool,
    progress: Callable[[str], None],
    on_write: OnRecord | None = None,
) -> int:
    """`ikd-planner plan`: plan the month from the ledger's history, write the outputs, record.

    The same steps as planner.cli.plan, in the same order: the outputs are written (all or
    nothing) before the plan is recorded, so a recorded plan always has its files.
    `on_write` runs in the recording transaction (the job row and the audit entry).
    """
    from planner.cli_campaign import history_for_month
    from planner.months import resolve_month
    from planner.pipeline import plan_month

    data = load_data(data_dir)
    month = resolve_month(scenario, scenario.month)
    history = history_for_month(ledger, data, month)
    plan = plan_month(data, scenario, month=month, progress=progress, history=history)
    write_outputs(plan, data, out_dir, lang="id", maps=maps)
    return ledger.record_plan(plan, data, on_write).plan_id


@lru_cache(maxsize=16)
def _plan_cached(path: str, mtime_ns: int, size: int) -> Plan:
    from planner.io.plan_file import read_plan as read

    return read(Path(path))


def read_plan(out_dir: Path) -> Plan:
    """A plan's `plan.json` (parsed once while the file is unchanged: plans are immutable)."""
    path = out_dir / "plan.json"
    st = path.stat()
    return _plan_cached(str(path), st.st_mtime_ns, st.st_size)


def history(engine: Engine, url: str, kabupaten_code: str) -> CampaignHistory | None:
    """Everything the ledger recorded for the kabupaten (None before its first plan)."""
    return open_ledger(engine, url).history(kabupaten_code)


def ledger_version(session: Any) -> tuple[int, int]:
    """Changes whenever the ledger's plans or actuals do (every import adds an import row)."""
    from sqlalchemy import func

    from planner.campaign.models import ImportRecord, PlanRecord

    imports = session.scalar(select(func.max(ImportRecord.id))) or 0
    plans = session.scalar(select(func.max(PlanRecord.id))) or 0
    return int(imports), int(plans)


_BOARDS: dict[tuple[Any, ...], Board] = {}
#: One thread recomputes the dashboard after a change; the others wait for its result.
_BOARD_LOCK = threading.Lock()


def dashboard(engine: Engine, data_dir: Path, today: date) -> Board:
    """`ikd-planner progress` for the data folder's kabupaten, arranged for the dashboard.

    Reading the progress parses every plan in force, so the result is kept until the ledger
    changes (a new import or plan) or the day or the data folder does.
    """
    board = _board(engine, data_dir, today, wait=True)
    assert board is not None  # waiting for the lock always yields a board
    return board


def _board(engine: Engine, data_dir: Path, today: date, *, wait: bool) -> Board | None:
    data = load_data(data_dir)
    folder = (str(data_dir.resolve()), _stamp(data_dir), today)
    with transaction(engine) as s:
        cached = _BOARDS.get((*folder, ledger_version(s)))
    if cached is not None:  # the common case takes no lock: a dict read is atomic
        return cached
    if not _BOARD_LOCK.acquire(blocking=wait):
        return None  # a warm-up while another thread computes: that one will do
    try:
        return _compute(engine, data, folder, today)
    finally:
        _BOARD_LOCK.release()


def _compute(engine: Engine, data: KabupatenData, folder: tuple[Any, ...], today: date) -> Board:
    from planner.campaign.progress import read_progress
    from planner.campaign.store import get_campaign

    with transaction(engine) as s:
        # read the version again: while this thread waited, another may have computed the
        # newest board. The board is read after its key in the same transaction, so it is
        # never older than the version it is filed under.
        key = (*folder, ledger_version(s))
        cached = _BOARDS.get(key)
        if cached is not None:
            return cached
        campaign = get_campaign(s, data.meta.code)
        found = (
            from_data(data, today)
            if campaign is None
            else from_progress(read_progress(s, campaign), today)
        )
        _BOARDS.clear()
        _BOARDS[key] = found
        return found


def warm_dashboard(engine: Engine, data_dir: Path, today: date) -> None:
    """Recompute the dashboard right after a change, once the writer's response has gone out.

    Run as the response's background task after an import, so the next dashboard request
    (usually the same leader's, seconds later) finds the new board ready instead of paying for
    the recompute. Correctness never depends on it: every request still reads the ledger's
    version from the database and recomputes on a miss. Each server process keeps its own
    cache, so with `--workers N` only the process that took the import is warmed. It never
    waits: if a board is being computed already, a burst of imports costs one recompute at a
    time, not one each.
    """
    _board(engine, data_dir, today, wait=False)


def reported_for_day(engine: Engine, url: str, plan: Plan, team: str, day: date) -> dict[str, int]:
    """Activations already recorded in the ledger for the team's day, by venue id.

    A direct read of the ledger's actual visits for one team-day (the whole history would be
    built only to keep a handful of its rows).
    """
    from planner.campaign.models import ActualVisit, Campaign

    with transaction(engine) as s:
        rows = s.execute(
            select(ActualVisit.venue_id, ActualVisit.activations)
            .join(Campaign, Campaign.id == ActualVisit.campaign_id)
            .where(
                Campaign.kabupaten_code == plan.kabupaten_code,
                ActualVisit.team == team,
                ActualVisit.date == day,
            )
        ).all()
    return {str(v): int(n) for v, n in rows}


@lru_cache(maxsize=4)
def _geojson(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    data = _load_cached(data_dir, stamp)
    kec = data.kecamatan[["code", "name", "geometry"]].copy()
    kec["geometry"] = kec.geometry.simplify(0.0005, preserve_topology=True)
    return str(kec.to_json())


def kecamatan_geojson(data_dir: Path) -> str:
    """The kecamatan outlines (simplified for phones) as GeoJSON, for the dashboard map."""
    return _geojson(str(data_dir.resolve()), _stamp(data_dir))


def record_day(
    engine: Engine,
    cfg: WebConfig,
    plan: Plan,
    team: str,
    day: date,
    counts: dict[str, int],
    user: str,
) -> str | None:
    """The team leader's form into the ledger through `ikd-planner actuals import`'s function.

    The form becomes the CSV that command reads (date,team,venue_id,activations,note) and is
    imported with `replace` (a leader correcting their own day). Returns None, or the
    importer's refusal (file, row, field) when nothing was written.
    """
    from planner.campaign.actuals.importer import NoCampaignError, import_actuals
    from planner.io.errors import DataValidationError

    if not counts:
        return None
    # a letters-only nonce: every submission is a new file for the importer (a correction back
    # to an earlier number must not be taken for a repeated file); who sent it is in the audit
    nonce = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "team", "venue_id", "activations", "note"])
    for venue_id, n in sorted(counts.items()):
        w.writerow([day.isoformat(), team, venue_id, n, f"web form {nonce}"])
    folder = cfg.work_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"web-{slug(team)}-{day.isoformat()}-{uuid.uuid4().hex[:8]}.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    from planner.web import audit

    def audited(s: Session, _result: Any) -> None:
        audit.record(s, user, "day_reported", team=team, day=day, counts=counts)

    try:
        import_actuals(engine, path, plan.kabupaten_code, replace=True, on_write=audited)
    except (DataValidationError, NoCampaignError) as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class ImportPreview:
    """What confirming an upload would do: one line per visit, or the importer's refusal."""

    digest: str
    file_name: str
    file_format: str
    rows: tuple[tuple[str, str, str, int, bool, str], ...]  # date, team, venue, n, planned, act
    errors: tuple[str, ...]
    already_imported: bool


def stash_upload(cfg: WebConfig, file_name: str, content: bytes) -> Path:
    """Keep an upload between preview and confirm: uploads/<sha256>/<safe name>."""
    digest = hashlib.sha256(content).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(file_name).name).strip("._") or "laporan.txt"
    folder = cfg.work_dir / "uploads" / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe[:80]
    path.write_bytes(content)
    return path


def stashed(cfg: WebConfig, digest: str) -> Path | None:
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        return None
    folder = cfg.work_dir / "uploads" / digest
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def preview_import(engine: Engine, path: Path, kabupaten_code: str) -> ImportPreview:
    """The importer's whole run on an upload (`dry_run`: same checks and counts, rolled back),
    so the preview shows exactly what confirming will do and writes nothing."""
    from planner.campaign.actuals.importer import NoCampaignError, import_actuals
    from planner.io.errors import DataValidationError

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        res = import_actuals(engine, path, kabupaten_code, dry_run=True)
    except NoCampaignError as exc:
        return ImportPreview(digest, path.name, "", (), (str(exc),), False)
    except DataValidationError as exc:
        return ImportPreview(digest, path.name, "", (), tuple(str(e) for e in exc.errors), False)
    rows = tuple(
        (d.isoformat(), team, venue, n, planned, action)
        for d, team, venue, n, planned, action in res.visits
    )
    return ImportPreview(
        digest, path.name, res.file_format, rows, (), res.already_imported is not None
    )


def confirm_import(engine: Engine, path: Path, kabupaten_code: str, user: str) -> Any:
    """`ikd-planner actuals import FILE`: the whole file lands with its audit entry, or
    nothing does."""
    from planner.campaign.actuals.importer import ImportResult, import_actuals
    from planner.web import audit

    def audited(s: Session, result: ImportResult) -> None:
        audit.record(
            s,
            user,
            "actuals_imported",
            file=path.name,
            format=result.file_format,
            added=result.added,
            replaced=result.replaced,
            unchanged=result.unchanged,
        )

    return import_actuals(engine, path, kabupaten_code, on_write=audited)


def _plan_in_force(engine: Engine, kabupaten_code: str, month: str) -> tuple[int, Plan] | None:
    from planner.campaign.store import current_plan, get_campaign

    with transaction(engine) as s:
        campaign = get_campaign(s, kabupaten_code)
        record = current_plan(s, campaign, month) if campaign is not None else None
        if record is None:
            return None
        return record.id, Plan.from_json(record.plan_json)


def replan_preview(
    ledger: Ledger,
    data_dir: Path,
    from_date: date,
    absences: list[str],
    vehicles_per_day: int | None,
    time_limit_s: float,
    out_dir: Path,
    maps: bool,
    progress: Callable[[str], None],
) -> int:
    """`ikd-planner replan`, up to the point of recording: the new plan and its change list
    (`perubahan.txt`) are written; the plan is recorded only when a manager accepts it.

    Returns the id of the plan in force it was made from (accepting checks it still is).
    """
    from planner.replan import Absence, replan_month
    from planner.scenario import Scenario

    data = load_data(data_dir)
    month = f"{from_date.year:04d}-{from_date.month:02d}"
    found = _plan_in_force(ledger.engine, data.meta.code, month)
    if found is None:
        raise ValueError(f"no plan for {month} in the campaign ledger; plan the month first")
    base_id, previous = found
    scenario = Scenario.model_validate(previous.scenario).override(time_limit_s=time_limit_s)
    new, changes = replan_month(
        data,
        scenario,
        ledger.history(data.meta.code),
        previous,
        from_date,
        [Absence.parse(a) for a in absences],
        vehicles_per_day,
        progress=progress,
    )
    from planner.cli_replan import write_replan_outputs

    write_replan_outputs(new, changes, data, out_dir, "id", maps)
    return base_id


def replan_accept(
    ledger: Ledger, data_dir: Path, out_dir: Path, base_id: int, on_write: OnRecord | None = None
) -> int:
    """Record a previewed re-plan as the month's plan in force (it supersedes `base_id`);
    `on_write` runs in the recording transaction."""
    data = load_data(data_dir)
    plan = read_plan(out_dir)
    found = _plan_in_force(ledger.engine, data.meta.code, plan.month)
    if found is None or found[0] != base_id:
        raise ValueError(
            "the month's plan changed since this preview was made; make the re-plan again"
        )
    return ledger.record_plan(plan, data, on_write).plan_id


def change_lines(out_dir: Path) -> list[str]:
    from planner.cli_replan import CHANGES_FILE

    path = out_dir / CHANGES_FILE
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
