"""Replace one table of the data folder from the browser: validate, preview, then swap.

The upload is checked by the same loader as `ikd-planner data check` (`load_kabupaten`) on a
staged copy of the folder with the new file in place, so the preview shows exactly what the
planner will see. Confirming moves the earlier file to `<work>/data-backups/<time>/` (nothing
the office wrote is deleted) and renames the new file into the folder in one step: the folder
is never half-replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from planner.io._population import ACTUAL_CSV, POPULATION_CSV
from planner.io._venues import SCHOOLS_CSV, VENUES_CSV
from planner.io.check_report import DataCheckReport, data_check_report
from planner.io.errors import DataError, DataValidationError
from planner.io.load import load_kabupaten
from planner.web.errors import error_lines

#: The tables an office may replace from the browser (boundaries and area.toml are not).
REPLACEABLE = (ACTUAL_CSV, POPULATION_CSV, SCHOOLS_CSV, VENUES_CSV)


DATA_SUFFIXES = frozenset({".csv", ".geojson", ".json", ".toml", ".md", ".txt"})


@dataclass(frozen=True)
class DataPreview:
    """The folder as it would be with the new file: its check report, or every problem."""

    name: str
    report: DataCheckReport | None
    errors: tuple[str, ...]


def _staged(data_dir: Path, name: str, content: bytes, root: Path) -> Path:
    stage = root / data_dir.name
    stage.mkdir()
    for p in data_dir.iterdir():
        # only the kinds of files a data folder holds: never a database that may sit beside
        # them (closing a handle on an open SQLite file drops this process's locks on it)
        if p.is_file() and p.name != name and p.suffix.lower() in DATA_SUFFIXES:
            shutil.copy2(p, stage / p.name)
    (stage / name).write_bytes(content)
    return stage


def preview(data_dir: Path, name: str, content: bytes, lang: str = "id") -> DataPreview:
    """Validate the folder with `content` as its `name` file; nothing in `data_dir` changes."""
    if name not in REPLACEABLE:
        return DataPreview(name, None, (f"{name}: only {', '.join(REPLACEABLE)} can be replaced",))
    with tempfile.TemporaryDirectory(prefix="ikd-data-") as tmp:
        try:
            data = load_kabupaten(_staged(data_dir, name, content, Path(tmp)))
        except (DataValidationError, DataError) as exc:
            return DataPreview(name, None, tuple(error_lines(exc, lang)))
        return DataPreview(name, data_check_report(data), ())


def replace(data_dir: Path, name: str, content: bytes, backups: Path) -> Path | None:
    """Check again, keep the earlier file in `backups/<time>/`, then move the new one in.

    Returns where the earlier file went (None if there was none). Raises ValueError with the
    problems when the folder would not be valid.
    """
    checked = preview(data_dir, name, content)
    if checked.errors:
        raise ValueError("\n".join(checked.errors))
    target = data_dir / name
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=data_dir)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    kept = None
    if target.exists():
        kept = backups / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") / name
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, kept)
    Path(tmp_name).replace(target)
    return kept
