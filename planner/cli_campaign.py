"""The campaign ledger's commands (`actuals import`, `progress`) and the ledger glue of `plan`.

Thin like planner/cli.py: parse, call one library function in planner.campaign, report. Every
command takes `--db URL` (else $IKD_PLANNER_DB, else ./ikd-campaign.sqlite) and says which
database it used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from planner.campaign.config import DB_ENV, DEFAULT_DB_FILE, DEFAULT_PROGRESS_DIR
from planner.i18n import Lang, LocalisedError, Message

if TYPE_CHECKING:
    from planner.campaign.actuals.importer import ImportResult
    from planner.campaign.ledger import Ledger, RecordedPlan
    from planner.campaign.progress import Progress
    from planner.domain import KabupatenData
    from planner.history import CampaignHistory
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


def _language(lang: str) -> Lang:
    """The reader's language for a message; anything but `en` reads Bahasa Indonesia (a bad
    --lang is refused by the command itself, in both languages)."""
    return "en" if lang == "en" else "id"


def _text(message: str | Message | LocalisedError, lang: str) -> str:
    return message if isinstance(message, str) else message.text(_language(lang))


def fail(message: str | Message | LocalisedError, code: int = 2, lang: str = "id") -> NoReturn:
    """Print `galat: …` / `error: …` (one prefix for every command) and exit `code`."""
    from rich.markup import escape

    from planner.i18n import t

    label = t(_language(lang), "cli.error")
    err.print(f"[bold red]{label}:[/] {escape(_text(message, lang))}", highlight=False)
    raise typer.Exit(code)


def warn(message: str | Message | LocalisedError, lang: str = "id") -> None:
    """Print `peringatan: …` / `warning: …` and carry on."""
    from rich.markup import escape

    from planner.i18n import t

    label = t(_language(lang), "cli.warning")
    err.print(f"[yellow]{label}:[/] {escape(_text(message, lang))}", highlight=False)


def say(line: str) -> None:
    out.print(line, highlight=False, markup=False)


def open_ledger(db: str | None, lang: str = "id", *, create: bool = True) -> Ledger:
    """The campaign database, migrated to head; a bad URL, an unsupported kind of database or
    an unreachable server exits 2 with one sentence (password hidden). `create=False` (the
    commands that read an existing campaign) refuses a SQLite file that does not exist."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from planner.campaign.db import DatabaseMissingError
    from planner.campaign.ledger import Ledger

    try:
        return Ledger.open(db, create=create)
    except DatabaseMissingError as exc:
        fail(exc, lang=lang)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError):
        fail(Message.of("campaign.db_unsupported", db=_shown(db)), lang=lang)
    except OperationalError as exc:
        reason = _server_reason(_reason(exc, db))
        fail(Message.of("campaign.db_unreachable", db=_shown(db), reason=reason), lang=lang)
    except (ArgumentError, ValueError) as exc:
        fail(Message.of("campaign.db_bad_url", db=_shown(db), reason=_reason(exc, db)), lang=lang)


#: What a database server's (English) refusal means, by a phrase of the driver's message.
_SERVER_REASONS = (
    ("connection refused", "campaign.reason_refused"),
    ("timeout expired", "campaign.reason_refused"),
    ("could not translate host name", "campaign.reason_host"),
    ("name or service not known", "campaign.reason_host"),
    ("authentication failed", "campaign.reason_auth"),
    ("no password supplied", "campaign.reason_auth"),
    ("does not exist", "campaign.reason_no_database"),
    ("unable to open database file", "campaign.reason_file"),
)


def _server_reason(reason: str) -> str | Message:
    """The driver's reason in the reader's words where it is a known one (refused, unknown
    host, bad password, no such database), else as the driver said it."""
    low = reason.casefold()
    for phrase, key in _SERVER_REASONS:
        if phrase in low:
            return Message.of(key, detail=reason)
    return reason


def _reason(exc: BaseException, db: str | None) -> str:
    """The driver's own first line (no SQLAlchemy background link, no password)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import StatementError

    cause: BaseException = exc.orig if isinstance(exc, StatementError) and exc.orig else exc
    lines = [ln.strip() for ln in str(cause).splitlines() if ln.strip()]
    reason = lines[0] if lines else cause.__class__.__name__
    try:
        password = make_url(db or "").password if db and "://" in db else None
    except Exception:  # a URL too broken to parse has no password to hide
        password = None
    if password:
        reason = reason.replace(str(password), "***")
    return reason


@contextmanager
def database_errors(ledger: Ledger, lang: str) -> Iterator[None]:
    """A database failure in the middle of a command (server gone, lock wait too long) as one
    sentence and exit 2, not a traceback; the command's transaction was rolled back."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        reason = _reason(exc, ledger.url)
        fail(Message.of("campaign.db_failed", db=ledger.where, reason=reason), lang=lang)


def check_lang_option(lang: str) -> Lang:
    """`--lang` as a language, or exit 2 saying which ones exist (in both languages)."""
    from planner.i18n import check_lang

    try:
        return check_lang(lang)
    except ValueError as exc:
        fail(f"--lang: {exc}")


def _shown(db: str | None) -> str:
    """The database for a message, as the user wrote it (a server URL keeps its scheme, not
    the driver's), with any password hidden."""
    from sqlalchemy.engine import make_url

    from planner.campaign.db import describe_url, resolve_url

    try:
        chosen = db or os.environ.get(DB_ENV)
        if chosen and "://" in chosen and not chosen.startswith("sqlite"):
            return make_url(chosen).render_as_string(hide_password=True)
        return describe_url(resolve_url(db))
    except Exception:  # a URL too broken to parse: show only its scheme
        return (db or DEFAULT_DB_FILE).split("://", 1)[0] + "://…"


def record_plan(ledger: Ledger, plan: Plan, data: KabupatenData, lang: str = "id") -> RecordedPlan:
    """Record the plan; a database failure exits 2 saying the outputs exist but are unrecorded."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return ledger.record_plan(plan, data)
    except SQLAlchemyError as exc:
        fail(
            Message.of("campaign.not_recorded", db=ledger.where, reason=_reason(exc, ledger.url)),
            lang=lang,
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
        lines += [
            f"  - {d.isoformat()} {team}: {res.venue_names.get(venue, venue)} ({venue})"
            if venue in res.venue_names
            else f"  - {d.isoformat()} {team}: {venue}"
            for d, team, venue in res.unplanned
        ]
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

    check_lang_option(lang)
    if not file.is_file():
        fail(Message.of("actuals.no_file", file=str(file)), lang=lang)
    ledger = open_ledger(db, lang, create=False)
    try:
        with database_errors(ledger, lang):
            res = import_actuals(
                ledger.engine, file, kabupaten, accept_outliers=accept_outliers, replace=replace
            )
    except NoCampaignError as exc:
        fail(Message.of("campaign.in_db", what=exc, db=ledger.where), lang=lang)
    except DataValidationError as exc:
        fail(refusal_text(exc, file, lang), lang=lang)
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
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="tanggal laporan / report date YYYY-MM-DD (default hari ini / today): kunjungan "
            "sebelumnya yang belum dilaporkan vs yang belum terjadi / visits before it not "
            "reported vs not happened yet",
        ),
    ] = None,
    db: DbOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="id (Bahasa Indonesia) atau / or en")] = "id",
) -> None:
    """Posisi kampanye: tingkat IKD per bulan, rencana vs aktual. / Where the campaign
    stands: IKD rate by month, planned vs actual, forecast quality."""
    import dataclasses

    from planner.campaign.actuals.importer import NoCampaignError
    from planner.campaign.progress_out import (
        ProgressFolderError,
        check_progress_target,
        write_progress,
    )
    from planner.campaign.progress_report import progress_lines

    check_lang_option(lang)
    try:
        day = date.fromisoformat(as_of) if as_of is not None else date.today()
    except ValueError:
        fail(Message.of("progress.as_of", option="--as-of", got=str(as_of)), lang=lang)
    try:  # refused before any work: a user's file at one of the report's names stays
        check_progress_target(out_dir)
    except ProgressFolderError as exc:
        fail(exc, lang=lang)
    ledger = open_ledger(db, lang, create=False)
    try:
        with database_errors(ledger, lang):
            report = ledger.progress(kabupaten)
            report = dataclasses.replace(_with_learned(report, ledger, data, lang), as_of=day)
    except NoCampaignError as exc:
        fail(Message.of("campaign.in_db", what=exc, db=ledger.where), lang=lang)
    for line in progress_lines(report, lang, ledger.where):
        say(line)
    try:
        files = write_progress(report, out_dir, lang, ledger.where)
    except (ProgressFolderError, OSError) as exc:
        fail(exc if isinstance(exc, LocalisedError) else str(exc), lang=lang)
    say("→ " + ", ".join(str(f) for f in files))


def campaign_data_dir(ledger: Ledger, data_dir: Path | None, kabupaten: str | None) -> Path:
    """The data folder for a campaign command: `--data` when given, else the folder recorded
    with the plans of the chosen (or only) campaign when it still exists, else the embedded
    default. So `progress`/`replan` of a non-PPU campaign need no repeated --data."""
    from planner.settings import DEFAULT_DATA_DIR

    if data_dir is not None:
        return data_dir
    code = kabupaten or ledger.sole_campaign()
    recorded = ledger.recorded_data_dir(code) if code else None
    if recorded is not None and recorded.is_dir():
        return recorded
    return DEFAULT_DATA_DIR


def _with_learned(
    report: Progress, ledger: Ledger, data_dir: Path | None, lang: str = "id"
) -> Progress:
    """The report with learned parameters, when the calibration and the data are at hand."""
    import dataclasses

    from planner.campaign.learned import learned_parameters
    from planner.io.errors import DataError, DataValidationError
    from planner.io.load import load_kabupaten
    from planner.scenario import Scenario

    history = ledger.history(report.kabupaten_code)
    scenario_json = ledger.latest_scenario(report.kabupaten_code)
    if history is None or scenario_json is None or not history.reported:
        return report
    folder = campaign_data_dir(ledger, data_dir, report.kabupaten_code)
    try:
        data = load_kabupaten(folder)
    except (DataError, DataValidationError) as exc:
        warn(Message.of("campaign.not_learned_data", path=str(folder), detail=exc), lang)
        return report
    except OSError as exc:
        reason = str(exc.strerror or exc)
        warn(Message.of("campaign.not_learned_data", path=str(folder), detail=reason), lang)
        return report
    if data.meta.code != report.kabupaten_code:
        warn(
            Message.of(
                "campaign.not_learned_code", data=data.meta.code, code=report.kabupaten_code
            ),
            lang,
        )
        return report
    params = learned_parameters(history, Scenario.model_validate(scenario_json), data)
    if params is None:
        return report
    return dataclasses.replace(report, parameters=params, parameters_learned=True)
