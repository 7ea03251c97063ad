"""Write `progress.html` and `progress.xlsx` into a folder, all or nothing, never over a file
the planner did not write.

Both files go through planner/io/atomic.py like every other output: rendered into a marked
temporary sibling, then moved in as the `progress` group of the folder's ownership manifest
(`.ikd-planner.json`). A file at one of the two names that the planner did not write, or an
earlier report someone edited, is refused (the command checks before it computes anything);
every other file in the folder stays where it is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.campaign.progress import Progress
from planner.campaign.progress_report import progress_html, progress_xlsx
from planner.i18n import LocalisedError, Message
from planner.io.atomic import NotOursError, install_folder, make_temp_dir, owned_files

PROGRESS_FILES = ("progress.html", "progress.xlsx")
#: The manifest group of the report's files (a plan's outputs are `outputs`).
PROGRESS_GROUP = "progress"


class ProgressFolderError(LocalisedError, FileExistsError):
    """The report cannot go there: a file at one of its names was not written by the planner
    (or was changed since), or the target is not a folder. Nothing was written."""


def check_progress_target(out_dir: Path) -> bool:
    """Raise ProgressFolderError unless the report may be written into `out_dir`; returns
    whether an earlier report of the planner is there (it will be replaced).

    Cheap: called before the report is computed, and again (by the install) at the end.
    """
    out_dir = Path(out_dir)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise ProgressFolderError(Message.of("progress.out_not_folder", folder=str(out_dir)))
    if not out_dir.exists():
        return False
    ours, changed = owned_files(out_dir, PROGRESS_GROUP)
    if changed:
        raise ProgressFolderError(
            Message.of("progress.out_changed", folder=str(out_dir), files=_names(changed))
        )
    foreign = [
        name
        for name in PROGRESS_FILES
        if ((out_dir / name).exists() or (out_dir / name).is_symlink()) and name not in ours
    ]
    if foreign:
        raise ProgressFolderError(
            Message.of("progress.out_foreign", folder=str(out_dir), files=_names(foreign))
        )
    return bool(ours)


def _names(names: set[str] | list[str]) -> str:
    return ", ".join(sorted(names))


def write_progress(p: Progress, out_dir: Path, lang: str, where: str) -> tuple[Path, ...]:
    """Write both files into `out_dir` (created if needed; an earlier report of the planner is
    replaced, everything else in the folder is kept). Raises ProgressFolderError, with nothing
    written, when a file at one of the names is not the planner's."""
    out_dir = Path(out_dir)
    check_progress_target(out_dir)
    tmp = make_temp_dir(out_dir)
    try:
        (tmp / "progress.html").write_text(progress_html(p, lang, where), encoding="utf-8")
        (tmp / "progress.xlsx").write_bytes(progress_xlsx(p, lang, where))
        install_folder(tmp, out_dir, PROGRESS_GROUP)
    except NotOursError:
        # a file appeared (or was edited) while the report was rendered: say which one
        check_progress_target(out_dir)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tuple(out_dir / f for f in PROGRESS_FILES)
