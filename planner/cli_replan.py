"""`ikd-planner replan`: re-plan the rest of a month from the campaign ledger.

Thin: read the month's plan in force and the history from the ledger, call
planner.replan.replan_month, write the outputs (the whole plan, as `plan` writes it, plus per
team a zip of the changed days only to send again, and `perubahan.txt`, the change list),
record the new plan (it supersedes the old one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli_campaign import DbOpt, KabOpt, err, fail, open_ledger, say, warn
from planner.i18n import Lang, Message, t
from planner.settings import DEFAULT_OUT_DIR

if TYPE_CHECKING:
    from planner.domain import KabupatenData
    from planner.plan import Plan
    from planner.render import OutputManifest
    from planner.render.output import Changed
    from planner.replan import ChangeList

CHANGES_FILE = "perubahan.txt"


def replan(
    from_date: Annotated[
        str,
        typer.Option(
            "--from",
            help="hari pertama yang direncanakan ulang / first day to re-plan (YYYY-MM-DD)",
        ),
    ],
    unavailable: Annotated[
        list[str] | None,
        typer.Option(
            "--unavailable",
            help="tim berhalangan / a team's absence, TEAM:YYYY-MM-DD..YYYY-MM-DD (repeatable)",
        ),
    ] = None,
    vehicles_per_day: Annotated[
        int | None,
        typer.Option(
            "--vehicles-per-day", min=0, help="kendaraan per hari / vehicles per day from --from on"
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="folder data kabupaten / kabupaten data folder (geodata/README.md); default: "
            "the folder recorded with the campaign's plans",
        ),
    ] = None,
    kabupaten: KabOpt = None,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="batas waktu hitung, detik / solver time limit, seconds"),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="folder keluaran / output folder")
    ] = DEFAULT_OUT_DIR,
    lang: Annotated[str, typer.Option("--lang", help="id (Bahasa Indonesia) atau / or en")] = "id",
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="tulis peta / write maps")] = True,
    db: DbOpt = None,
) -> None:
    """Rencanakan ulang sisa bulan: hari sebelum --from tetap, tim berhalangan dan kendaraan
    hilang diperhitungkan. / Re-plan the rest of a month: keep the days before --from as they
    happened, honour absences and a lost vehicle, re-optimise the remaining days."""
    from planner.campaign.db import transaction
    from planner.campaign.store import current_plan, get_campaign
    from planner.cli import _load_data
    from planner.cli_campaign import (
        campaign_data_dir,
        check_lang_option,
        database_errors,
        record_plan,
    )
    from planner.plan import Plan
    from planner.render import OutputFolderError
    from planner.render.summary_text import summary_lines
    from planner.replan import Absence, ReplanError, replan_month
    from planner.scenario import Scenario
    from planner.solve.master import InfeasiblePlanError

    language = check_lang_option(lang)
    try:
        start = date.fromisoformat(from_date)
    except ValueError:
        fail(Message.of("replan.bad_from", value=repr(from_date)), lang=lang)
    try:
        absences = [Absence.parse(a) for a in unavailable or []]
    except ReplanError as exc:
        fail(exc, lang=lang)
    ledger = open_ledger(db, lang, create=False)
    if data is None and kabupaten is None and ledger.sole_campaign() is None:
        from planner.campaign.store import campaign_codes

        with transaction(ledger.engine) as s:
            codes = campaign_codes(s)
        if len(codes) > 1:
            fail(Message.of("campaign.several", codes=", ".join(codes)), lang=lang)
    loaded = _load_data(campaign_data_dir(ledger, data, kabupaten), lang)
    if kabupaten is not None and loaded.meta.code != kabupaten:
        fail(
            Message.of(
                "replan.data_other_kabupaten",
                path=str(loaded.source_dir),
                data=loaded.meta.code,
                code=kabupaten,
            ),
            lang=lang,
        )
    month = f"{start.year:04d}-{start.month:02d}"
    with database_errors(ledger, lang), transaction(ledger.engine) as s:
        campaign = get_campaign(s, loaded.meta.code)
        record = current_plan(s, campaign, month) if campaign is not None else None
        plan_json = record.plan_json if record is not None else None
    if plan_json is None:
        fail(
            Message.of("replan.no_plan", month=month, name=loaded.meta.name, db=ledger.where),
            lang=lang,
        )
    previous = Plan.from_json(plan_json)
    with database_errors(ledger, lang):
        history = ledger.history(loaded.meta.code)
    late = [
        v
        for v in (history.reported if history else ())
        if start <= v.date and (v.date.year, v.date.month) == (start.year, start.month)
    ]
    if late:
        warn(Message.of("replan.late_reports", n=len(late), date=start.isoformat()), lang)
    scenario = Scenario.model_validate(previous.scenario)
    if time_limit is not None:
        scenario = scenario.override(time_limit_s=time_limit)
    try:
        with err.status("re-planning…") as status:
            new, changes = replan_month(
                loaded,
                scenario,
                history,
                previous,
                start,
                absences,
                vehicles_per_day,
                progress=lambda m: status.update(f"re-planning… {m}"),
            )
    except ReplanError as exc:
        fail(exc, lang=lang)
    except InfeasiblePlanError as exc:
        fail(Message.of("cli.cannot_plan", detail=exc), code=3, lang=lang)
    try:
        manifest, lines = write_replan_outputs(new, changes, loaded, out_dir, language, maps)
    except OutputFolderError as exc:
        fail(Message.of("cli.out_refused", detail=exc), lang=lang)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        fail(Message.of("cli.cannot_write", path=str(out_dir), detail=reason), lang=lang)
    recorded = record_plan(ledger, new, loaded, lang)
    for line in summary_lines(new, language):
        say(line)
    say("")
    for line in lines:
        say(line)
    say(f"\n→ {manifest.describe(language)}")
    from planner.cli_campaign import recorded_line

    say(f"→ {recorded_line(recorded, ledger, lang)}")


def resend_line(plan: Plan, changed: Changed, lang: Lang) -> list[str]:
    """`Kirim ulang ke tim: teams/tim-1-perubahan-….zip, …`: what the manager forwards (the
    whole month's packages are in the folder too)."""
    from planner.render.itinerary import team_slugs
    from planner.render.output import TEAMS_DIR
    from planner.render.packages import changes_zip_name

    slugs = team_slugs(plan)
    teams = sorted({team for _, team in changed.team_days})
    if not teams:
        return []
    since = changed.since.isoformat()
    files = ", ".join(f"{TEAMS_DIR}/{changes_zip_name(slugs[team], since)}" for team in teams)
    return [t(lang, "replan.resend", files=files)]


def write_replan_outputs(
    plan: Plan,
    changes: ChangeList,
    data: KabupatenData,
    out_dir: Path,
    lang: Lang,
    maps: bool,
) -> tuple[OutputManifest, list[str]]:
    """Write a re-plan into `out_dir` as `plan` writes a plan, plus `perubahan.txt` and per
    team a zip of the changed days to send again; returns the manifest and the change lines.
    The CLI and the web app's re-plan page both write through here."""
    from planner.render import write_outputs
    from planner.render.output import Changed

    names = {v.venue_id: v.name for v in data.venues}
    changed = Changed(changes.from_date, frozenset(changes.changed_team_days))
    lines = [*changes.lines(lang, names), *resend_line(plan, changed, lang)]
    manifest = write_outputs(
        plan,
        data,
        out_dir,
        lang=lang,
        maps=maps,
        changed=changed,
        extra_files={CHANGES_FILE: "\n".join(lines) + "\n"},
    )
    return manifest, lines
