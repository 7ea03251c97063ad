"""Import a report into the ledger: one transaction, all of it or nothing.

The campaign row is locked first (SQLite: the immediate transaction; PostgreSQL: SELECT … FOR
UPDATE), so two imports at the same time run one after the other and the second sees the
first. A file whose content was imported before changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from planner.campaign.actuals.checks import CheckedVisit, RecordedNumbers, check_reports
from planner.campaign.actuals.detect import read_report
from planner.campaign.actuals.rows import ImportContext, PlannedSlot, VenueInfo
from planner.campaign.db import transaction
from planner.campaign.models import ActualVisit, Campaign, ImportRecord, PlanRecord
from planner.campaign.store import (
    actual_visits,
    campaign_codes,
    get_campaign,
    history_of,
    lock_campaign,
    now,
    plan_venues,
    planned_rows_by_plan,
)
from planner.i18n import LocalisedError, Message
from planner.io.errors import Findings


class NoCampaignError(LocalisedError, LookupError):
    """No campaign to import into: nothing planned yet, or several and none chosen (the
    sentence in the reader's language: `text(lang)`)."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `already_imported` is the earlier import's time for a repeated file."""

    file: str
    kabupaten_code: str
    file_format: str
    rows: int
    added: int
    replaced: int
    unchanged: int
    unplanned: tuple[tuple[date, str, str], ...]
    unreported: int
    already_imported: datetime | None = None
    #: Every visit of the file as the import takes it: (date, team, venue id, activations,
    #: planned, action), action being `add`, `replace` or `unchanged`.
    visits: tuple[tuple[date, str, str, int, bool, str], ...] = ()
    #: True when nothing was written (`dry_run`): what confirming the same file would do.
    dry_run: bool = False
    #: Venue names of the unplanned visits by id, for a reader (an id alone says little).
    venue_names: Mapping[str, str] = field(default_factory=dict)


class _DryRunDoneError(Exception):
    """Raised inside a dry run's transaction to roll it back with its result."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


OnWrite = Callable[[Session, ImportResult], None]
"""Called inside the import's transaction once its rows are written: whatever it adds (the
web app's audit entry) is committed with the import, or rolled back with it."""


def choose_campaign(session: Session, kabupaten_code: str | None) -> Campaign:
    """The named kabupaten's campaign, or the only one in the database."""
    if kabupaten_code is not None:
        found = get_campaign(session, kabupaten_code)
        if found is None:
            raise NoCampaignError(Message.of("campaign.no_such", code=kabupaten_code))
        return found
    codes = campaign_codes(session)
    if not codes:
        raise NoCampaignError(Message.of("campaign.none_yet"))
    if len(codes) > 1:
        raise NoCampaignError(Message.of("campaign.several", codes=", ".join(codes)))
    found = get_campaign(session, codes[0])
    assert found is not None
    return found


def _in_row_order(findings: Findings) -> None:
    """List the problems file by file (sheet by sheet) in row order, as the user reads the
    file: the reading pass and the checks against the plan find them in two rounds."""
    first_seen: dict[str, int] = {}
    for e in findings.errors:
        first_seen.setdefault(e.file, len(first_seen))
    findings.errors.sort(
        key=lambda e: (first_seen[e.file], e.row is not None, e.row if e.row is not None else 0)
    )


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def import_context(session: Session, campaign: Campaign) -> ImportContext:
    """Venues, teams, months and planned visits of every plan in force."""
    teams: list[str] = []
    team_cap: dict[str, float] = {}
    planned: dict[tuple[date, str, str], PlannedSlot] = {}
    months: set[str] = set()
    rate = 8.0
    venues = {
        vid: VenueInfo(v.venue_id, v.name, v.venue_type)
        for vid, v in plan_venues(session, campaign).items()
    }
    scenarios = session.execute(
        select(PlanRecord.month, PlanRecord.scenario)
        .where(PlanRecord.campaign_id == campaign.id, PlanRecord.superseded_by.is_(None))
        .order_by(PlanRecord.month, PlanRecord.id)
    ).all()
    for month, scenario in scenarios:
        months.add(month)
        rate = float(scenario.get("demand", {}).get("activations_per_officer_hour", rate))
        for t in scenario.get("teams", []):
            name = str(t.get("name", ""))
            if name and name not in teams:
                teams.append(name)
            minutes = _minutes(t.get("end", "16:00")) - _minutes(t.get("start", "08:00"))
            lunch = t.get("lunch") or None
            if lunch:
                minutes -= _minutes(lunch["end"]) - _minutes(lunch["start"])
            team_cap[name] = int(t.get("officers", 3)) * max(minutes, 0) / 60.0 * rate
    for _rec, rows in planned_rows_by_plan(session, campaign):
        for pv in rows:
            if pv.team not in teams:
                teams.append(pv.team)
            planned[(pv.date, pv.team, pv.venue_id)] = PlannedSlot(
                pv.capacity, pv.expected, pv.officers
            )
    return ImportContext(
        kabupaten_code=campaign.kabupaten_code,
        venues=venues,
        teams=tuple(teams),
        months=frozenset(months),
        planned=planned,
        team_capacity=team_cap,
        per_officer_hour=rate,
    )


def _recorded(rows: list[ActualVisit]) -> dict[tuple[object, str, str], RecordedNumbers]:
    return {
        (a.date, a.team, a.venue_id): RecordedNumbers(
            a.activations, a.officers, a.hours, a.source_file, a.source_row
        )
        for a in rows
    }


def import_actuals(
    engine: Engine,
    path: Path,
    kabupaten_code: str | None = None,
    *,
    accept_outliers: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    on_write: OnWrite | None = None,
) -> ImportResult:
    """Import the report at `path`; raises DataValidationError (nothing written) when refused.

    `dry_run`: do everything (same checks, same refusals, same counts) and roll it back, so a
    preview says exactly what confirming will do. `on_write`: see `OnWrite`.
    """
    return import_report(
        engine,
        path.read_bytes(),
        path.name,
        kabupaten_code,
        accept_outliers=accept_outliers,
        replace=replace,
        dry_run=dry_run,
        on_write=on_write,
    )


def import_report(
    engine: Engine,
    content: bytes,
    name: str,
    kabupaten_code: str | None = None,
    *,
    accept_outliers: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    on_write: OnWrite | None = None,
) -> ImportResult:
    """Import a report given as bytes (an upload) under the file name `name` (options: see
    `import_actuals`)."""
    try:
        return _import(
            engine, content, name, kabupaten_code, accept_outliers, replace, dry_run, on_write
        )
    except _DryRunDoneError as done:  # its transaction was rolled back: nothing was written
        return done.result


def _import(
    engine: Engine,
    content: bytes,
    name: str,
    kabupaten_code: str | None,
    accept_outliers: bool,
    replace: bool,
    dry_run: bool,
    on_write: OnWrite | None,
) -> ImportResult:
    digest = hashlib.sha256(content).hexdigest()
    with transaction(engine) as s:
        campaign = choose_campaign(s, kabupaten_code)
        lock_campaign(s, campaign)
        earlier = s.scalar(
            select(ImportRecord).where(
                ImportRecord.campaign_id == campaign.id, ImportRecord.file_hash == digest
            )
        )
        if earlier is not None:
            return ImportResult(
                name,
                campaign.kabupaten_code,
                earlier.file_format,
                earlier.rows,
                0,
                0,
                earlier.rows,
                (),
                len(history_of(s, campaign).unreported),
                already_imported=earlier.imported_at,
                dry_run=dry_run,
            )
        ctx = import_context(s, campaign)
        findings = Findings()
        fmt, visits = read_report(content, name, findings, ctx)
        existing = actual_visits(s, campaign)
        checked = check_reports(
            visits,
            ctx,
            _recorded(existing),
            findings,
            accept_outliers=accept_outliers,
            replace=replace,
        )
        if not visits and not findings.errors:
            findings.error(name, None, None, Message.of("actuals.no_counts"))
        _in_row_order(findings)
        findings.raise_if_errors()
        written = _write(s, campaign, name, digest, fmt, len(visits), checked, existing)
        result = replace_fields(
            written,
            unreported=len(history_of(s, campaign).unreported),
            visits=tuple(
                (
                    c.visit.date,
                    c.visit.team,
                    c.visit.venue_id,
                    c.visit.activations,
                    c.planned,
                    c.action,
                )
                for c in checked
            ),
            dry_run=dry_run,
            venue_names={
                vid: ctx.venues[vid].name for _d, _t, vid in written.unplanned if vid in ctx.venues
            },
        )
        if dry_run:
            raise _DryRunDoneError(result)
        if on_write is not None:
            on_write(s, result)
    return result


def _write(
    s: Session,
    campaign: Campaign,
    name: str,
    digest: str,
    fmt: str,
    n_rows: int,
    checked: list[CheckedVisit],
    existing: list[ActualVisit],
) -> ImportResult:
    by_key = {(a.date, a.team, a.venue_id): a for a in existing}
    stamp = now()
    counts = {"add": 0, "replace": 0, "unchanged": 0}
    for c in checked:
        counts[c.action] += 1
    record = ImportRecord(
        campaign_id=campaign.id,
        file_name=name,
        file_hash=digest,
        file_format=fmt,
        rows=n_rows,
        added=counts["add"],
        replaced=counts["replace"],
        unchanged=counts["unchanged"],
        imported_at=stamp,
    )
    s.add(record)
    s.flush()
    for c in checked:
        v = c.visit
        if c.action == "unchanged":
            continue
        row = by_key.get(v.key)
        if row is None:
            row = ActualVisit(
                campaign_id=campaign.id, date=v.date, team=v.team, venue_id=v.venue_id
            )
            s.add(row)
        row.venue_type = c.venue_type
        row.activations = v.activations
        row.officers = v.officers
        row.hours = v.hours
        row.note = v.note
        row.planned = c.planned
        row.source_file = v.file
        row.source_row = v.row
        row.import_id = record.id
        row.imported_at = stamp
    s.flush()
    unplanned = tuple(
        (c.visit.date, c.visit.team, c.visit.venue_id) for c in checked if not c.planned
    )
    return ImportResult(
        name,
        campaign.kabupaten_code,
        fmt,
        n_rows,
        counts["add"],
        counts["replace"],
        counts["unchanged"],
        unplanned,
        0,
    )
