"""`ikd-planner`: the command line. Thin: parse, call one library function, report.

Exit codes: 0 ok; 2 bad input (data folder, scenario, options, an output folder that is not
ours); 3 no feasible plan; 130 interrupted (Ctrl-C), with the earlier output left as it was.
Every error is one sentence in the user's language (planner.i18n, keys `cli.*`), never a
traceback.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from planner.cli_campaign import DbOpt, actuals_app, fail, progress
from planner.cli_replan import replan as replan_command
from planner.i18n import Lang, check_lang, t
from planner.settings import (
    DEFAULT_COMPARE_DIR,
    DEFAULT_DATA_DIR,
    DEFAULT_OUT_DIR,
    MAX_TIME_LIMIT_S,
)

if TYPE_CHECKING:
    from planner.domain import KabupatenData
    from planner.i18n import Message
    from planner.plan import Plan
    from planner.render import OutputManifest
    from planner.scenario_defaults import SkippedEvent

app = typer.Typer(
    help="Rencana kunjungan aktivasi IKD (Disdukcapil) dengan aktivasi terbanyak. / "
    "Plan IKD activation outreach visits (Disdukcapil) that maximise expected activations.",
    no_args_is_help=True,
    add_completion=False,
)
data_app = typer.Typer(
    help="Siapkan dan periksa folder data kabupaten. / Prepare and check a kabupaten data folder.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")
app.add_typer(actuals_app, name="actuals")
app.command("progress")(progress)
app.command("replan")(replan_command)

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

DataOpt = Annotated[
    Path,
    typer.Option(
        "--data", help="folder data kabupaten / kabupaten data folder (geodata/README.md)"
    ),
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="id (Bahasa Indonesia, bawaan / default) atau / or en")
]


VerboseOpt = Annotated[
    bool,
    typer.Option("--verbose", help="tampilkan log solver / show the solver's own logs (OR-Tools)"),
]


def say(key: str, lang: str, **values: object) -> str:
    """The CLI sentence `cli.<key>` in `lang` (planner.i18n)."""
    return t("en" if lang == "en" else "id", f"cli.{key}", **values)


def _fail(message: str, code: int = 2, lang: str = "id") -> NoReturn:
    fail(message, code, lang)  # one `galat:`/`error:` prefix for every command


def _check_lang(lang: str) -> Lang:
    try:
        return check_lang(lang)
    except ValueError as exc:
        _fail(f"--lang: {exc}")


#: More teams than any Disdukcapil fields; a larger number is a typo.
MAX_TEAMS = 50


def _check_options(
    lang: str,
    *,
    month: str | None = None,
    time_limit: float | None = None,
    teams: int | None = None,
) -> None:
    """Refuse bad option values with a sentence naming the option (no validation dump)."""
    import math
    import re

    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        _fail(say("month", lang, got=repr(month)), lang=lang)
    if time_limit is not None and not (
        math.isfinite(time_limit) and 0 < time_limit <= MAX_TIME_LIMIT_S
    ):
        _fail(say("time_limit", lang, got=str(time_limit), most=int(MAX_TIME_LIMIT_S)), lang=lang)
    if teams is not None and not 1 <= teams <= MAX_TEAMS:
        _fail(say("teams", lang, got=teams, most=MAX_TEAMS), lang=lang)


def _load_data(data_dir: Path, lang: str = "id") -> KabupatenData:
    from planner.io.errors import DataError, DataValidationError
    from planner.io.load import load_kabupaten

    try:
        return load_kabupaten(data_dir)
    except KeyboardInterrupt:
        _fail(say("interrupted_early", lang), code=130, lang=lang)
    except (DataValidationError, DataError) as exc:
        _explain_template(data_dir)
        _fail(say("data", lang, path=data_dir, detail=exc.text(_check_lang(lang))), lang=lang)


def _explain_template(data_dir: Path) -> None:
    """A folder made by `data init` and not yet filled: say what to fill before the problems."""
    from planner.io.template import CHECKLIST

    checklist = data_dir / CHECKLIST
    if checklist.is_file():
        text = checklist.read_text(encoding="utf-8").split("\n---\n")[0]
        err.print(text, highlight=False, markup=False)


@data_app.command("init")
def data_init(
    folder: Annotated[Path, typer.Argument(help="folder baru / new folder")],
    kode: Annotated[str, typer.Option("--kode", help="kode kabupaten / kabupaten code, 64.01")],
    nama: Annotated[
        str, typer.Option("--nama", help="nama kabupaten / kabupaten name")
    ] = "ISI NAMA KABUPATEN",
) -> None:
    """Buat templat folder data: setiap berkas dengan header dan satu baris contoh. / Write a
    template data folder: every file with its header and one example row."""
    from planner.io.template import CHECKLIST, TemplateError, write_template

    try:
        written = write_template(folder, kode, nama)
    except (TemplateError, OSError) as exc:
        _fail(str(exc))
    out.print(
        f"{len(written)} berkas / files → {folder}; baca / read {folder / CHECKLIST}",
        highlight=False,
        markup=False,
    )


@data_app.command("check")
def data_check(
    data: DataOpt = DEFAULT_DATA_DIR,
    lang: LangOpt = "id",
) -> None:
    """Periksa folder data: tabel per kecamatan dan semua peringatan. / Validate a data folder:
    a table per kecamatan and every warning."""
    from planner.io.check_report import data_check_report, format_report

    loaded = _load_data(data, _check_lang(lang))
    out.print(
        format_report(data_check_report(loaded), lang=_check_lang(lang)),
        highlight=False,
        markup=False,
    )


@app.command()
def plan(
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario", help="scenario TOML file (default: the data folder's scenario.toml)"
        ),
    ] = None,
    data: DataOpt = DEFAULT_DATA_DIR,
    month: Annotated[str | None, typer.Option("--month", help="bulan / month YYYY-MM")] = None,
    teams: Annotated[
        int | None, typer.Option("--teams", help="jumlah tim / number of teams")
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="batas waktu hitung, detik / solver time limit, seconds"),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="seed acak / random seed")] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="folder keluaran / output folder")
    ] = DEFAULT_OUT_DIR,
    lang: LangOpt = "id",
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="tulis peta / write maps")] = True,
    verbose: VerboseOpt = False,
    db: DbOpt = None,
) -> None:
    """Rencanakan kunjungan sebulan: schedule.xlsx, peta, paket tim. / Plan a month of visits:
    schedule.csv/.xlsx, plan.json, maps and field packages."""
    from planner.candidates import NoWorkingDayError
    from planner.cli_campaign import history_for_month, open_ledger, record_plan, recorded_line
    from planner.io.scenario_file import (
        ScenarioError,
        folder_scenario_notes,
        format_validation_error,
        load_scenario,
        scenario_for_folder,
    )
    from planner.logs import configure_solver_logs
    from planner.months import resolve_month
    from planner.pipeline import plan_month
    from planner.render import OutputFolderError
    from planner.render.output import check_output_target
    from planner.render.summary_text import summary_lines
    from planner.scenario_check import ScenarioDataError
    from planner.solve.master import InfeasiblePlanError

    started = time.monotonic()  # --time-limit covers the whole plan, loading included
    language = _check_lang(lang)
    _check_options(lang, month=month, time_limit=time_limit, teams=teams)
    configure_solver_logs(verbose)
    given = None
    if scenario is not None:
        try:
            given = load_scenario(scenario)
        except ScenarioError as exc:
            _fail(say("scenario", lang, detail=exc), lang=lang)
    try:
        check_output_target(out_dir)
    except OutputFolderError as exc:
        _fail(say("out_refused", lang, detail=exc), lang=lang)
    loaded = _load_data(data, lang)
    try:
        base, source = (given, str(scenario)) if given is not None else scenario_for_folder(loaded)
        sc = base.override(teams=teams, time_limit_s=time_limit, seed=seed, month=month)
    except ScenarioError as exc:
        _fail(say("scenario", lang, detail=exc), lang=lang)
    except ValidationError as exc:
        _fail(say("scenario", lang, detail=format_validation_error("--", exc, language)), lang=lang)
    except ValueError as exc:
        _fail(say("scenario", lang, detail=exc), lang=lang)
    notes = folder_scenario_notes(loaded) if given is None else ()
    shown: list[Message | SkippedEvent] = [*loaded.warnings, *notes]
    for w in shown:
        text = escape(w.text(language))
        err.print(f"[yellow]{t(language, 'warning')}:[/] {text}", highlight=False)
    ledger = open_ledger(db, lang)
    try:
        history = history_for_month(ledger, loaded, resolve_month(sc, month))
        if verbose:
            result = plan_month(
                loaded,
                sc,
                month=month,
                progress=lambda m: err.print(m),
                history=history,
                started=started,
            )
        else:
            with err.status("solving…") as status:
                result = plan_month(
                    loaded,
                    sc,
                    month=month,
                    progress=lambda m: status.update(f"solving… {m}"),
                    history=history,
                    started=started,
                )
    except KeyboardInterrupt:
        _fail(say("interrupted", lang, path=out_dir), code=130, lang=lang)
    except ScenarioDataError as exc:
        _fail(say("scenario_misfit", lang, source=source, path=data, detail=exc), lang=lang)
    except (NoWorkingDayError, ValueError) as exc:
        _fail(say("cannot_plan", lang, detail=exc), lang=lang)
    except InfeasiblePlanError as exc:
        _fail(say("cannot_plan", lang, detail=exc), code=3, lang=lang)
    manifest = _write(result, loaded, out_dir, language, maps)
    recorded = record_plan(ledger, result, loaded, lang)
    for line in summary_lines(result, language):
        out.print(line, highlight=False, markup=False)
    out.print(f"\n→ {manifest.describe(language)}", highlight=False, markup=False)
    out.print(f"→ {recorded_line(recorded, ledger, language)}", highlight=False, markup=False)


def _write(
    plan: Plan, loaded: KabupatenData | None, out_dir: Path, lang: Lang, maps: bool
) -> OutputManifest:
    """write_outputs with its refusals, I/O errors and Ctrl-C as one sentence each."""
    from planner.render import OutputFolderError, write_outputs

    try:
        return write_outputs(plan, loaded, out_dir, lang=lang, maps=maps)
    except KeyboardInterrupt:
        _fail(say("interrupted", lang, path=out_dir), code=130, lang=lang)
    except OutputFolderError as exc:
        _fail(say("out_refused", lang, detail=exc), lang=lang)
    except OSError as exc:
        _fail(say("cannot_write", lang, path=out_dir, detail=exc.strerror or exc), lang=lang)


@app.command()
def render(
    plan_file: Annotated[
        Path, typer.Option("--plan", help="plan.json yang tersimpan / a saved plan.json")
    ],
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="folder data (bawaan: milik rencana) / data folder (default: the plan's own)",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="folder keluaran / output folder")
    ] = None,
    lang: LangOpt = "id",
    verbose: VerboseOpt = False,
) -> None:
    """Buat ulang tabel, peta dan paket dari rencana tersimpan, tanpa menghitung ulang. /
    Re-render tables, maps and field packages from a saved plan, without solving.

    Only the files a plan wrote are replaced; anything else in the folder stays.
    """
    from planner.io.plan_file import read_plan
    from planner.io.scenario_file import format_validation_error
    from planner.logs import configure_solver_logs

    language = _check_lang(lang)
    configure_solver_logs(verbose)
    try:
        saved = read_plan(plan_file)
    except ValidationError as exc:
        detail = format_validation_error(plan_file.name, exc, language).splitlines()
        more = f" (+{len(detail) - 1})" if len(detail) > 1 else ""
        _fail(say("plan_file", lang, path=plan_file, detail=detail[0] + more), lang=lang)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        _fail(say("plan_file", lang, path=plan_file, detail=reason), lang=lang)
    if data is None and not Path(saved.data_dir).is_dir():
        _fail(say("data_moved", lang, path=saved.data_dir), lang=lang)
    loaded = _load_data(data or Path(saved.data_dir), lang)
    target = out_dir or plan_file.parent
    manifest = _write(saved, loaded, target, language, True)
    out.print(f"→ {manifest.describe(language)}", highlight=False, markup=False)


@app.command()
def compare(
    sweep_file: Annotated[
        Path, typer.Argument(help="berkas sweep TOML / sweep TOML file (scenarios/sweeps/)")
    ],
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="proses di komputer ini / local worker processes"),
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="penjadwal Dask yang berjalan / a running Dask scheduler, e.g. tcp://host:8786",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="folder keluaran / output folder (default: out-compare/<sweep>)"
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="detik hitung per rencana / solver seconds per plan"),
    ] = None,
    lang: LangOpt = "id",
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="tulis peta / write maps")] = True,
    verbose: VerboseOpt = False,
) -> None:
    """Bandingkan skenario staf (paralel) dalam comparison.xlsx/.html. / Solve every scenario
    of a sweep in parallel and write comparison.csv/.xlsx/.html.

    Each plan goes to its own folder as it finishes; a rerun skips finished plans. Exit 0 when
    every scenario was planned, 1 when some failed (they are listed), 2 for a bad sweep file.
    """
    from planner.io.atomic import NotOursError
    from planner.io.sweep_file import SweepError, load_sweep
    from planner.logs import configure_solver_logs
    from planner.sweep.answer import answer_lines
    from planner.sweep.comparison import comparison_rows
    from planner.sweep.messages import end_line, interrupted_line, progress_line, start_line
    from planner.sweep.report import check_comparison_target, write_comparison
    from planner.sweep.result import CaseResult
    from planner.sweep.run import run_sweep
    from planner.sweep.spec import slugify

    language = _check_lang(lang)
    _check_options(lang, time_limit=time_limit)
    configure_solver_logs(verbose)
    try:
        sweep = load_sweep(sweep_file).override(time_limit_s=time_limit)
    except (SweepError, ValueError) as exc:
        _fail(say("sweep", lang, detail=exc), lang=lang)
    # The sweep's name comes from a file: it never becomes a path unsanitised.
    target = out_dir or DEFAULT_COMPARE_DIR / slugify(sweep.name)
    try:
        check_comparison_target(target)
    except NotOursError as exc:
        _fail(say("out_refused", lang, detail=exc), lang=lang)

    def report(res: CaseResult, done: int, total: int) -> None:
        line = progress_line(res, done, total, language)
        (out if res.ok else err).print(line, highlight=False, markup=False)

    out.print(
        start_line(len(sweep.cases), target, workers, scheduler, language),
        highlight=False,
        markup=False,
    )
    try:
        run = run_sweep(
            sweep,
            target,
            workers=workers,
            scheduler=scheduler,
            lang=language,
            maps=maps,
            progress=report,
        )
    except KeyboardInterrupt:
        _fail(interrupted_line(target, language), code=130, lang=lang)
    except OSError as exc:
        _fail(f"cannot run the sweep: {exc}", lang=lang)
    rows = comparison_rows(run.results)
    try:
        files = write_comparison(
            rows, sweep.axes, target, name=sweep.name, lang=language, question=sweep.question
        )
    except KeyboardInterrupt:
        _fail(interrupted_line(target, language), code=130, lang=lang)
    except OSError as exc:
        _fail(say("cannot_write", lang, path=target, detail=exc), lang=lang)
    out.print(
        "\n" + end_line(run.solved, run.skipped, run.failed, run.seconds, files.html, language),
        highlight=False,
        markup=False,
    )
    for line in answer_lines(rows, sweep.question, language):
        out.print(line, highlight=False, markup=False)
    if run.failed:
        raise typer.Exit(1)


__import__("planner.web.cli").web.cli.register(app)  # serve, users: the web app (issue 13)


def main() -> None:  # pragma: no cover - console entry
    app(prog_name="ikd-planner")


if __name__ == "__main__":  # pragma: no cover
    main()
