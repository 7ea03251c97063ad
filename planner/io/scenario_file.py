"""Read a scenario TOML file into a validated `Scenario`, with errors that name the field."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.domain import KabupatenData
from planner.scenario import Scenario
from planner.scenario_defaults import generic_scenario
from planner.settings import SCENARIO_FILE


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message names the file and the field."""


def load_scenario(path: Path) -> Scenario:
    """Parse and validate `path`; raise ScenarioError with one line per problem."""
    raw = read_toml(Path(path), "scenario file", ScenarioError)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(path.name, exc)) from exc


def read_toml(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """The TOML table in `path` (a UTF-8 byte-order mark, as Windows editors write, is
    accepted); raises `error` with one sentence naming the file for anything else."""
    if path.is_dir():
        raise error(f"{path} is a folder, not a {what}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise error(f"{path}: {what} not found") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not a text file in UTF-8 ({exc.reason})") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc


def format_validation_error(source: str, exc: ValidationError) -> str:
    """One line per problem: `file: field.path: message (got value)`."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        got = err.get("input")
        shown = f" (got {got!r})" if not isinstance(got, dict | list) and got is not None else ""
        msg = err["msg"].removeprefix("Value error, ")
        where = f" field '{loc}':" if loc else ""
        lines.append(f"{source}:{where} {msg}{shown}")
    return "\n".join(lines)


def folder_scenario_file(data_dir: Path) -> Path | None:
    """The data folder's own `scenario.toml`, or None when it has none."""
    path = Path(data_dir) / SCENARIO_FILE
    return path if path.is_file() else None


def scenario_for_folder(data: KabupatenData) -> tuple[Scenario, str]:
    """The scenario used when none is given, and where it came from (for messages).

    A data folder's own `scenario.toml` wins; without one, the generic default built from the
    folder (planner.scenario_defaults). Raises ScenarioError for a bad scenario.toml.
    """
    own = folder_scenario_file(Path(data.source_dir))
    if own is not None:
        return load_scenario(own), str(own)
    return generic_scenario(data), f"the generic default scenario of {data.source_dir}"
