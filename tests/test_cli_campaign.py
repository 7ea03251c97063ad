"""The campaign commands as a user runs them: `plan` records, `actuals import`, `progress`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from planner.campaign.db import transaction
from planner.campaign.ledger import Ledger
from planner.campaign.models import PlanRecord
from planner.cli import app
from tests.campaign.factories import CSV_OK, make_plan, write
from tests.factories import tiny_kabupaten

runner = CliRunner()
KAB_MINI = Path(__file__).parent / "data" / "kab_mini"


def _scenario(tmp_path: Path) -> Path:
    f = tmp_path / "mini.toml"
    f.write_text(
        "seed = 0\n[[teams]]\nname = 'Tim 1'\nofficers = 3\nbase = 'V-DUKCAPIL'\n",
        encoding="utf-8",
    )
    return f


def _plan(tmp_path: Path, db: str, out: str) -> str:
    res = runner.invoke(
        app,
        [
            "plan",
            "--scenario",
            str(_scenario(tmp_path)),
            "--data",
            str(KAB_MINI),
            "--month",
            "2027-02",
            "--time-limit",
            "3",
            "--no-maps",
            "--out",
            str(tmp_path / out),
            "--db",
            db,
        ],
    )
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.slow
def test_plan_is_recorded_and_a_replan_supersedes_it(tmp_path: Path) -> None:
    """`plan` says where it recorded the plan; planning the month again supersedes it."""
    db = f"sqlite:///{tmp_path}/c.sqlite"
    first = _plan(tmp_path, db, "a")
    assert "dicatat di kampanye" in first and str(tmp_path / "c.sqlite") in first
    second = _plan(tmp_path, db, "b")
    assert "menggantikan rencana #1" in second
    ledger = Ledger.open(db)
    with transaction(ledger.engine) as s:
        plans = s.scalars(select(PlanRecord).order_by(PlanRecord.id)).all()
        assert [(p.month, p.superseded_by) for p in plans] == [("2027-02", 2), ("2027-02", None)]
        assert len(plans[1].visits) == plans[1].summary["visits"] > 0


def _ledger_with_plan(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path}/c.sqlite"
    Ledger.open(db).record_plan(make_plan(), tiny_kabupaten())
    return db


def test_import_reports_what_it_did_and_where(tmp_path: Path) -> None:
    """`actuals import` names the database and counts new visits and unreported ones."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "laporan.csv", CSV_OK)
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    assert res.exit_code == 0, res.output
    assert "3 baru" in res.output and "c.sqlite" in res.output
    assert "belum dilaporkan: 1" in res.output


def test_importing_the_same_file_again_says_nothing_changed(tmp_path: Path) -> None:
    """The second import of a file exits 0 and says it changed nothing."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "laporan.csv", CSV_OK)
    runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db, "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "already imported" in res.output and "nothing changed" in res.output


def test_refused_import_exits_2_and_says_nothing_was_written(tmp_path: Path) -> None:
    """A bad row: exit 2, the problem named, and the promise that nothing was written."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "r.csv", "date,team,venue_id,activations\n2027-01-04,Tim 1,NOPE,5\n")
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db, "--lang", "en"])
    assert res.exit_code == 2
    assert "nothing was written" in res.output and "row 1, field 'venue_id'" in res.output


def test_import_before_any_plan_asks_for_a_plan_first(tmp_path: Path) -> None:
    """With no campaign in the database the user is told to plan first."""
    f = write(tmp_path / "laporan.csv", CSV_OK)
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", f"sqlite:///{tmp_path}/e.db"])
    assert res.exit_code == 2 and "ikd-planner plan" in res.output


def test_progress_prints_and_writes_html_and_xlsx(tmp_path: Path) -> None:
    """`progress` prints the standing and writes both files to --out."""
    db = _ledger_with_plan(tmp_path)
    runner.invoke(app, ["actuals", "import", str(write(tmp_path / "l.csv", CSV_OK)), "--db", db])
    out = tmp_path / "prog"
    args = ["--data", str(KAB_MINI), "--lang", "en", "--as-of", "2027-01-06"]
    res = runner.invoke(app, ["progress", "--db", db, "--out", str(out), *args])
    assert res.exit_code == 0, res.output
    assert "IKD campaign progress" in res.output
    assert "Visits past and not reported (as of 2027-01-06): 1" in res.output
    assert (out / "progress.html").stat().st_size > 0 and (out / "progress.xlsx").exists()


def test_an_unplanned_stop_is_listed_with_its_venue_name(tmp_path: Path) -> None:
    """An extra stop reads `SMA Negeri 1 Waru (SMA-1W)`, not the id alone."""
    db = _ledger_with_plan(tmp_path)
    f = write(tmp_path / "x.csv", "date,team,venue_id,activations\n2027-01-05,Tim 2,SMA-1W,20\n")
    res = runner.invoke(app, ["actuals", "import", str(f), "--db", db])
    assert res.exit_code == 0, res.output
    assert "2027-01-05 Tim 2: SMA Negeri 1 Waru (SMA-1W)" in res.output


def test_progress_as_of_splits_past_from_future_visits(tmp_path: Path) -> None:
    """`--as-of 2027-01-05`: the three 4 January visits are past and unreported, the one of
    5 January has not happened yet; a date that is not one is refused in Bahasa."""
    db = _ledger_with_plan(tmp_path)
    args = ["progress", "--db", db, "--data", str(KAB_MINI), "--out", str(tmp_path / "p")]
    res = runner.invoke(app, [*args, "--as-of", "2027-01-05"])
    assert res.exit_code == 0, res.output
    assert "belum dilaporkan (per 2027-01-05): 3" in res.output
    assert "belum terjadi (mulai 2027-01-05): 1" in res.output
    bad = runner.invoke(app, [*args, "--as-of", "5/1/2027"])
    assert bad.exit_code == 2 and "--as-of harus tanggal" in bad.output


def test_progress_refuses_a_users_file_before_any_work(tmp_path: Path) -> None:
    """A user's progress.xlsx in --out: exit 2 with a Bahasa sentence naming it, the file
    untouched, and the campaign database not even opened (none is created)."""
    out = tmp_path / "lap"
    out.mkdir()
    mine = out / "progress.xlsx"
    mine.write_text("LAPORAN KEPALA DINAS - jangan dihapus", encoding="utf-8")
    db = tmp_path / "none.sqlite"
    res = runner.invoke(app, ["progress", "--db", f"sqlite:///{db}", "--out", str(out)])
    assert res.exit_code == 2
    assert "progress.xlsx" in res.output and "tidak ditulis oleh ikd-planner" in res.output
    assert mine.read_text(encoding="utf-8") == "LAPORAN KEPALA DINAS - jangan dihapus"
    assert not db.exists()


def test_progress_default_folder_is_beside_plans_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out the report goes to ./out-progress, not inside `plan`'s ./out."""
    db = _ledger_with_plan(tmp_path)
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["progress", "--db", db, "--data", str(KAB_MINI)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out-progress" / "progress.html").is_file()
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def planned_mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """kab_mini planned for 2027-02 by the real command: (database URL, output folder)."""
    tmp = tmp_path_factory.mktemp("mini")
    db = f"sqlite:///{tmp}/c.sqlite"
    _plan(tmp, db, "out")
    return db, tmp / "out"


def _fresh_copy(planned: tuple[str, Path], tmp_path: Path) -> str:
    src = Path(planned[0].removeprefix("sqlite:///"))
    dst = tmp_path / "copy.sqlite"
    shutil.copyfile(src, dst)
    return f"sqlite:///{dst}"


@pytest.mark.slow
def test_the_real_schedule_xlsx_filled_in_by_hand_imports(
    planned_mini: tuple[str, Path], tmp_path: Path
) -> None:
    """The workbook `plan` wrote, with the Aktual cell of every visit row of the first team
    sheet filled in (break and drive-back rows carry no venue code and stay empty)."""
    db = _fresh_copy(planned_mini, tmp_path)
    wb = load_workbook(planned_mini[1] / "schedule.xlsx")
    ws = wb.worksheets[1]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if "aktual" in str(h).casefold())
    code = next(i for i, h in enumerate(header, 1) if "kode" in str(h).casefold())
    filled = 0
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=col).value is None and ws.cell(row=r, column=code).value:
            ws.cell(row=r, column=col, value=5)
            filled += 1
    path = tmp_path / "schedule.xlsx"
    wb.save(path)
    res = runner.invoke(app, ["actuals", "import", str(path), "--db", db, "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f"{filled} new" in res.output and filled > 0


@pytest.mark.slow
def test_a_reply_to_the_real_pesan_txt_imports(
    planned_mini: tuple[str, Path], tmp_path: Path
) -> None:
    """The team copies its pesan.txt and writes a count after each stop: every stop lands."""
    db = _fresh_copy(planned_mini, tmp_path)
    pesan = sorted((planned_mini[1] / "teams").rglob("pesan.txt"))[0]
    lines = pesan.read_text(encoding="utf-8").splitlines()
    stop_lines = [i for i, line in enumerate(lines) if line[:1].isdigit() and ". " in line[:4]]
    for i in stop_lines:
        lines[i] += f": {10 + i}"
    reply = write(tmp_path / "balasan.txt", "\n".join(lines) + "\n")
    res = runner.invoke(app, ["actuals", "import", str(reply), "--db", db, "--lang", "en"])
    assert res.exit_code == 0, res.output
    visits = len({lines[i].split(" ", 1)[0] for i in stop_lines})
    assert f"{visits} new" in res.output and visits


def test_unreachable_database_stops_plan_before_solving(tmp_path: Path) -> None:
    """A --db that cannot be opened is exit 2, named, and no output folder is written."""
    out = tmp_path / "o"
    res = runner.invoke(
        app,
        [
            "plan",
            "--data",
            str(KAB_MINI),
            "--scenario",
            str(_scenario(tmp_path)),
            "--month",
            "2027-02",
            "--out",
            str(out),
            "--db",
            "postgresql://nobody@127.0.0.1:1/x",
        ],
    )
    assert res.exit_code == 2
    assert "basis data kampanye" in res.output and "tidak dapat dibuka" in res.output
    assert not out.exists()
    assert "s3cret" not in res.output


@pytest.mark.slow
def test_progress_shows_learned_parameters_next_to_priors(
    planned_mini: tuple[str, Path], tmp_path: Path
) -> None:
    """After actuals come in, `progress` lists each parameter's prior → posterior."""
    db = _fresh_copy(planned_mini, tmp_path)
    plan = json.loads((planned_mini[1] / "plan.json").read_text(encoding="utf-8"))
    rows = ["date,team,venue_id,activations"] + [
        f"{td['date']},{td['team']},{s['venue_id']},{round(s['expected_activations'])}"
        for td in plan["team_days"]
        for s in td["stops"]
    ]
    f = write(tmp_path / "l.csv", "\n".join(rows) + "\n")
    assert runner.invoke(app, ["actuals", "import", str(f), "--db", db]).exit_code == 0
    res = runner.invoke(
        app,
        [
            "progress",
            "--db",
            db,
            "--data",
            str(KAB_MINI),
            "--out",
            str(tmp_path / "p"),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Nothing learned yet" not in res.output
    # the actuals equal the forecasts and no visit filled its capacity: shares are learned,
    # the pace is not measured by such visits and says so (no "8 → 8.4" from no evidence)
    assert "(kantor_desa): 0.03 → " in res.output
    assert "Activations per officer-hour: 8 — not measured yet" in res.output
