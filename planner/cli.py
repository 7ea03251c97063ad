"""`ikd-planner`: the command line. Thin: parse, call one library function, report.

Exit codes: 0 ok; 2 bad input (data folder, scenario, options); 3 no feasible plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from planner.cli_campaign import DbOpt, actuals_app, progress
from planner.cli_replan import replan as replan_command
from planner.i18n import Lang, check_lang, t
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_OUT_DIR, DEFAULT_SCENARIO

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


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _check_lang(lang: str) -> Lang:
    try:
        return check_lang(lang)
    except ValueError as exc:
        _fail(f"--lang: {exc}")
        raise


def _load_data(data_dir: Path):  # type: ignore[no-untyped-def]
    from planner.io.errors import DataError, DataValidationError
    from planner.io.load import load_kabupaten

    try:
        return load_kabupaten(data_dir)
    except (DataValidationError, DataError) as exc:
        _explain_template(data_dir)
        _fail(f"data folder {data_dir} is not valid:\n{exc}")


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

    loaded = _load_data(data)
    out.print(
        format_report(data_check_report(loaded), lang=_check_lang(lang)),
        highlight=False,
        markup=False,
    )


@app.command()
def plan(
    scenario: Annotated[
        Path, typer.Option("--scenario", help="berkas skenario TOML / scenario TOML file")
    ] = DEFAULT_SCENARIO,
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
    db: DbOpt = None,
) -> None:
    """Rencanakan kunjungan sebulan: schedule.xlsx, peta, paket tim. / Plan a month of visits:
    schedule.csv/.xlsx, plan.json, maps and field packages."""
    from planner.candidates import NoWorkingDayError
    from planner.cli_campaign import history_for_month, open_ledger, record_plan, recorded_line
    from planner.io.scenario_file import ScenarioError, load_scenario
    from planner.months import resolve_month
    from planner.pipeline import plan_month
    from planner.render import write_outputs
    from planner.render.summary_text import summary_lines
    from planner.solve.master import InfeasiblePlanError

    language = _check_lang(lang)
    try:
        sc = load_scenario(scenario).override(
            teams=teams, time_limit_s=time_limit, seed=seed, month=month
        )
    except (ScenarioError, ValueError) as exc:
        _fail(str(exc))
    loaded = _load_data(data)
    for w in loaded.warnings:
        text = escape(w.text(language))
        err.print(f"[yellow]{t(language, 'warning')}:[/] {text}", highlight=False)
    ledger = open_ledger(db)
    try:
        history = history_for_month(ledger, loaded, resolve_month(sc, month))
        with err.status("solving…") as status:
            result = plan_month(
                loaded,
                sc,
                month=month,
                progress=lambda m: status.update(f"solving… {m}"),
                history=history,
            )
    except NoWorkingDayError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    except InfeasiblePlanError as exc:
        _fail(str(exc), code=3)
    try:
        manifest = write_outputs(result, loaded, out_dir, lang=language, maps=maps)
    except (FileExistsError, OSError) as exc:
        _fail(str(exc))
    recorded = record_plan(ledger, result, loaded)
    for line in summary_lines(result, language):
        out.print(line, highlight=False, markup=False)
    out.print(f"\n→ {manifest.describe(language)}", highlight=False, markup=False)
    out.print(f"→ {recorded_line(recorded, ledger, language)}", highlight=False, markup=False)


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
) -> None:
    """Buat ulang tabel, peta dan paket dari rencana tersimpan, tanpa menghitung ulang. /
    Re-render tables, maps and field packages from a saved plan, without solving."""
    from pydantic import ValidationError

    from planner.io.plan_file import read_plan
    from planner.render import write_outputs

    language = _check_lang(lang)
    try:
        saved = read_plan(plan_file)
    except (OSError, ValidationError, ValueError) as exc:
        _fail(f"{plan_file}: not a readable plan.json: {exc}")
    loaded = _load_data(data or Path(saved.data_dir))
    target = out_dir or plan_file.parent
    try:
        manifest = write_outputs(saved, loaded, target, lang=language, maps=True)
    except (FileExistsError, OSError) as exc:
        _fail(str(exc))
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
        typer.Option("--out", help="folder keluaran / output folder (default: out/<sweep>)"),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="detik hitung per rencana / solver seconds per plan"),
    ] = None,
    lang: LangOpt = "id",
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="tulis peta / write maps")] = True,
) -> None:
    """Bandingkan skenario staf (paralel) dalam comparison.xlsx/.html. / Solve every scenario
    of a sweep in parallel and write comparison.csv/.xlsx/.html.

    Each plan goes to its own folder as it finishes; a rerun skips finished plans. Exit 0 when
    every scenario was planned, 1 when some failed (they are listed), 2 for a bad sweep file.
    """
    from planner.io.sweep_file import SweepError, load_sweep
    from planner.sweep.answer import answer_lines
    from planner.sweep.comparison import comparison_rows
    from planner.sweep.messages import end_line, interrupted_line, progress_line, start_line
    from planner.sweep.report import write_comparison
    from planner.sweep.result import CaseResult
    from planner.sweep.run import run_sweep

    language = _check_lang(lang)
    try:
        sweep = load_sweep(sweep_file).override(time_limit_s=time_limit)
    except (SweepError, ValueError) as exc:
        _fail(str(exc))
    target = out_dir or DEFAULT_OUT_DIR / sweep.name

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
        _fail(interrupted_line(target, language), code=130)
    except OSError as exc:
        _fail(f"cannot run the sweep: {exc}")
    rows = comparison_rows(run.results)
    files = write_comparison(
        rows, sweep.axes, target, name=sweep.name, lang=language, question=sweep.question
    )
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
