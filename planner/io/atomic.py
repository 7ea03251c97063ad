"""Files the planner owns: atomic writes, the ownership manifest and stale temp cleanup.

The one module every writer uses (plan outputs, sweep results, comparisons), so that the rule
"never delete or overwrite a file the planner did not write" lives in one place:

- A file is written to a temporary file beside it and renamed over the target
  (`write_bytes_atomic`), so a reader never sees half a file.
- Each folder the planner writes into holds a manifest, `.ikd-planner.json`, listing every file
  it wrote there with its SHA-256 and the *group* that wrote it (`outputs` for a plan's files,
  `result` for a sweep case's result.json, `comparison` for a sweep's comparison). A file is
  ours only while it is listed and still has the listed content: a file the user edited, or
  anything else in the folder, is never replaced or deleted.
- A group of files is rendered into a temporary sibling folder `.<name>.tmp-<hex>` and moved
  in by `install_folder` at the end, which re-reads the manifest at that moment (a folder
  created meanwhile is respected), replaces only the group's own earlier files and restores
  them if anything goes wrong, Ctrl-C included.
- Temporary siblings carry a marker with the writer's host and process id; a later run removes
  those whose process is gone (`clean_stale_temps`), never one without the marker.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner.i18n import LocalisedError, Message

MANIFEST_FILE = ".ikd-planner.json"
TEMP_MARKER = ".ikd-planner-temp"
_FORMAT = 1
#: A temporary folder of another machine (shared disk) is stale after this many seconds.
STALE_FOREIGN_TEMP_S = 24 * 3600
_DIR_MODE = 0o755

Legacy = Callable[[Path], Iterable[str]]
"""For folders written before manifests existed: the relative paths a group may claim."""


class NotOursError(LocalisedError, FileExistsError):
    """The target holds files the planner did not write (or that were changed since); the
    sentence in the reader's language (`text(lang)`)."""


# ------------------------------------------------------------------ single files
def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ------------------------------------------------------------------ the manifest
Entries = dict[str, dict[str, object]]
"""relative POSIX path -> {"sha256": [accepted hashes], "group": name}."""


def read_manifest(folder: Path) -> Entries:
    """The manifest's entries of `folder` ({} when there is none or it is unreadable)."""
    try:
        raw = json.loads((Path(folder) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, dict):
        return {}
    entries: Entries = {}
    for rel, entry in files.items():
        if (
            isinstance(rel, str)
            and _safe_relative(rel)
            and isinstance(entry, dict)
            and isinstance(entry.get("sha256"), list)
            and isinstance(entry.get("group"), str)
        ):
            entries[rel] = {"sha256": [str(h) for h in entry["sha256"]], "group": entry["group"]}
    return entries


def _write_manifest(folder: Path, entries: Entries) -> None:
    body = {"written_by": "ikd-planner", "format": _FORMAT, "files": dict(sorted(entries.items()))}
    write_text_atomic(Path(folder) / MANIFEST_FILE, json.dumps(body, indent=1) + "\n")


def _safe_relative(rel: str) -> bool:
    p = Path(rel)
    return not p.is_absolute() and ".." not in p.parts and rel not in ("", ".")


def _hashes(entry: Mapping[str, object]) -> list[str]:
    h = entry.get("sha256")
    return [str(x) for x in h] if isinstance(h, list) else []


def has_manifest(folder: Path) -> bool:
    """True when `folder` holds an ikd-planner manifest."""
    return (Path(folder) / MANIFEST_FILE).is_file()


def owned_files(
    folder: Path, group: str, legacy: Legacy | None = None
) -> tuple[set[str], set[str]]:
    """(ours, changed): files of `group` in `folder` that are on disk with the content the
    planner wrote, and those listed for the group whose content was changed since.

    Without a manifest, `legacy(folder)` names the files an older version wrote.
    """
    folder = Path(folder)
    if not has_manifest(folder):
        if legacy is None or not folder.is_dir():
            return set(), set()
        return {r for r in legacy(folder) if (folder / r).is_file()}, set()
    ours: set[str] = set()
    changed: set[str] = set()
    for rel, entry in read_manifest(folder).items():
        path = folder / rel
        if entry["group"] != group or path.is_symlink() or not path.is_file():
            continue
        (ours if sha256_of(path) in _hashes(entry) else changed).add(rel)
    return ours, changed


def _conflicts(folder: Path, rels: Iterable[str], ours: set[str]) -> list[str]:
    """Paths among `rels` that exist in `folder` and are not ours (or sit under a file)."""
    bad: list[str] = []
    for rel in sorted(rels):
        path = folder / rel
        if (path.exists() or path.is_symlink()) and rel not in ours:
            bad.append(rel)
            continue
        for parent in Path(rel).parents:
            if str(parent) != "." and (folder / parent).is_file():
                bad.append(str(parent))
                break
    return sorted(set(bad))


def _refusal(folder: Path, foreign: list[str], changed: list[str]) -> NotOursError:
    def some(names: list[str]) -> str | Message:
        shown = ", ".join(names[:3])
        if len(names) <= 3:
            return shown
        return Message.of("atomic.and_more", names=shown, count=len(names) - 3)

    if changed:
        return NotOursError(Message.of("atomic.changed", folder=str(folder), names=some(changed)))
    return NotOursError(Message.of("atomic.foreign", folder=str(folder), names=some(foreign)))


@dataclass(frozen=True)
class WriteIn:
    """Files of a group that users are asked to fill in (the schedule workbook's actuals
    column). Filled in, such a file is the user's: it is never replaced or refused, but kept
    beside the new output under `<stem>-<label>-<date it was last changed><suffix>` (a free
    name), so the monthly loop (plan, fill in, import, plan again) needs no manual step."""

    names: frozenset[str] = frozenset()
    label: str = "filled"

    def aside_name(self, folder: Path, rel: str) -> str:
        """A free name in `folder` for the filled-in `rel`."""
        path = Path(rel)
        day = datetime.fromtimestamp((folder / rel).stat().st_mtime).date().isoformat()
        base = path.with_name(f"{path.stem}-{self.label}-{day}")
        candidate, n = f"{base}{path.suffix}", 2
        while (folder / candidate).exists() or (folder / candidate).is_symlink():
            candidate, n = f"{base}-{n}{path.suffix}", n + 1
        return Path(candidate).as_posix()


def check_target(
    folder: Path,
    names: Iterable[str],
    group: str,
    legacy: Legacy | None = None,
    write_in: WriteIn | None = None,
) -> bool:
    """Raise NotOursError unless the files `names` of `group` may be written into `folder`;
    returns whether an earlier output of the group is there (it will be replaced).

    Filled-in `write_in` files are no reason to refuse: installing keeps them aside.
    Called before long work (a solve) so a refusal comes early; `install_folder` checks again.
    """
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise NotOursError(Message.of("atomic.not_folder", folder=str(folder)))
    if not folder.exists():
        return False
    ours, changed = owned_files(folder, group, legacy)
    filled = changed & write_in.names if write_in is not None else set()
    changed -= filled
    if changed:
        raise _refusal(folder, [], sorted(changed))
    foreign = _conflicts(folder, names, ours | filled)
    if foreign:
        raise _refusal(folder, foreign, [])
    return bool(ours)


# ------------------------------------------------------------------ temporary folders
def _marker_text() -> str:
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "created": time.time()})


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_stale(temp: Path) -> bool:
    try:
        info = json.loads((temp / TEMP_MARKER).read_text(encoding="utf-8"))
        host, pid, created = str(info["host"]), int(info["pid"]), float(info["created"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no marker (or not ours): never touched
    if host == socket.gethostname():
        return pid != os.getpid() and not _pid_alive(pid)
    return time.time() - created > STALE_FOREIGN_TEMP_S


def clean_stale_temps(target: Path) -> list[Path]:
    """Remove temporary siblings of `target` that an interrupted run left (marker present,
    writer gone); returns what was removed."""
    target = Path(target).absolute()
    parent = target.parent
    if not parent.is_dir():
        return []
    removed: list[Path] = []
    for kind in ("tmp", "old"):
        for temp in parent.glob(f".{target.name}.{kind}-*"):
            if temp.is_dir() and not temp.is_symlink() and _is_stale(temp):
                shutil.rmtree(temp, ignore_errors=True)
                removed.append(temp)
    return removed


def make_temp_dir(target: Path, kind: str = "tmp") -> Path:
    """A new marked temporary sibling of `target` (`.<name>.<kind>-<hex>`), after removing
    stale ones."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(target)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-", dir=target.parent))
    temp.chmod(_DIR_MODE)
    (temp / TEMP_MARKER).write_text(_marker_text(), encoding="utf-8")
    return temp


def temp_files(temp: Path) -> list[str]:
    """Relative POSIX paths of the files rendered into `temp` (marker and manifest left out)."""
    skip = {TEMP_MARKER, MANIFEST_FILE}
    return sorted(
        p.relative_to(temp).as_posix()
        for p in Path(temp).rglob("*")
        if p.is_file() and p.relative_to(temp).as_posix() not in skip
    )


# ------------------------------------------------------------------ installing
def install_folder(
    temp: Path,
    target: Path,
    group: str,
    legacy: Legacy | None = None,
    write_in: WriteIn | None = None,
    kept_aside: dict[str, str] | None = None,
) -> bool:
    """Move the files rendered in `temp` into `target` as `group`; returns whether earlier
    files of the group were replaced.

    Earlier files of the group that the new set does not contain are removed; every other
    file stays. Filled-in `write_in` files are renamed aside first (recorded in `kept_aside`,
    old name → new name). Ownership is checked here again (NotOursError, nothing changed). On
    any failure or interruption the earlier files are put back. `temp` is removed in every
    case.
    """
    temp, target = Path(temp), Path(target)
    try:
        new = {rel: sha256_of(temp / rel) for rel in temp_files(temp)}
        entries: Entries = {rel: {"sha256": [h], "group": group} for rel, h in new.items()}
        if not target.exists() and not target.is_symlink():
            _write_manifest(temp, entries)
            (temp / TEMP_MARKER).unlink()
            try:
                temp.rename(target)  # also over an empty folder created meanwhile
                return False
            except OSError:  # a folder with content appeared at target: merge into it
                (temp / TEMP_MARKER).write_text(_marker_text(), encoding="utf-8")
                (temp / MANIFEST_FILE).unlink()
        check_target(target, new, group, legacy, write_in)
        return _merge(temp, target, group, new, legacy, write_in, kept_aside)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def _merge(
    temp: Path,
    target: Path,
    group: str,
    new: dict[str, str],
    legacy: Legacy | None,
    write_in: WriteIn | None = None,
    kept_aside: dict[str, str] | None = None,
) -> bool:
    old_entries = read_manifest(target)
    ours, changed = owned_files(target, group, legacy)
    filled = sorted(changed & write_in.names) if write_in is not None else []
    aside = {rel: write_in.aside_name(target, rel) for rel in filled} if write_in else {}
    if not has_manifest(target):
        old_entries = {rel: {"sha256": [sha256_of(target / rel)], "group": group} for rel in ours}
    pending = {k: dict(v) for k, v in old_entries.items()}
    for rel, h in new.items():
        prior = _hashes(pending[rel]) if rel in pending else []
        pending[rel] = {"sha256": [*prior, h], "group": group}
    backup = make_temp_dir(target, "old")
    moved: list[str] = []
    placed: list[str] = []
    set_aside: list[str] = []
    try:
        _write_manifest(target, pending)  # either content counts as ours until the end
        for rel, other in aside.items():  # the user's filled-in file: renamed, never replaced
            (target / rel).replace(target / other)
            set_aside.append(rel)
        for rel in sorted(ours):
            dest = backup / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            (target / rel).replace(dest)
            moved.append(rel)
        for rel in sorted(new):
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            (temp / rel).replace(dest)
            placed.append(rel)
        final = {k: v for k, v in old_entries.items() if v["group"] != group}
        final.update({rel: {"sha256": [h], "group": group} for rel, h in new.items()})
        _write_manifest(target, final)
    except BaseException:
        for rel in placed:
            with contextlib.suppress(OSError):
                (target / rel).unlink()
        for rel in moved:
            with contextlib.suppress(OSError):
                (backup / rel).replace(target / rel)
        for rel in set_aside:
            with contextlib.suppress(OSError):
                (target / aside[rel]).replace(target / rel)
        with contextlib.suppress(OSError):
            if old_entries:
                _write_manifest(target, old_entries)
            else:
                (target / MANIFEST_FILE).unlink(missing_ok=True)
        _prune_empty(target, placed)
        raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)
    _prune_empty(target, [r for r in moved if r not in new])
    if kept_aside is not None:
        kept_aside.update(aside)
    return bool(ours)


def _prune_empty(folder: Path, removed: Iterable[str]) -> None:
    """Remove folders left empty by removing `removed` (never `folder` itself)."""
    parents = {p for rel in removed for p in Path(rel).parents if str(p) != "."}
    for p in sorted(parents, key=lambda q: len(q.parts), reverse=True):
        with contextlib.suppress(OSError):
            (folder / p).rmdir()  # fails (kept) when anything else is in it


def write_owned_file(folder: Path, rel: str, data: bytes, group: str) -> Path:
    """Write one file of `group` into `folder` atomically and list it in the manifest.

    Raises NotOursError when a file the planner did not write (or that was changed) is there.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not _safe_relative(rel):
        raise ValueError(f"not a relative file name: {rel!r}")
    entries = read_manifest(folder)
    path = folder / rel
    if path.exists() or path.is_symlink():
        entry = entries.get(rel)
        if entry is None or entry["group"] != group or path.is_symlink():
            raise _refusal(folder, [rel], [])
        if sha256_of(path) not in _hashes(entry):
            raise _refusal(folder, [], [rel])
    path.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256(data).hexdigest()
    prior = _hashes(entries[rel]) if rel in entries else []
    entries[rel] = {"sha256": [*prior, h], "group": group}
    _write_manifest(folder, entries)
    write_bytes_atomic(path, data)
    entries[rel] = {"sha256": [h], "group": group}
    _write_manifest(folder, entries)
    return path


def remove_owned(folder: Path, group: str, legacy: Legacy | None = None) -> list[str]:
    """Delete the files of `group` in `folder` that are still as the planner wrote them;
    returns them. Everything else stays, and so do folders that are not empty after."""
    folder = Path(folder)
    ours, _ = owned_files(folder, group, legacy)
    for rel in sorted(ours):
        (folder / rel).unlink()
    entries = read_manifest(folder)
    remaining = {k: v for k, v in entries.items() if k not in ours}
    if remaining:
        _write_manifest(folder, remaining)
    else:
        (folder / MANIFEST_FILE).unlink(missing_ok=True)
    _prune_empty(folder, ours)
    return sorted(ours)
