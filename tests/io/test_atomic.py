"""planner.io.atomic: the planner replaces only files it wrote, and cleans up after itself."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.io import atomic
from planner.io.atomic import (
    MANIFEST_FILE,
    TEMP_MARKER,
    NotOursError,
    clean_stale_temps,
    install_folder,
    make_temp_dir,
    remove_owned,
    write_owned_file,
)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST_FILE
    }


def _install(target: Path, files: dict[str, bytes], group: str = "g") -> bool:
    temp = make_temp_dir(target)
    for rel, data in files.items():
        (temp / rel).parent.mkdir(parents=True, exist_ok=True)
        (temp / rel).write_bytes(data)
    return install_folder(temp, target, group)


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_second_install_replaces_only_its_group(tmp_path: Path) -> None:
    """A group's stale files go; another group's files and foreign files stay."""
    out = tmp_path / "out"
    assert not _install(out, {"a.txt": b"1", "d/b.txt": b"2"})
    write_owned_file(out, "other.txt", b"x", "h")
    (out / "mine.doc").write_bytes(b"user")
    assert _install(out, {"a.txt": b"3"})
    assert _files(out) == {"a.txt": b"3", "other.txt": b"x", "mine.doc": b"user"}
    assert not (out / "d").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_interrupted_swap_puts_the_earlier_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of moving files in restores the earlier output exactly."""
    out = tmp_path / "out"
    _install(out, {"a.txt": b"old-a", "b.txt": b"old-b"})
    before = _files(out)
    manifest_before = (out / MANIFEST_FILE).read_bytes()
    real = Path.replace
    calls = {"n": 0}

    def flaky(self: Path, target: Path) -> Path:
        calls["n"] += 1
        if calls["n"] == 4:  # two moved out to backup, one moved in
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        _install(out, {"a.txt": b"new-a", "b.txt": b"new-b"})
    monkeypatch.undo()
    assert _files(out) == before
    assert json.loads((out / MANIFEST_FILE).read_bytes()) == json.loads(manifest_before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stale_temp_of_a_dead_process_is_removed(tmp_path: Path) -> None:
    """A marked temp folder whose writer is gone is cleaned by the next run."""
    target = tmp_path / "out"
    stale = tmp_path / ".out.tmp-abc123"
    stale.mkdir()
    (stale / "plan.json").write_text("{}", encoding="utf-8")
    marker = {"host": socket.gethostname(), "pid": _dead_pid(), "created": time.time()}
    (stale / TEMP_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert clean_stale_temps(target) == [stale.absolute()]
    assert not stale.exists()


def test_temp_folders_without_our_marker_or_still_alive_are_kept(tmp_path: Path) -> None:
    """An unmarked look-alike folder and a live writer's temp folder are never removed."""
    target = tmp_path / "out"
    unmarked = tmp_path / ".out.tmp-zzz"
    unmarked.mkdir()
    live = tmp_path / ".out.tmp-live"
    live.mkdir()
    marker = {"host": socket.gethostname(), "pid": os.getppid(), "created": time.time()}
    (live / TEMP_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert clean_stale_temps(target) == []
    assert unmarked.exists() and live.exists()


def test_write_owned_file_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    """An existing comparison.csv the planner did not write is neither overwritten nor
    listed; one it wrote is replaced."""
    (tmp_path / "comparison.csv").write_text("theirs", encoding="utf-8")
    with pytest.raises(NotOursError, match="not written by ikd-planner"):
        write_owned_file(tmp_path, "comparison.csv", b"ours", "comparison")
    assert (tmp_path / "comparison.csv").read_text(encoding="utf-8") == "theirs"
    write_owned_file(tmp_path, "c2.csv", b"v1", "comparison")
    write_owned_file(tmp_path, "c2.csv", b"v2", "comparison")
    assert (tmp_path / "c2.csv").read_bytes() == b"v2"


def test_remove_owned_leaves_everything_else(tmp_path: Path) -> None:
    """Removing a group deletes only its unchanged files."""
    write_owned_file(tmp_path, "r/result.json", b"{}", "result")
    write_owned_file(tmp_path, "r/edited.json", b"{}", "result")
    (tmp_path / "r" / "edited.json").write_bytes(b"{changed}")
    (tmp_path / "r" / "keep.txt").write_bytes(b"k")
    assert remove_owned(tmp_path, "result") == ["r/result.json"]
    assert _files(tmp_path) == {"r/edited.json": b"{changed}", "r/keep.txt": b"k"}


def test_manifest_paths_outside_the_folder_are_ignored(tmp_path: Path) -> None:
    """A manifest naming ../x or an absolute path never makes the planner touch it."""
    outside = tmp_path / "victim.txt"
    outside.write_bytes(b"v")
    folder = tmp_path / "out"
    folder.mkdir()
    h = atomic.sha256_of(outside)
    body = {"files": {"../victim.txt": {"sha256": [h], "group": "g"},
                      str(outside): {"sha256": [h], "group": "g"}}}  # fmt: skip
    (folder / MANIFEST_FILE).write_text(json.dumps(body), encoding="utf-8")
    assert remove_owned(folder, "g") == []
    assert outside.read_bytes() == b"v"
