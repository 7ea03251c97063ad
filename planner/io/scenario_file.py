"""Read a scenario TOML file into a validated `Scenario`, with errors that name the field."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.domain import KabupatenData
from planner.i18n import Lang, LocalisedError, Message, placeholders, t
from planner.scenario import Scenario
from planner.scenario_defaults import SkippedEvent, generic_scenario, skipped_events
from planner.settings import SCENARIO_FILE


class ScenarioError(LocalisedError):
    """A scenario file that cannot be used; the message names the file and the field, in the
    reader's language (`text(lang)`)."""


def load_scenario(path: Path) -> Scenario:
    """Parse and validate `path`; raise ScenarioError with one line per problem."""
    raw = read_toml(Path(path), "scenario", ScenarioError)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(validation_report(path.name, exc)) from exc


def read_toml(path: Path, what: str, error: type[LocalisedError]) -> dict[str, Any]:
    """The TOML table in `path` (a UTF-8 byte-order mark, as Windows editors write, is
    accepted); raises `error` with one sentence naming the file for anything else.
    `what` names the kind of file (`file.what.<what>`: scenario, sweep)."""
    kind = Message.of(f"file.what.{what}")

    def fail(key: str, **params: object) -> LocalisedError:
        return error(Message.of(key, path=str(path), what=kind, **params))

    if path.is_dir():
        raise fail("file.is_folder")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise fail("file.not_found") from exc
    except UnicodeDecodeError as exc:
        raise fail("file.not_utf8", reason=exc.reason) from exc
    except OSError as exc:
        raise fail("file.unreadable", reason=str(exc.strerror or exc)) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail("file.not_toml", detail=str(exc)) from exc


#: pydantic error types shown by a text of ours (`val.<key>`), so Bahasa readers get Bahasa.
_TYPE_TEXT = {
    "missing": "val.missing",
    "extra_forbidden": "val.extra_forbidden",
    "greater_than": "val.greater_than",
    "greater_than_equal": "val.greater_than_equal",
    "less_than": "val.less_than",
    "less_than_equal": "val.less_than_equal",
    "int_type": "val.int",
    "int_parsing": "val.int",
    "int_from_float": "val.int",
    "float_type": "val.number",
    "float_parsing": "val.number",
    "bool_type": "val.bool",
    "bool_parsing": "val.bool",
    "string_type": "val.string",
    "literal_error": "val.literal",
    "date_type": "val.date",
    "date_parsing": "val.date",
    "date_from_datetime_parsing": "val.date",
    "too_short": "val.too_short",
    "too_long": "val.too_long",
    "list_type": "val.list",
    "tuple_type": "val.list",
    "dict_type": "val.table",
    "model_type": "val.table",
}


def _problem(err: Any, lang: Lang) -> str:
    """One pydantic problem in `lang`: our own validators' texts, the common types' texts,
    else pydantic's English message."""
    ctx = err.get("ctx") or {}
    error = ctx.get("error")
    if isinstance(error, LocalisedError):
        return error.text(lang)
    key = _TYPE_TEXT.get(err["type"])
    if key is None:
        return str(err["msg"]).removeprefix("Value error, ")
    wanted = placeholders(t(lang, key))
    return t(lang, key, **{k: str(v) for k, v in ctx.items() if k in wanted})


def validation_report(source: str, exc: ValidationError) -> Callable[[Lang], str]:
    """The report of `exc` as a function of the language, for a LocalisedError."""
    return lambda lang: format_validation_error(source, exc, lang)


def format_validation_error(source: str, exc: ValidationError, lang: Lang = "en") -> str:
    """One line per problem: `file: field 'a.b': message (got value)`, in `lang` (without
    `file: ` when `source` is empty: a web form's fields)."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        got = err.get("input")
        problem = _problem(err, lang)
        shown = (
            " " + t(lang, "val.got", value=repr(got))
            if not isinstance(got, dict | list) and got is not None and repr(got) not in problem
            else ""
        )
        where = f"{t(lang, 'val.field', loc=loc)}: " if loc else ""
        lines.append(f"{source + ': ' if source else ''}{where}{problem}{shown}")
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


def folder_scenario_notes(data: KabupatenData) -> tuple[SkippedEvent, ...]:
    """What the user should know about the scenario `scenario_for_folder` gives: the public
    events the generic default could not make fixed events, and why (none with the folder's
    own scenario.toml)."""
    if folder_scenario_file(Path(data.source_dir)) is not None:
        return ()
    return skipped_events(data)
