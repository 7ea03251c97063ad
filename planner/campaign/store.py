"""Read and write the ledger: campaigns, recorded plans, and the history handed to planning.

Every function takes an open `Session` inside a transaction (see `planner.campaign.db`); the
caller decides when the transaction ends, so an import or a plan lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from planner.campaign.config import LOCK_WAIT_SECONDS
from planner.campaign.models import (
    ActualVisit,
    Campaign,
    CampaignArea,
    PlannedVisit,
    PlanRecord,
)
from planner.carryover import as_of_date
from planner.demand import visit_capacity
from planner.domain import KabupatenData, Level
from planner.history import CampaignHistory, RecordedVisit
from planner.plan import Plan


class CampaignNotFoundError(LookupError):
    """No campaign for the kabupaten (nothing planned for it yet in this database)."""


def now() -> datetime:
    return datetime.now(UTC)


#: The kinds of file a data folder's tables and boundaries come in (planner.io reads these).
DATA_SUFFIXES = frozenset({".csv", ".xlsx", ".geojson", ".json", ".toml"})


def data_hash(folder: Path | str) -> str:
    """SHA-256 over the names and contents of a data folder's data files (sorted, recursive).

    Only table, boundary and settings files count: notes do not change a plan, and a database
    kept in the folder must never be opened here (on SQLite, closing any other handle on its
    file drops the server process's locks on it).
    """
    root = Path(folder)
    h = hashlib.sha256()
    if root.is_dir():
        files = (q for q in root.rglob("*") if q.suffix.lower() in DATA_SUFFIXES and q.is_file())
        for p in sorted(files):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def get_campaign(session: Session, kabupaten_code: str) -> Campaign | None:
    return session.scalar(select(Campaign).where(Campaign.kabupaten_code == kabupaten_code))


def campaign_codes(session: Session) -> list[str]:
    """Kabupaten codes that have a campaign in this database, sorted."""
    return sorted(session.scalars(select(Campaign.kabupaten_code)))


def lock_campaign(session: Session, campaign: Campaign) -> None:
    """Serialise writers of one campaign (PostgreSQL row lock; SQLite already holds the lock).

    A writer waits at most `LOCK_WAIT_SECONDS` for another one, then fails rather than hang.
    """
    if session.get_bind().dialect.name != "sqlite":
        ms = int(LOCK_WAIT_SECONDS * 1000)
        session.execute(text(f"SET LOCAL lock_timeout = {ms}"))
        session.execute(select(Campaign.id).where(Campaign.id == campaign.id).with_for_update())


def ensure_campaign(session: Session, data: KabupatenData) -> Campaign:
    """The kabupaten's campaign, created from the data's baseline the first time it is planned.

    When the data carries a newer official IKD figure than the campaign's baseline (a new
    `population_actual.csv`), the baseline is reset to it: activations recorded up to that
    figure's date are then part of it and are not added again.
    """
    found = get_campaign(session, data.meta.code)
    if found is not None:
        _reset_baseline_if_newer(found, data)
        return found
    kab = next(iter(data.areas_at(Level.KABUPATEN)), None)
    kecs = data.areas_at(Level.KECAMATAN)
    wktp = kab.wktp if kab else sum(a.wktp for a in kecs)
    active = kab.ikd_active if kab else sum(a.ikd_active for a in kecs)
    campaign = Campaign(
        kabupaten_code=data.meta.code,
        name=data.meta.name,
        baseline_ikd_active=active,
        baseline_as_of=data.meta.ikd_as_of,
        wktp=wktp,
        target_rate=data.meta.target_rate,
        national_target_rate=data.meta.national_target_rate,
        created_at=now(),
        areas=[
            CampaignArea(code=a.code, name=a.name, wktp=a.wktp, ikd_active=a.ikd_active)
            for a in kecs
        ],
    )
    session.add(campaign)
    session.flush()
    return campaign


def _reset_baseline_if_newer(campaign: Campaign, data: KabupatenData) -> None:
    new, old = as_of_date(data.meta.ikd_as_of), as_of_date(campaign.baseline_as_of)
    if new is None or (old is not None and new <= old):
        return
    kab = next(iter(data.areas_at(Level.KABUPATEN)), None)
    kecs = data.areas_at(Level.KECAMATAN)
    campaign.baseline_ikd_active = kab.ikd_active if kab else sum(a.ikd_active for a in kecs)
    campaign.baseline_as_of = data.meta.ikd_as_of
    campaign.wktp = kab.wktp if kab else sum(a.wktp for a in kecs)
    by_code = {a.code: a for a in campaign.areas}
    for a in kecs:
        row = by_code.get(a.code)
        if row is None:
            campaign.areas.append(
                CampaignArea(code=a.code, name=a.name, wktp=a.wktp, ikd_active=a.ikd_active)
            )
        else:
            row.name, row.wktp, row.ikd_active = a.name, a.wktp, a.ikd_active


def _minutes(start: str, end: str) -> float:
    h0, m0 = start.split(":")
    h1, m1 = end.split(":")
    return float((int(h1) * 60 + int(m1)) - (int(h0) * 60 + int(m0)))


def planned_visits(plan: Plan) -> list[PlannedVisit]:
    """The plan's stops as ledger rows, each with its capacity in people (demand rule 5)."""
    rate = float(plan.scenario.get("demand", {}).get("activations_per_officer_hour", 8.0))
    types = {v.id: v.type for v in plan.venues}
    rows = []
    for td in plan.team_days:
        for s in td.stops:
            minutes = max(_minutes(s.start, s.end), 0.0)
            rows.append(
                PlannedVisit(
                    date=td.date,
                    team=td.team,
                    stop=s.stop,
                    venue_id=s.venue_id,
                    venue_type=types.get(s.venue_id, ""),
                    officers=td.officers,
                    minutes_on_site=minutes,
                    capacity=visit_capacity(td.officers, minutes, rate),
                    expected=s.expected_activations,
                    p10=s.p10,
                    p90=s.p90,
                )
            )
    return rows


def current_plan(session: Session, campaign: Campaign, month: str) -> PlanRecord | None:
    """The month's plan in force (the newest, not superseded), if any."""
    return session.scalar(
        select(PlanRecord).where(
            PlanRecord.campaign_id == campaign.id,
            PlanRecord.month == month,
            PlanRecord.superseded_by.is_(None),
        )
    )


def current_plans(session: Session, campaign: Campaign) -> list[PlanRecord]:
    """Every month's plan in force, by month."""
    return list(
        session.scalars(
            select(PlanRecord)
            .where(PlanRecord.campaign_id == campaign.id, PlanRecord.superseded_by.is_(None))
            .order_by(PlanRecord.month)
        )
    )


def record_plan(
    session: Session, campaign: Campaign, plan: Plan, data_hash_hex: str
) -> tuple[PlanRecord, PlanRecord | None]:
    """Store `plan` as the month's plan in force; returns it and the plan it supersedes."""
    lock_campaign(session, campaign)
    previous = current_plan(session, campaign, plan.month)
    record = PlanRecord(
        campaign_id=campaign.id,
        month=plan.month,
        scenario=plan.scenario,
        seed=int(plan.scenario.get("seed", 0) or 0),
        data_hash=data_hash_hex,
        summary=plan.summary.model_dump(mode="json"),
        plan_json=plan.to_json(),
        created_at=now(),
        visits=planned_visits(plan),
    )
    if previous is not None:
        _keep_forecasts_of_reported_visits(session, campaign, previous, record)
    session.add(record)
    session.flush()
    if previous is not None:
        previous.superseded_by = record.id
        session.flush()
    return record, previous


def _keep_forecasts_of_reported_visits(
    session: Session, campaign: Campaign, previous: PlanRecord, record: PlanRecord
) -> None:
    """A visit already reported keeps the forecast the superseded plan made for it.

    A re-plan keeps the past "as it happened": its plan carries the actual as the visit's
    expected value (P10 = P90 = actual). Recorded as a forecast, that would make `progress`
    judge the forecasts against themselves (error 0, every actual inside its band) the moment
    a month is re-planned. Only a forecast made before the count was known says how good the
    forecasts are, so the earlier plan's numbers stay with the visits already reported.
    """
    year, month = (int(x) for x in record.month.split("-"))
    month_start = date(year, month, 1)
    reported: set[tuple[date, str, str]] = set(
        session.execute(
            select(ActualVisit.date, ActualVisit.team, ActualVisit.venue_id).where(
                ActualVisit.campaign_id == campaign.id, ActualVisit.date >= month_start
            )
        )
    )
    before = {(v.date, v.team, v.venue_id): v for v in previous.visits}
    for v in record.visits:
        key = (v.date, v.team, v.venue_id)
        old = before.get(key)
        if old is not None and key in reported:
            v.expected, v.p10, v.p90 = old.expected, old.p10, old.p90


@dataclass(frozen=True)
class VenueRef:
    """A venue as a recorded plan lists it: enough to name it and find its kecamatan."""

    venue_id: str
    name: str
    venue_type: str
    kecamatan: str


#: The venues of each recorded plan, parsed once: a recorded plan's plan.json never changes
#: (a re-plan is a new record), and parsing every plan in force again on every import and
#: every progress read cost ~35 ms for a year of PPU plans. Keyed by database, record id and
#: creation time, so a database deleted and made again never hands out another's venues.
_VENUES: dict[tuple[str, int, str], dict[str, VenueRef]] = {}
_VENUES_MAX = 512


def plan_venues(session: Session, campaign: Campaign) -> dict[str, VenueRef]:
    """Every venue the plans in force list (a newer plan's entry wins), read from plan.json."""
    out: dict[str, VenueRef] = {}
    records = session.execute(
        select(PlanRecord.id, PlanRecord.created_at)
        .where(PlanRecord.campaign_id == campaign.id, PlanRecord.superseded_by.is_(None))
        .order_by(PlanRecord.month, PlanRecord.id)
    ).all()
    where = str(session.get_bind().engine.url)
    for record_id, created in records:
        out.update(_venues_of(session, (where, int(record_id), str(created))))
    return out


def _venues_of(session: Session, key: tuple[str, int, str]) -> dict[str, VenueRef]:
    found = _VENUES.get(key)
    if found is not None:
        return found
    text_ = session.scalar(select(PlanRecord.plan_json).where(PlanRecord.id == key[1]))
    found = {
        str(v["id"]): VenueRef(
            str(v["id"]), str(v["name"]), str(v["type"]), str(v.get("kecamatan", ""))
        )
        for v in json.loads(text_ or "{}").get("venues", [])
    }
    if len(_VENUES) >= _VENUES_MAX:
        _VENUES.clear()
    _VENUES[key] = found
    return found


def actual_visits(session: Session, campaign: Campaign) -> list[ActualVisit]:
    return list(
        session.scalars(
            select(ActualVisit)
            .where(ActualVisit.campaign_id == campaign.id)
            .order_by(ActualVisit.date, ActualVisit.team, ActualVisit.venue_id)
        )
    )


def _actual_rows(session: Session, campaign: Campaign) -> Sequence[Any]:
    """Reported visits as plain rows (no ORM objects: a year's campaign has thousands)."""
    a = ActualVisit
    return session.execute(
        select(a.date, a.team, a.venue_id, a.venue_type, a.activations, a.officers, a.hours)
        .where(a.campaign_id == campaign.id)
        .order_by(a.date, a.team, a.venue_id)
    ).all()


def planned_rows_by_plan(session: Session, campaign: Campaign) -> list[tuple[Any, list[Any]]]:
    """Each plan in force (by month) with its planned visits as plain rows, in two queries."""
    plans = session.execute(
        select(PlanRecord.id, PlanRecord.month)
        .where(PlanRecord.campaign_id == campaign.id, PlanRecord.superseded_by.is_(None))
        .order_by(PlanRecord.month, PlanRecord.id)
    ).all()
    pv = PlannedVisit
    rows = session.execute(
        select(
            pv.plan_id,
            pv.date,
            pv.team,
            pv.venue_id,
            pv.venue_type,
            pv.officers,
            pv.minutes_on_site,
            pv.capacity,
            pv.expected,
            pv.p10,
            pv.p90,
        )
        .where(pv.plan_id.in_([p.id for p in plans]))
        .order_by(pv.plan_id, pv.id)
    ).all()
    by_plan: dict[int, list[Any]] = {p.id: [] for p in plans}
    for r in rows:
        by_plan[r.plan_id].append(r)
    return [(p, by_plan[p.id]) for p in plans]


def history_of(session: Session, campaign: Campaign, before: date | None = None) -> CampaignHistory:
    """The campaign as planning sees it: plans in force joined with what was reported.

    A planned visit carries its forecast and, once reported, its activations; a reported visit
    that no plan in force has is an unplanned (extra) stop. Only visits strictly before
    `before` are included when it is given.
    """
    actual = {(a.date, a.team, a.venue_id): a for a in _actual_rows(session, campaign)}
    visits: list[RecordedVisit] = []
    seen: set[tuple[date, str, str]] = set()
    for rec, rows in planned_rows_by_plan(session, campaign):
        for pv in rows:
            key = (pv.date, pv.team, pv.venue_id)
            if key in seen:
                continue
            seen.add(key)
            a = actual.get(key)
            visits.append(
                RecordedVisit(
                    date=pv.date,
                    team=pv.team,
                    venue_id=pv.venue_id,
                    venue_type=pv.venue_type,
                    planned=True,
                    activations=a.activations if a else None,
                    expected=pv.expected,
                    p10=pv.p10,
                    p90=pv.p90,
                    officers=a.officers if a and a.officers is not None else pv.officers,
                    # hours only as reported: the stop's start–end span includes lunch and
                    # Friday prayer, so the calibration takes the scenario's minutes on site
                    hours=a.hours if a else None,
                    plan_id=rec.id,
                )
            )
    for key, a in actual.items():
        if key in seen:
            continue
        visits.append(
            RecordedVisit(
                date=a.date,
                team=a.team,
                venue_id=a.venue_id,
                venue_type=a.venue_type,
                planned=False,
                activations=a.activations,
                officers=a.officers,
                hours=a.hours,
            )
        )
    if before is not None:
        visits = [v for v in visits if v.date < before]
    visits.sort(key=lambda v: (v.date, v.team, v.venue_id))
    return CampaignHistory(
        kabupaten_code=campaign.kabupaten_code,
        baseline_ikd_active=campaign.baseline_ikd_active,
        baseline_as_of=campaign.baseline_as_of,
        visits=tuple(visits),
    )


def load_history(
    source: Session | Engine, kabupaten_code: str, before: date | None = None
) -> CampaignHistory:
    """The recorded history of a kabupaten's campaign (visits before `before` when given).

    A kabupaten with no campaign yet gets None-free empty history only from `history_of`;
    here it raises `CampaignNotFoundError` so a caller cannot mistake a typo for a fresh start.
    """
    if isinstance(source, Session):
        campaign = get_campaign(source, kabupaten_code)
        if campaign is None:
            raise CampaignNotFoundError(kabupaten_code)
        return history_of(source, campaign, before)
    from planner.campaign.db import transaction

    with transaction(source) as session:
        return load_history(session, kabupaten_code, before)
