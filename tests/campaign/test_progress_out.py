"""`progress` writes its two files like every other output: never over a file the planner did
not write, never an edited report, every other file in the folder kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from planner.campaign.ledger import Ledger
from planner.campaign.progress_out import (
    PROGRESS_FILES,
    PROGRESS_GROUP,
    ProgressFolderError,
    write_progress,
)
from planner.io.atomic import MANIFEST_FILE


def _contents(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}


def test_a_users_file_at_the_reports_name_is_refused_and_kept(
    ledger: Ledger, tmp_path: Path
) -> None:
    """A progress.xlsx the planner did not write stays byte for byte; nothing is written."""
    out = tmp_path / "laporan"
    out.mkdir()
    (out / "progress.xlsx").write_text("LAPORAN KEPALA DINAS - jangan dihapus", encoding="utf-8")
    before = _contents(out)
    with pytest.raises(ProgressFolderError) as caught:
        write_progress(ledger.progress(), out, "id", "x")
    assert _contents(out) == before
    assert "progress.xlsx" in caught.value.text("id")
    assert "tidak ditulis oleh ikd-planner" in caught.value.text("id")


def test_an_edited_earlier_report_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A note added to the planner's own progress.html is not overwritten."""
    out = tmp_path / "p"
    write_progress(ledger.progress(), out, "id", "x")
    with (out / "progress.html").open("a", encoding="utf-8") as f:
        f.write("catatan kepala bidang")
    edited = (out / "progress.html").read_bytes()
    with pytest.raises(ProgressFolderError) as caught:
        write_progress(ledger.progress(), out, "en", "x")
    assert (out / "progress.html").read_bytes() == edited
    assert "changed after ikd-planner wrote it" in caught.value.text("en")


def test_a_second_run_replaces_its_own_report(ledger: Ledger, tmp_path: Path) -> None:
    """The planner's own earlier report is replaced (here by the English one)."""
    out = tmp_path / "p"
    write_progress(ledger.progress(), out, "id", "x")
    write_progress(ledger.progress(), out, "en", "x")
    assert "IKD campaign progress" in (out / "progress.html").read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert {k: v["group"] for k, v in manifest["files"].items()} == dict.fromkeys(
        PROGRESS_FILES, PROGRESS_GROUP
    )


def test_other_files_in_the_folder_are_kept(ledger: Ledger, tmp_path: Path) -> None:
    """The manager's notes beside the report survive the first write and a rewrite."""
    out = tmp_path / "p"
    out.mkdir()
    (out / "catatan.txt").write_text("simpan", encoding="utf-8")
    write_progress(ledger.progress(), out, "id", "x")
    write_progress(ledger.progress(), out, "id", "x")
    assert (out / "catatan.txt").read_text(encoding="utf-8") == "simpan"
    assert all((out / name).is_file() for name in PROGRESS_FILES)


def test_the_report_shares_a_folder_with_a_plans_outputs(ledger: Ledger, tmp_path: Path) -> None:
    """A folder whose manifest lists a plan's files takes the report in its own group; the
    plan's entries stay listed."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "schedule.csv").write_text("a\n", encoding="utf-8")
    digest = hashlib.sha256(b"a\n").hexdigest()
    body = {"files": {"schedule.csv": {"sha256": [digest], "group": "outputs"}}}
    (out / MANIFEST_FILE).write_text(json.dumps(body), encoding="utf-8")
    write_progress(ledger.progress(), out, "id", "x")
    files = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    assert files["schedule.csv"]["group"] == "outputs"
    assert files["progress.html"]["group"] == PROGRESS_GROUP


def test_a_file_where_the_folder_should_be_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """--out naming a file is refused, the file untouched."""
    target = tmp_path / "progress"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ProgressFolderError):
        write_progress(ledger.progress(), target, "id", "x")
    assert target.read_text(encoding="utf-8") == "x"
