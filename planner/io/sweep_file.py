"""Read a sweep TOML file into its expanded `Sweep`, and read back a case's `result.json`.

Errors name the sweep file and the field (`ppu-staffing.toml: field 'vary.teams.0': …`), like
planner.io.scenario_file; the base and explicit scenario files are read through it, and
their paths and the data folders are taken relative to the sweep file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from planner.i18n import Lang, LocalisedError, t
from planner.io.scenario_file import (
    ScenarioError,
    folder_scenario_file,
    load_scenario,
    read_toml,
    scenario_for_folder,
    validation_report,
)
from planner.months import resolve_month
from planner.scenario import Scenario
from planner.settings import DEFAULT_DATA_DIR
from planner.sweep.result import CaseResult
from planner.sweep.spec import Sweep, SweepFile, SweepSpecError, absolute, build_sweep


class SweepError(LocalisedError):
    """A sweep file that cannot be used; the message names the file and the field, in the
    reader's language (`text(lang)`)."""


def load_sweep(path: Path, *, today: date | None = None) -> Sweep:
    """Parse, validate and expand the sweep file `path`; raise SweepError naming the field.

    Cases that name no month get the month after `today` (default: the real today).
    """
    path = Path(path)
    raw = read_toml(path, "sweep", SweepError)
    try:
        spec = SweepFile.model_validate(raw)
    except ValidationError as exc:
        raise SweepError(validation_report(path.name, exc)) from exc
    return expand_sweep(
        spec, root=path.resolve().parent, name=path.stem, source=str(path), today=today
    )


def expand_sweep(
    spec: SweepFile, *, root: Path, name: str, source: str, today: date | None = None
) -> Sweep:
    """A validated sweep spec expanded into its cases, its paths taken relative to `root`.

    What `load_sweep` does once the file is read; the web app's Scenarios page builds the
    spec from a form and comes here too, so both read scenarios and folders the same way.
    Errors name `source`'s file name and the field.
    """
    label = Path(source).name

    def scenario_at(written: str | None, field: str) -> Scenario:
        try:
            if written:
                return load_scenario(Path(absolute(root, written)))
            folder = Path(absolute(root, spec.vary.data[0])) if spec.vary.data else None
            return folder_default_scenario(folder or DEFAULT_DATA_DIR)
        except ScenarioError as exc:
            raise SweepError(_in_field(label, field, exc)) from exc

    base = scenario_at(spec.base, "base")
    explicit = [
        scenario_at(e.scenario, f"scenarios.{i}.scenario") if e.scenario else base
        for i, e in enumerate(spec.scenarios)
    ]
    folders = [(f"vary.data.{i}", p) for i, p in enumerate(spec.vary.data or ())]
    folders += [(f"scenarios.{i}.data", e.data) for i, e in enumerate(spec.scenarios) if e.data]
    for field, written in folders:
        if not Path(absolute(root, written)).is_dir():
            raise SweepError(
                f"{label}: field '{field}': data folder {written!r} not found "
                f"(looked for {absolute(root, written)})"
            )
    try:
        return build_sweep(
            spec,
            name=name,
            source=source,
            base=base,
            explicit_bases=explicit,
            resolve_path=lambda p: absolute(root, p),
            default_data=str(DEFAULT_DATA_DIR),
            default_month=lambda sc: resolve_month(sc, None, today),
            fingerprint=data_fingerprint,
        )
    except SweepSpecError as exc:
        raise SweepError(f"{label}: {exc}") from exc


def folder_default_scenario(folder: Path) -> Scenario:
    """The scenario of a data folder: its scenario.toml, else the generic default (which needs
    the folder loaded)."""
    own = folder_scenario_file(folder)
    if own is not None:
        return load_scenario(own)
    from planner.io.errors import DataError, DataValidationError
    from planner.io.load import load_kabupaten

    try:
        return scenario_for_folder(load_kabupaten(folder))[0]
    except (DataError, DataValidationError) as exc:
        raise ScenarioError(f"data folder {folder} is not valid:\n{exc}") from exc


def data_fingerprint(data_dir: str) -> str:
    """A stamp of a data folder: name, size and modification time of each file in it.

    It changes when a file is edited, added or removed, so a rerun of a sweep solves again the
    cases whose data changed. Only file metadata is read, never the contents.
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        return ""
    h = hashlib.sha256()
    for f in sorted(folder.iterdir()):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def read_case_result(path: Path) -> CaseResult | None:
    """The `result.json` at `path`, or None when it is missing or not a readable result."""
    try:
        return CaseResult.model_validate_json(path.read_text(encoding="utf-8")).model_copy(
            update={"from_earlier_run": True}
        )
    except (OSError, ValueError):
        return None


def _in_field(source: str, field: str, exc: LocalisedError) -> Callable[[Lang], str]:
    """`sweep.toml: field 'base': <the scenario's own error>`, in the reader's language."""
    return lambda lang: f"{source}: {t(lang, 'val.field', loc=field)}: {exc.text(lang)}"
