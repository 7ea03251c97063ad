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
    teams/<team>/<team>-<YYYY-MM-DD>.zip   the day's folder as one attachment
    teams/<team>-<YYYY-MM>.zip             the team's whole month
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.domain import KabupatenData
from planner.i18n import Lang, LocalisedError, check_lang, num, t
from planner.io.atomic import (
    NotOursError,
    WriteIn,
    check_target,
    install_folder,
    make_temp_dir,
    temp_files,
)
from planner.plan import Plan
from planner.render.field_sheet import day_message, day_sheet_html, day_sheet_png
from planner.render.gps import gpx_document, kml_document
from planner.render.itinerary import itineraries, team_colours, team_slugs
from planner.render.overview_map import overview_map_html
from planner.render.packages import changes_zip_name, day_zip_name, month_zip_name, zip_bytes
from planner.render.route_map import route_map_html
from planner.render.schedule import schedule_csv
from planner.render.static_map import route_png
from planner.render.workbook import schedule_workbook

PLAN_FILE = "plan.json"
TEAMS_DIR = "teams"
#: The manifest group of a plan's files (planner.io.atomic).
OUTPUT_GROUP = "outputs"


class OutputFolderError(LocalisedError, FileExistsError):
    """The output folder holds files at our names that ikd-planner did not write (or that
    were changed since), or is not a folder; the sentence in the reader's language."""


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
    kept_aside: tuple[tuple[str, str], ...] = ()
    """Filled-in workbooks of the earlier output, renamed (old name, new name), never lost."""

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes)

    def size_of(self, relative: str | Path) -> int:
        """Size in bytes of one written file (KeyError if it was not written)."""
        for f, n in zip(self.files, self.sizes, strict=True):
            if f == Path(relative):
                return n
        raise KeyError(str(relative))

    def describe(self, lang: Lang = "id") -> str:
        """One line for the terminal: where, how many files, whether an output was replaced."""
        files = "schedule.csv, schedule.xlsx, plan.json" + (", map.html" if self.maps else "")
        text = t(
            lang,
            "output.written",
            n=len(self.files),
            mb=num(lang, self.total_bytes / 1e6, 1),
            out=self.out_dir,
            files=files,
            teams=f"{TEAMS_DIR}/",
            team_days=self.team_days,
        )
        text += t(lang, "output.replaced") if self.replaced else ""
        for old, new in self.kept_aside:
            text += "\n  " + t(lang, "output.kept_aside", old=old, new=new)
        zips = self.zip_line(lang)
        return f"{text}\n  {zips}" if zips else text

    def zip_line(self, lang: Lang = "id") -> str:
        """The zips to send and their sizes: the largest day's, and each team's month."""
        day_zips = [
            (n, f)
            for f, n in zip(self.files, self.sizes, strict=True)
            if f.suffix == ".zip" and len(f.parts) == 3
        ]
        month_zips = [
            (f, n)
            for f, n in zip(self.files, self.sizes, strict=True)
            if f.suffix == ".zip" and len(f.parts) == 2
        ]
        if not day_zips:
            return ""
        size, biggest = max(day_zips)
        months = ", ".join(f"{f.name} {_mb(lang, n)}" for f, n in month_zips)
        return t(
            lang,
            "output.zips",
            n=len(day_zips),
            biggest=biggest.name,
            size=_mb(lang, size),
            months=months,
        )


def _mb(lang: Lang, n: int) -> str:
    """`1,2 MB` / `1.2 MB` (at least 0.1 MB so a small file does not read as 0)."""
    return f"{num(lang, max(n / 1e6, 0.1), 1)} MB"


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
        if day.is_dir():
            rels += [
                f.relative_to(folder).as_posix() for f in day.iterdir() if f.name in _DAY_FILES
            ]
    for pattern in (f"{TEAMS_DIR}/*.zip", f"{TEAMS_DIR}/*/*.zip"):  # month and day packages
        rels += [f.relative_to(folder).as_posix() for f in folder.glob(pattern) if f.is_file()]
    return rels


def check_output_target(out_dir: Path) -> bool:
    """Raise OutputFolderError early (before a solve) if `out_dir` cannot take a plan's
    outputs; returns whether an earlier output will be replaced. Checked again at the swap."""
    try:
        return check_target(out_dir, _TOP_FILES, OUTPUT_GROUP, legacy_output_files, _write_in("id"))
    except NotOursError as exc:
        raise OutputFolderError(exc.text) from exc


@dataclass(frozen=True)
class Changed:
    """A re-plan's changed team-days (date, team) from `since` on: their packages are bundled
    again per team, for the teams to receive the new days only."""

    since: date
    team_days: frozenset[tuple[date, str]]


def _write_in(lang: Lang) -> WriteIn:
    """The workbook teams fill in: kept aside when filled, never refused or replaced."""
    return WriteIn(frozenset({"schedule.xlsx"}), t(lang, "output.filled_label"))


def _write(path: Path, content: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)


def _write_all(
    plan: Plan,
    data: KabupatenData | None,
    folder: Path,
    lang: Lang,
    maps: bool,
    changed: Changed | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> int:
    """Render everything into `folder`; returns the number of team-day packages."""
    for name, text in (extra_files or {}).items():
        _write(folder / name, text)
    _write(folder / PLAN_FILE, plan.to_json() + "\n")
    _write(folder / "schedule.csv", schedule_csv(plan))
    _write(folder / "schedule.xlsx", schedule_workbook(plan, lang))
    if maps:
        _write(folder / "map.html", overview_map_html(plan, data, lang))
    slugs = team_slugs(plan)
    colours = team_colours(plan)
    its = itineraries(plan)
    months: dict[str, dict[str, bytes]] = {}
    resend: dict[str, dict[str, bytes]] = {}
    for it in its:
        day_name = it.date.isoformat()
        day = folder / TEAMS_DIR / slugs[it.team] / day_name
        colour = colours[it.team]
        files: dict[str, bytes | str] = {
            "jadwal.html": day_sheet_html(plan, it, lang),
            "jadwal.png": day_sheet_png(plan, it, lang),
            "pesan.txt": day_message(plan, it, lang),
            "route.gpx": gpx_document(it, lang),
            "route.kml": kml_document(it, colour, lang),
        }
        if maps:
            files["route.html"] = route_map_html(plan, it, data, colour, lang)
            files["peta.png"] = route_png(it, colour, data, lang)
        for name, content in files.items():
            _write(day / name, content)
        root = day_zip_name(slugs[it.team], day_name).removesuffix(".zip")
        raw = {n: c.encode("utf-8") if isinstance(c, str) else c for n, c in files.items()}
        _write(day.parent / f"{root}.zip", zip_bytes({f"{root}/{n}": c for n, c in raw.items()}))
        month = months.setdefault(slugs[it.team], {})
        month.update({f"{day_name}/{n}": c for n, c in raw.items()})
        if changed is not None and (it.date, it.team) in changed.team_days:
            again = resend.setdefault(slugs[it.team], {})
            again.update({f"{day_name}/{n}": c for n, c in raw.items()})
    bundles = [(month_zip_name(slug, plan.month), m) for slug, m in months.items()]
    if changed is not None:
        since = changed.since.isoformat()
        bundles += [(changes_zip_name(slug, since), m) for slug, m in resend.items()]
    for name, members in bundles:
        root = name.removesuffix(".zip")
        _write(folder / TEAMS_DIR / name, zip_bytes({f"{root}/{n}": c for n, c in members.items()}))
    return len(its)


def write_outputs(
    plan: Plan,
    data: KabupatenData | None,
    out_dir: Path,
    lang: str = "id",
    maps: bool = True,
    *,
    changed: Changed | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> OutputManifest:
    """Write the plan's tables, maps and field packages into `out_dir`, all or nothing.

    `data` gives the boundaries and per-area counts for the maps (None: maps without them).
    `maps=False` skips map.html, route.html and peta.png. Every team-day gets its package (the
    folder is always a whole plan); `changed` (a re-plan's changed team-days) adds, per team, a
    zip of just those days to send again (`teams/<team>-perubahan-<since>.zip`);
    `extra_files` (name → text) are written alongside, inside the same all-or-nothing swap.
    Raises OutputFolderError (a FileExistsError) if `out_dir` is not a folder or holds a file
    at one of our names that the planner did not write (or that was changed); raises
    ValueError for an unsupported `lang`.
    """
    lng = check_lang(lang)
    out_dir = Path(out_dir)
    check_output_target(out_dir)
    tmp = make_temp_dir(out_dir)
    try:
        team_days = _write_all(plan, data, tmp, lng, maps, changed, extra_files)
        written = tuple(sorted(Path(p) for p in temp_files(tmp)))
        sizes = tuple((tmp / p).stat().st_size for p in written)
        aside: dict[str, str] = {}
        replaced = install_folder(
            tmp, out_dir, OUTPUT_GROUP, legacy_output_files, _write_in(lng), aside
        )
    except NotOursError as exc:
        raise OutputFolderError(exc.text) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return OutputManifest(
        out_dir, written, sizes, replaced, team_days, lng, maps, tuple(sorted(aside.items()))
    )
