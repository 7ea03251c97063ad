"""Write every output of a plan, all or nothing.

Everything is written into a temporary sibling folder first and moved into place at the
end (planner.io.atomic), so a failure (a full disk, a bug in one renderer, Ctrl-C) leaves an
earlier output as it was and no half-written folder behind. Only the files an earlier plan
wrote (listed in the folder's `.ikd-planner.json` manifest, unchanged since) are replaced or
removed; anything else in the folder (a comparison, notebooks' output, a report, a copy of
the workbook) stays, and a file of someone else's at one of our names is refused.

Layout of the output folder:

    plan.json            the plan, re-renderable with `ikd-planner render`
    schedule.csv         one row per visit (fixed columns)
    schedule.xlsx        summary sheet + one sheet per team
    map.html             overview map                                    (maps=True)
    teams/<team>/<YYYY-MM-DD>/
        jadwal.html  jadwal.png  pesan.txt  route.gpx  route.kml
        route.html  peta.png                                             (maps=True)
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from planner.domain import KabupatenData
from planner.io.atomic import (
    NotOursError,
    check_target,
    install_folder,
    make_temp_dir,
    temp_files,
)
from planner.plan import Plan
from planner.render.field_sheet import day_message, day_sheet_html, day_sheet_png
from planner.render.gps import gpx_document, kml_document
from planner.render.i18n import Lang, check_lang
from planner.render.itinerary import itineraries, team_colours, team_slugs
from planner.render.overview_map import overview_map_html
from planner.render.route_map import route_map_html
from planner.render.schedule import schedule_csv
from planner.render.static_map import route_png
from planner.render.workbook import schedule_workbook

PLAN_FILE = "plan.json"
TEAMS_DIR = "teams"
#: The manifest group of a plan's files (planner.io.atomic).
OUTPUT_GROUP = "outputs"


class OutputFolderError(FileExistsError):
    """The output folder holds files at our names that ikd-planner did not write (or that
    were changed since), or is not a folder."""


@dataclass(frozen=True)
class OutputManifest:
    """What `write_outputs` wrote: the folder, its files (relative, sorted) and sizes (bytes)."""

    out_dir: Path
    files: tuple[Path, ...]
    sizes: tuple[int, ...]
    replaced: bool
    team_days: int
    lang: str
    maps: bool

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes)

    def size_of(self, relative: str | Path) -> int:
        """Size in bytes of one written file (KeyError if it was not written)."""
        for f, n in zip(self.files, self.sizes, strict=True):
            if f == Path(relative):
                return n
        raise KeyError(str(relative))

    def describe(self, lang: str = "id") -> str:
        """One line for the terminal: where, how many files, whether an output was replaced."""
        mb = self.total_bytes / 1e6
        if lang == "en":
            text = (
                f"{len(self.files)} files ({mb:.1f} MB) written to {self.out_dir}: "
                f"schedule.csv, schedule.xlsx, plan.json"
                + (", map.html" if self.maps else "")
                + f", {TEAMS_DIR}/ ({self.team_days} team-day packages)"
            )
            return text + (" — replaced the previous output" if self.replaced else "")
        text = (
            f"{len(self.files)} berkas ({mb:.1f} MB) ditulis ke {self.out_dir}: "
            f"schedule.csv, schedule.xlsx, plan.json"
            + (", map.html" if self.maps else "")
            + f", {TEAMS_DIR}/ ({self.team_days} paket hari-tim)"
        )
        return text + (" — menggantikan keluaran sebelumnya" if self.replaced else "")


def is_planner_output(folder: Path) -> bool:
    """True where `folder` holds a `plan.json` that parses as an ikd-planner plan."""
    marker = folder / PLAN_FILE
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and {"team_days", "summary", "venues"} <= data.keys()


_TOP_FILES = (PLAN_FILE, "schedule.csv", "schedule.xlsx", "map.html")
_DAY_FILES = frozenset(
    ("jadwal.html", "jadwal.png", "pesan.txt", "route.gpx", "route.kml", "route.html", "peta.png")
)


def legacy_output_files(folder: Path) -> list[str]:
    """The files an ikd-planner from before ownership manifests wrote into `folder`: its
    fixed layout, and only where a readable plan.json shows the folder was one of ours."""
    if not is_planner_output(folder):
        return []
    rels = [name for name in _TOP_FILES if (folder / name).is_file()]
    for day in folder.glob(f"{TEAMS_DIR}/*/*"):
        rels += [f.relative_to(folder).as_posix() for f in day.iterdir() if f.name in _DAY_FILES]
    return rels


def check_output_target(out_dir: Path) -> bool:
    """Raise OutputFolderError early (before a solve) if `out_dir` cannot take a plan's
    outputs; returns whether an earlier output will be replaced. Checked again at the swap."""
    try:
        return check_target(out_dir, _TOP_FILES, OUTPUT_GROUP, legacy_output_files)
    except NotOursError as exc:
        raise OutputFolderError(str(exc)) from exc


def _write(path: Path, content: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)


def _write_all(plan: Plan, data: KabupatenData | None, folder: Path, lang: Lang, maps: bool) -> int:
    """Render everything into `folder`; returns the number of team-day packages."""
    _write(folder / PLAN_FILE, plan.to_json() + "\n")
    _write(folder / "schedule.csv", schedule_csv(plan))
    _write(folder / "schedule.xlsx", schedule_workbook(plan, lang))
    if maps:
        _write(folder / "map.html", overview_map_html(plan, data, lang))
    slugs = team_slugs(plan)
    colours = team_colours(plan)
    its = itineraries(plan)
    for it in its:
        day = folder / TEAMS_DIR / slugs[it.team] / it.date.isoformat()
        colour = colours[it.team]
        _write(day / "jadwal.html", day_sheet_html(plan, it, lang))
        _write(day / "jadwal.png", day_sheet_png(plan, it, lang))
        _write(day / "pesan.txt", day_message(plan, it, lang))
        _write(day / "route.gpx", gpx_document(it, lang))
        _write(day / "route.kml", kml_document(it, colour, lang))
        if maps:
            _write(day / "route.html", route_map_html(plan, it, data, colour, lang))
            _write(day / "peta.png", route_png(it, colour, data, lang))
    return len(its)


def write_outputs(
    plan: Plan,
    data: KabupatenData | None,
    out_dir: Path,
    lang: str = "id",
    maps: bool = True,
) -> OutputManifest:
    """Write the plan's tables, maps and field packages into `out_dir`, all or nothing.

    `data` gives the boundaries and per-area counts for the maps (None: maps without them).
    `maps=False` skips map.html, route.html and peta.png. Raises OutputFolderError (a
    FileExistsError) if `out_dir` is not a folder or holds a file at one of our names that
    the planner did not write (or that was changed); raises ValueError for an unsupported
    `lang`.
    """
    lng = check_lang(lang)
    out_dir = Path(out_dir)
    check_output_target(out_dir)
    tmp = make_temp_dir(out_dir)
    try:
        team_days = _write_all(plan, data, tmp, lng, maps)
        written = tuple(Path(p) for p in temp_files(tmp))
        sizes = tuple((tmp / p).stat().st_size for p in written)
        replaced = install_folder(tmp, out_dir, OUTPUT_GROUP, legacy_output_files)
    except NotOursError as exc:
        raise OutputFolderError(str(exc)) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return OutputManifest(out_dir, written, sizes, replaced, team_days, lng, maps)
