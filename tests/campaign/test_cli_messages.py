"""The campaign commands speak the reader's language and never show a traceback: database
errors, a mistyped database path, re-plan requests, output-folder refusals and a scenario that
does not fit the data folder (default Bahasa Indonesia, `--lang en` English)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.campaign.ledger import Ledger
from planner.cli import app
from tests.campaign.factories import CSV_OK, make_plan, write
from tests.factories import tiny_kabupaten

runner = CliRunner()
KAB_MINI = Path(__file__).parent.parent / "data" / "kab_mini"


def _said(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    assert "Traceback" not in res.output and not isinstance(res.exception, KeyError)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, " ".join(res.output.split())


def test_an_unsupported_database_url_is_one_sentence_in_the_readers_language() -> None:
    """`--db mysql://…` (driver not installed) is refused in one line, not a traceback."""
    code, said = _said("progress", "--db", "mysql://x@y/z")
    assert code == 2
    assert said.startswith("galat: basis data kampanye mysql://x@y/z tidak didukung")
    code, said = _said("progress", "--db", "mysql://x@y/z", "--lang", "en")
    assert code == 2 and said.startswith("error: the campaign database mysql://x@y/z is not")


def test_an_unreachable_server_is_one_sentence_with_the_password_hidden() -> None:
    """A PostgreSQL server that does not answer: one localised line, the password masked,
    no SQLAlchemy background link."""
    url = "postgresql://budi:rahasia99@127.0.0.1:1/ikd"
    code, said = _said("progress", "--db", url)
    assert code == 2 and said.startswith("galat: basis data kampanye")
    assert "tidak dapat dibuka: server tidak menjawab" in said and "budi:***@" in said
    assert "rahasia99" not in said and "sqlalche.me" not in said
    code, said = _said("actuals", "import", __file__, "--db", url, "--lang", "en")
    assert code == 2 and said.startswith("error: cannot open the campaign database")


@pytest.mark.postgres
def test_a_missing_postgres_database_is_one_sentence(pg_server_url: str) -> None:
    """A real server, but no such database: one line naming it, nothing else."""
    from sqlalchemy.engine import make_url

    url = make_url(pg_server_url).set(database="tidak_ada_db").render_as_string(False)
    code, said = _said("progress", "--db", url)
    assert code == 2 and said.startswith("galat: basis data kampanye")
    assert "tidak_ada_db" in said and "basis data itu tidak ada di server" in said
    assert "sqlalche.me" not in said


@pytest.mark.parametrize(
    "command",
    [
        ["progress", "--data", str(KAB_MINI)],
        ["replan", "--from", "2027-01-18", "--data", str(KAB_MINI)],
        ["actuals", "import", __file__],
    ],
)
def test_read_only_commands_refuse_a_database_file_that_does_not_exist(
    tmp_path: Path, command: list[str]
) -> None:
    """A mistyped --db is reported (exit 2) and neither the file nor its folder is created."""
    missing = tmp_path / "salah" / "ketik.sqlite"
    code, said = _said(*command, "--db", f"sqlite:///{missing}")
    assert code == 2
    assert f"basis data kampanye {missing} tidak ada; periksa --db / IKD_PLANNER_DB" in said
    assert not missing.parent.exists()


def test_progress_without_a_database_in_the_folder_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`progress` in a folder with no campaign says so instead of creating an empty one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IKD_PLANNER_DB", raising=False)
    code, said = _said("progress", "--lang", "en")
    assert code == 2 and "ikd-campaign.sqlite does not exist" in said
    assert list(tmp_path.iterdir()) == []


def _two_campaigns(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path}/multi.sqlite"
    ledger = Ledger.open(db)
    data = tiny_kabupaten()
    other = dataclasses.replace(data, meta=dataclasses.replace(data.meta, code="99.02"))
    ledger.record_plan(make_plan(), data)
    ledger.record_plan(make_plan().model_copy(update={"kabupaten_code": "99.02"}), other)
    ledger.close()
    return db


def test_several_campaigns_ask_for_kabupaten_in_bahasa(tmp_path: Path) -> None:
    """With two kabupaten in one database, import, progress and replan ask for --kabupaten."""
    db = _two_campaigns(tmp_path)
    f = write(tmp_path / "laporan.csv", CSV_OK)
    for command in (
        ["actuals", "import", str(f)],
        ["progress"],
        ["replan", "--from", "2027-01-18"],
    ):
        code, said = _said(*command, "--db", db)
        assert code == 2, command
        assert "galat: basis data ini memuat beberapa kampanye (99.01, 99.02)" in said
        assert "--kabupaten KODE" in said


def test_replan_request_errors_are_in_the_readers_language(tmp_path: Path) -> None:
    """A malformed --unavailable and a month with no plan are explained in Bahasa (English
    with --lang en), with the same `galat:` prefix as `plan`."""
    code, said = _said("replan", "--from", "2027-01-18", "--unavailable", "Tim 2")
    assert code == 2 and said.startswith("galat: --unavailable 'Tim 2': tulis TIM:TTTT-BB-HH")
    code, said = _said("replan", "--from", "18-01-2027", "--lang", "en")
    assert code == 2 and said == "error: --from '18-01-2027': not a date (write YYYY-MM-DD)"
    db = f"sqlite:///{tmp_path}/e.sqlite"
    Ledger.open(db).close()
    code, said = _said("replan", "--from", "2027-04-18", "--db", db, "--data", str(KAB_MINI))
    assert code == 2 and "galat: tidak ada rencana 2027-04 untuk" in said


def test_output_folder_refusal_is_in_the_readers_language(tmp_path: Path) -> None:
    """A user's own schedule.xlsx in --out is kept, and the refusal reads in Bahasa."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "schedule.xlsx").write_text("LAPORAN KEPALA DINAS", encoding="utf-8")
    args = ["plan", "--data", str(KAB_MINI), "--month", "2027-02", "--out", str(out)]
    code, said = _said(*args, "--db", f"sqlite:///{tmp_path}/c.sqlite")
    assert code == 2
    assert "galat: keluaran tidak ditulis:" in said
    assert "schedule.xlsx sudah ada dan tidak ditulis oleh ikd-planner" in said
    assert (out / "schedule.xlsx").read_text(encoding="utf-8") == "LAPORAN KEPALA DINAS"


def test_a_scenario_that_does_not_fit_the_data_folder_is_explained_in_bahasa(
    tmp_path: Path,
) -> None:
    """A scenario naming a venue the folder lacks: field, file and closest ids, in Bahasa."""
    sc = write(
        tmp_path / "typo.toml",
        "seed = 0\n[[teams]]\nname = 'Tim 1'\nofficers = 3\nbase = 'V-DUKCAPL'\n",
    )
    args = ["plan", "--data", str(KAB_MINI), "--scenario", str(sc), "--month", "2027-02"]
    db = ["--db", f"sqlite:///{tmp_path}/c.sqlite", "--out", str(tmp_path / "o")]
    code, said = _said(*args, *db)
    assert code == 2 and "tidak cocok dengan folder data" in said
    assert "kolom 'teams.0.base': lokasi 'V-DUKCAPL' tidak ada" in said
    assert "yang paling mirip dulu: V-DUKCAPIL" in said
    code, said = _said(*args, *db, "--lang", "en")
    assert code == 2 and said.startswith("error: the scenario (")
    assert "typo.toml) does not fit the data folder" in said


def test_a_database_failure_mid_command_is_one_sentence(tmp_path: Path) -> None:
    """A ledger that breaks during the import (here a damaged file missing a table) is
    reported in one line naming the database, exit 2, not a traceback."""
    import sqlite3

    db_file = tmp_path / "rusak.sqlite"
    Ledger.open(f"sqlite:///{db_file}").record_plan(make_plan(), tiny_kabupaten())
    with sqlite3.connect(db_file) as conn:
        conn.execute("DROP TABLE actual_visits")
    f = write(tmp_path / "laporan.csv", CSV_OK)
    code, said = _said("actuals", "import", str(f), "--db", f"sqlite:///{db_file}")
    assert code == 2
    assert said.startswith(f"galat: basis data kampanye {db_file} gagal dipakai:")
    assert "tidak ada yang ditulis" in said and "sqlalche.me" not in said
