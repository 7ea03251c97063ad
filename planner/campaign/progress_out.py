"""Write `progress.html` and `progress.xlsx` into a folder, all or nothing.

The files are written into a temporary sibling folder and swapped in at the end. A folder that
holds anything else than an earlier progress report is never touched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from planner.campaign.progress import Progress
from planner.campaign.progress_report import progress_html, progress_xlsx

PROGRESS_FILES = ("progress.html", "progress.xlsx")


class ProgressFolderError(FileExistsError):
    """The folder exists and holds files the planner did not write there."""


def write_progress(p: Progress, out_dir: Path, lang: str, where: str) -> tuple[Path, ...]:
    """Write both files into `out_dir` (created, or replaced if it is an earlier report)."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        foreign = (
            sorted(f.name for f in out_dir.iterdir() if f.name not in PROGRESS_FILES)
            if out_dir.is_dir()
            else [out_dir.name]
        )
        if foreign:
            raise ProgressFolderError(
                f"{out_dir} holds other files ({', '.join(foreign[:5])}); choose another --out"
            )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        (tmp / "progress.html").write_text(progress_html(p, lang, where), encoding="utf-8")
        (tmp / "progress.xlsx").write_bytes(progress_xlsx(p, lang, where))
        tmp.chmod(0o755)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old-{tmp.name}")
            out_dir.rename(old)
        tmp.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tuple(out_dir / f for f in PROGRESS_FILES)
