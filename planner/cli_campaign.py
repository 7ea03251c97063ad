"""The campaign ledger's commands (`actuals import`, `progress`) and the ledger glue of `plan`.

Thin like planner/cli.py: parse, call one library function in planner.campaign, report. Every
command takes `--db URL` (else $IKD_PLANNER_DB, else ./ikd-campaign.sqlite) and says which
database it used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from planner.campaign.config import DB_ENV, DEFAULT_DB_FILE, DEFAULT_PROGRESS_DIR

if TYPE_CHECKING:
    from planner.campaign.actuals.importer import ImportResult
    from planner.campaign.ledger import Ledger, RecordedPlan
    from planner.campaign.progress import Progress
    from planner.domain import KabupatenData
    from planner.history import CampaignHistory
    from planner.i18n import Lang
    from planner.io.errors import DataValidationError
    from planner.plan import Plan

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help=f"basis data kampanye / campaign database URL (sqlite:///FILE, postgresql://…); "
        f"default ./{DEFAULT_DB_FILE}",
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def say(line: str) -> None:
    out.print(line, highlight=False, markup=False)


def open_ledger(db: str | None) -> Ledger:
    """The campaign database, migrated to head; a bad URL or an unreachable server exits 2."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from planner.campaign.ledger import Ledger

    try:
        return Ledger.open(db)
    except (ArgumentError, OperationalError, ValueError) as exc:
        fail(f"cannot open the campaign database {_shown(db)}: {exc}")


def _shown(db: str | None) -> str:
    """The database for a message, with any password hidden."""
    from planner.campaign.db import describe_url, resolve_url

    try:
        return describe_url(resolve_url(db))
    except Exception:  # a URL too broken to parse: show only its scheme
        return (db or DEFAULT_DB_FILE).split("://", 1)[0] + "://…"


def record_plan(ledger: Ledger, plan: Plan, data: KabupatenData) -> RecordedPlan:
    """Record the plan; a database failure exits 2 saying the outputs exist but are unrecorded."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return ledger.record_plan(plan, data)
    except SQLAlchemyError as exc:
        fail(
            f"the plan's files were written, but the plan could not be recorded in the campaign "
            f"database {ledger.where}: {exc.__class__.__name__}: {exc}. Plan again once the "
            "database is reachable (the new plan supersedes nothing)."
        )


def history_for_month(ledger: Ledger, data: KabupatenData, month: str) -> CampaignHistory | None:
    """What the ledger recorded for this kabupaten before the month starts (None: nothing)."""
    year, mon = (int(x) for x in month.split("-"))
    return ledger.history(data.meta.code, before=date(year, mon, 1))


def recorded_line(rec: RecordedPlan, ledger: Ledger, lang: str) -> str:
    """`Rencana dicatat di kampanye …` / `Plan recorded in the campaign …`."""
    if lang == "en":
        line = f"Plan #{rec.plan_id} for {rec.month} recorded in the campaign ledger {ledger.where}"
        if rec.superseded_id is not None:
            line += f" (supersedes plan #{rec.superseded_id})"
        return line + "."
    line = f"Rencana #{rec.plan_id} untuk {rec.month} dicatat di kampanye {ledger.where}"
    if rec.superseded_id is not None:
        line += f" (menggantikan rencana #{rec.superseded_id})"
    return line + "."


actuals_app = typer.Typer(
    help="Aktivasi aktual laporan tim (CSV, schedule.xlsx, balasan WhatsApp). / "
    "Actual activations reported by the teams (CSV, schedule.xlsx, WhatsApp replies).",
    no_args_is_help=True,
)
KabOpt = Annotated[
    str | None,
    typer.Option(
        "--kabupaten", help="kode kabupaten / kabupaten code (when the database holds several)"
    ),
]


def _import_lines(res: ImportResult, where: str, lang: str) -> list[str]:
    en = lang == "en"
    if res.already_imported is not None:
        when = res.already_imported.strftime("%Y-%m-%d %H:%M")
        return [
            f"{res.file} was already imported ({when} UTC); nothing changed."
            if en
            else f"{res.file} sudah pernah diimpor ({when} UTC); tidak ada yang berubah."
        ]
    total = res.added + res.replaced + res.unchanged
    lines = [
        (
            f"Imported {res.file} ({res.file_format}) into {where}: {total} visits — "
            f"{res.added} new, {res.replaced} replaced, {res.unchanged} unchanged."
            if en
            else f"{res.file} ({res.file_format}) diimpor ke {where}: {total} kunjungan — "
            f"{res.added} baru, {res.replaced} diganti, {res.unchanged} tidak berubah."
        )
    ]
    if res.unplanned:
        lines.append(
            "Unplanned (extra) visits, accepted:"
            if en
            else "Kunjungan di luar rencana (tambahan), diterima:"
        )
        lines += [f"  - {d.isoformat()} {team}: {venue}" for d, team, venue in res.unplanned]
    lines.append(
        f"Planned visits still unreported: {res.unreported}."
        if en
        else f"Kunjungan terencana yang belum dilaporkan: {res.unreported}."
    )
    return lines


def refusal_text(exc: DataValidationError, file: Path, lang: str) -> str:
    """Why a file was refused, in the reader's language (the English text is the error's own,
    which groups a problem repeated on many rows)."""
    from planner.i18n import t
    from planner.io.errors import MAX_LISTED_PROBLEMS

    if lang == "en":
        return f"{t('en', 'actuals.not_imported', file=str(file))}\n{exc}"
    lines = [
        t("id", "actuals.not_imported", file=str(file)),
        t("id", "actuals.n_problems", n=len(exc.errors)),
    ]
    lines += [f"- {e.text('id')}" for e in exc.errors[:MAX_LISTED_PROBLEMS]]
    if len(exc.errors) > MAX_LISTED_PROBLEMS:
        lines.append(f"… dan {len(exc.errors) - MAX_LISTED_PROBLEMS} lagi")
    return "\n".join(lines)


@actuals_app.command("import")
def actuals_import(
    file: Annotated[
        Path,
        typer.Argument(help="laporan.csv, schedule.xlsx atau teks WhatsApp / or WhatsApp text"),
    ],
    accept_outliers: Annotated[
        bool,
        typer.Option(
            "--accept-outliers",
            help="terima angka jauh di atas kapasitas / accept counts far above capacity",
        ),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="ganti kunjungan yang sudah tercatat / replace visits already recorded",
        ),
    ] = False,
    kabupaten: KabOpt = None,
    db: DbOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="id (Bahasa Indonesia) atau / or en")] = "id",
) -> None:
    """Masukkan aktivasi aktual: seluruh berkas atau tidak sama sekali. / Import actual
    activations; the whole file lands, or nothing (exit 2, problems listed)."""
    from planner.campaign.actuals.importer import NoCampaignError, import_actuals
    from planner.io.errors import DataValidationError

    if not file.is_file():
        fail(f"{file}: no such file")
    ledger = open_ledger(db)
    try:
        res = import_actuals(
            ledger.engine, file, kabupaten, accept_outliers=accept_outliers, replace=replace
        )
    except NoCampaignError as exc:
        fail(f"{exc} (campaign database: {ledger.where})")
    except DataValidationError as exc:
        fail(refusal_text(exc, file, lang))
    for line in _import_lines(res, ledger.where, lang):
        say(line)


def progress(
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out",
            help="folder untuk / folder for progress.html, progress.xlsx (berkas lain di folder "
            "itu dibiarkan / other files in it are kept)",
        ),
    ] = DEFAULT_PROGRESS_DIR,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="folder data / data folder, for the learned parameters"),
    ] = None,
    kabupaten: KabOpt = None,
    db: DbOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="id (Bahasa Indonesia) atau / or en")] = "id",
) -> None:
    """Posisi kampanye: tingkat IKD per bulan, rencana vs aktual. / Where the campaign
    stands: IKD rate by month, planned vs actual, forecast quality."""
    from planner.campaign.actuals.importer import NoCampaignError
    from planner.campaign.progress_out import (
        ProgressFolderError,
        check_progress_target,
        write_progress,
    )
    from planner.campaign.progress_report import progress_lines

    language: Lang = "en" if lang == "en" else "id"
    try:  # refused before any work: a user's file at one of the report's names stays
        check_progress_target(out_dir)
    except ProgressFolderError as exc:
        fail(exc.text(language))
    ledger = open_ledger(db)
    try:
        report = ledger.progress(kabupaten)
    except NoCampaignError as exc:
        fail(f"{exc} (campaign database: {ledger.where})")
    report = _with_learned(report, ledger, data)
    for line in progress_lines(report, lang, ledger.where):
        say(line)
    try:
        files = write_progress(report, out_dir, lang, ledger.where)
    except ProgressFolderError as exc:
        fail(exc.text(language))
    except OSError as exc:
        fail(str(exc))
    say("→ " + ", ".join(str(f) for f in files))


def _with_learned(report: Progress, ledger: Ledger, data_dir: Path | None) -> Progress:
    """The report with learned parameters, when the calibration and the data are at hand."""
    import dataclasses

    from planner.campaign.learned import learned_parameters
    from planner.io.errors import DataError, DataValidationError
    from planner.io.load import load_kabupaten
    from planner.scenario import Scenario
    from planner.settings import DEFAULT_DATA_DIR

    history = ledger.history(report.kabupaten_code)
    scenario_json = ledger.latest_scenario(report.kabupaten_code)
    if history is None or scenario_json is None or not history.reported:
        return report
    try:
        data = load_kabupaten(data_dir or DEFAULT_DATA_DIR)
    except (DataError, DataValidationError, OSError) as exc:
        err.print(f"warning: parameters not learned, data folder not usable: {exc}")
        return report
    if data.meta.code != report.kabupaten_code:
        err.print(
            f"warning: parameters not learned: the data folder is kabupaten {data.meta.code}, "
            f"the campaign {report.kabupaten_code} (use --data)"
        )
        return report
    params = learned_parameters(history, Scenario.model_validate(scenario_json), data)
    if params is None:
        return report
    return dataclasses.replace(report, parameters=params, parameters_learned=True)
