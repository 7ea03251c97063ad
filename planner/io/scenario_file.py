"""Read a scenario TOML file into a validated `Scenario`, with errors that name the field."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.scenario import Scenario


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
