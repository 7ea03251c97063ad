"""A sweep's folder on disk: one folder per case (`out/<slug>/`) with its plan and result.json,
written all or nothing; a finished case is found again by its case hash, and a folder the
planner did not write is never removed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from planner.domain import KabupatenData
from planner.i18n import Lang
from planner.io.sweep_file import read_case_result
from planner.plan import Plan
from planner.sweep.result import RESULT_FILE, CaseResult
from planner.sweep.spec import SweepCase


def case_folder(out_dir: Path, case: SweepCase) -> Path:
    """The folder of one case's plan and result.json."""
    return Path(out_dir) / case.slug


def finished_result(out_dir: Path, case: SweepCase) -> CaseResult | None:
    """The saved result of `case` if an earlier run finished it with the same case hash."""
    res = read_case_result(case_folder(out_dir, case) / RESULT_FILE)
    if res is not None and res.ok and res.case_hash == case.case_hash:
        return res
    return None


def write_plan_folder(
    plan: Plan, data: KabupatenData, folder: Path, lang: Lang, maps: bool
) -> None:
    """The plan's full folder, all or nothing (write_outputs); an earlier plan is replaced,
    and so is the result.json an earlier failure left there alone."""
    from planner.render import write_outputs
    from planner.render.output import is_planner_output

    stale = folder / RESULT_FILE
    if stale.is_file() and read_case_result(stale) is not None and not is_planner_output(folder):
        stale.unlink()
    write_outputs(plan, data, folder, lang=lang, maps=maps)


def save_failure(folder: Path, result: CaseResult) -> CaseResult:
    """Save a failed case's result.json in its (fresh) folder, unless the folder is not ours."""
    try:
        _clear(folder)
    except FileExistsError as exc:
        return result.model_copy(update={"error": f"{result.error}; {exc}"})
    folder.mkdir(parents=True)
    write_text_atomic(folder / RESULT_FILE, result.to_json())
    return result


def _clear(folder: Path) -> None:
    """Remove an earlier run's folder of this case before saving a failure in it.

    Only a folder the planner wrote (a readable result.json or plan.json) is removed; any
    other existing path is left alone and the case fails with a message, so a careless
    `--out` never deletes someone's files.
    """
    from planner.render.output import is_planner_output

    if not folder.exists():
        return
    ours = folder.is_dir() and (
        read_case_result(folder / RESULT_FILE) is not None or is_planner_output(folder)
    )
    if not ours:
        raise FileExistsError(
            f"{folder} exists and was not written by ikd-planner; move it or choose another --out"
        )
    shutil.rmtree(folder)


#: Mode of every file written here (as `write_outputs` leaves its files).
FILE_MODE = 0o644


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; outputs are readable like the others
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
