"""A sweep's folder on disk: one folder per case (`out/<slug>/`) with its plan and result.json,
written all or nothing; a finished case is found again by its case hash. Only files the
planner wrote are ever replaced or removed (planner.io.atomic, the one place for atomic
writes and ownership)."""

from __future__ import annotations

from pathlib import Path

from planner.domain import KabupatenData
from planner.i18n import Lang
from planner.io.atomic import remove_owned, write_bytes_atomic, write_owned_file, write_text_atomic
from planner.io.sweep_file import read_case_result
from planner.plan import Plan
from planner.sweep.result import RESULT_FILE, CaseResult
from planner.sweep.spec import SweepCase

__all__ = [
    "RESULT_GROUP",
    "case_folder",
    "finished_result",
    "save_failure",
    "write_bytes_atomic",
    "write_plan_folder",
    "write_result",
    "write_text_atomic",
]

#: The manifest group of a case's result.json (planner.io.atomic).
RESULT_GROUP = "result"


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
    and so is the result.json an earlier run left there (it is written again when done)."""
    from planner.render import write_outputs

    remove_owned(folder, RESULT_GROUP, _legacy_result)
    write_outputs(plan, data, folder, lang=lang, maps=maps)


def _legacy_result(folder: Path) -> list[str]:
    """A result.json from before ownership manifests: ours if it reads as a case result."""
    return [RESULT_FILE] if read_case_result(folder / RESULT_FILE) is not None else []


def save_failure(folder: Path, result: CaseResult) -> CaseResult:
    """Save a failed case's result.json in its folder, after removing the earlier run's plan
    and result there (only files the planner wrote; anything else stays)."""
    from planner.render.output import OUTPUT_GROUP, legacy_output_files

    try:
        if folder.exists():
            remove_owned(folder, OUTPUT_GROUP, legacy_output_files)
            remove_owned(folder, RESULT_GROUP, _legacy_result)
        write_result(folder, result)
    except OSError as exc:
        return result.model_copy(update={"error": f"{result.error}; {exc}"})
    return result


def write_result(folder: Path, result: CaseResult) -> None:
    """Write a case's result.json (owned by the planner, atomically)."""
    write_owned_file(folder, RESULT_FILE, result.to_json().encode("utf-8"), RESULT_GROUP)
