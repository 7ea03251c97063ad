"""Check reported visits against the ledger before anything is written.

Each rule adds an error naming the file, row and field; the importer refuses the whole file
when there is any. Rules: the team exists; the venue exists; the date falls in a month with a
recorded plan; the count is not far above the visit's capacity (unless outliers are accepted);
a visit reported twice (in the file, or already in the ledger) with other numbers is refused
unless replacing is asked for. A visit that no plan has, at an existing venue, is accepted and
marked unplanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.campaign.actuals.rows import ImportContext, ReportedVisit, problem
from planner.campaign.config import OUTLIER_FACTOR
from planner.i18n import Message
from planner.io.errors import Findings

Action = Literal["add", "replace", "unchanged"]


@dataclass(frozen=True)
class RecordedNumbers:
    """What the ledger already holds for a visit, and where it came from."""

    activations: int
    officers: int | None
    hours: float | None
    source_file: str
    source_row: int


@dataclass(frozen=True)
class CheckedVisit:
    """A report that passed every rule: canonical team and venue, and what to do with it."""

    visit: ReportedVisit
    venue_type: str
    planned: bool
    action: Action


def _err(findings: Findings, v: ReportedVisit, field: str, message: str | Message) -> None:
    findings.errors.append(problem(v.file, v.row, field, message, v.unit))


def _capacity(v: ReportedVisit, ctx: ImportContext) -> tuple[float, Message] | None:
    slot = ctx.planned.get(v.key)
    if slot is not None:
        return slot.capacity, Message.of("actuals.cap_planned", cap=f"{slot.capacity:.0f}")
    if v.officers is not None and v.hours is not None:
        cap = v.officers * v.hours * ctx.per_officer_hour
        return cap, Message.of(
            "actuals.cap_officers",
            officers=str(v.officers),
            hours=f"{v.hours:g}",
            rate=f"{ctx.per_officer_hour:g}",
        )
    team_cap = ctx.team_capacity.get(v.team)
    if team_cap is not None:
        return team_cap, Message.of("actuals.cap_team_day", cap=f"{team_cap:.0f}")
    return None


def canonical(v: ReportedVisit, ctx: ImportContext, findings: Findings) -> ReportedVisit | None:
    """The visit with the ledger's spelling of team and venue id, or None after an error."""
    ok = True
    team = next((t for t in ctx.teams if t.casefold() == v.team.strip().casefold()), None)
    if team is None:
        teams = ", ".join(ctx.teams)
        _err(
            findings, v, "team", Message.of("actuals.unknown_team", team=repr(v.team), teams=teams)
        )
        ok = False
    venue = ctx.venues.get(v.venue_id) or next(
        (x for x in ctx.venues.values() if x.venue_id.casefold() == v.venue_id.casefold()), None
    )
    if venue is None:
        _err(findings, v, "venue_id", Message.of("actuals.unknown_venue", venue=repr(v.venue_id)))
        ok = False
    month = v.date.isoformat()[:7]
    if month not in ctx.months:
        planned = ", ".join(sorted(ctx.months)) or "–"
        _err(
            findings,
            v,
            "date",
            Message.of("actuals.outside_plans", date=v.date.isoformat(), months=planned),
        )
        ok = False
    if not ok or team is None or venue is None:
        return None
    return ReportedVisit(
        file=v.file,
        row=v.row,
        date=v.date,
        team=team,
        venue_id=venue.venue_id,
        activations=v.activations,
        officers=v.officers,
        hours=v.hours,
        note=v.note,
        unit=v.unit,
    )


def check_reports(
    visits: list[ReportedVisit],
    ctx: ImportContext,
    recorded: dict[tuple[object, str, str], RecordedNumbers],
    findings: Findings,
    *,
    accept_outliers: bool = False,
    replace: bool = False,
) -> list[CheckedVisit]:
    """The visits to write, each with its action; every broken rule is added to `findings`."""
    latest: dict[tuple[object, str, str], ReportedVisit] = {}
    for raw in visits:
        v = canonical(raw, ctx, findings)
        if v is None:
            continue
        cap = _capacity(v, ctx)
        if cap is not None and v.activations > OUTLIER_FACTOR * cap[0] and not accept_outliers:
            _err(
                findings,
                v,
                "activations",
                Message.of("actuals.outlier", count=str(v.activations), cap=cap[1]),
            )
            continue
        earlier = latest.get(v.key)
        differs = earlier is not None and not earlier.same_numbers(
            v.activations, v.officers, v.hours
        )
        if earlier is not None and differs and not replace:
            _err(
                findings,
                v,
                "activations",
                Message.of(
                    f"actuals.twice_{'line' if v.unit == 'line' else 'row'}",
                    visit=f"{v.date}, {v.team}, {v.venue_id}",
                    row=str(earlier.row),
                    before=str(earlier.activations),
                    count=str(v.activations),
                ),
            )
            continue
        latest[v.key] = v
    out: list[CheckedVisit] = []
    for key, v in latest.items():
        before = recorded.get(key)
        action: Action = "add"
        if before is not None:
            if v.same_numbers(before.activations, before.officers, before.hours):
                action = "unchanged"
            elif replace:
                action = "replace"
            else:
                _err(
                    findings,
                    v,
                    "activations",
                    Message.of(
                        "actuals.already",
                        before=str(before.activations),
                        file=before.source_file,
                        row=str(before.source_row),
                    ),
                )
                continue
        venue_type = ctx.venues[v.venue_id].venue_type
        out.append(CheckedVisit(v, venue_type, key in ctx.planned, action))
    return out
