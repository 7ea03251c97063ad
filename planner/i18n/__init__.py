"""Every text a user reads, in Bahasa Indonesia (default) or English, and how numbers look.

One place for labels and number formats, importable from every layer (io, core, solve,
render, sweep, cli) because it imports nothing from the planner and no third-party package.

- Texts: `t(lang, key, **params)`; the tables are `planner/i18n/_id.py` and `_en.py`, with the
  same keys (a test checks every key is in both languages with the same placeholders).
- Numbers: `num`, `pct`, `signed` print `3.301`, `14,5 %`, `1,16` in Indonesian and `3,301`,
  `14.5 %`, `1.16` in English; dates `long_date`, `day_month`, `month_name`.
- A message whose language is chosen later (data warnings, made while loading, printed by the
  CLI or a report) is a `Message`: a key and its parameters, rendered by `Message.text(lang)`.

An unknown language is refused (`check_lang`) at the edge (CLI option, scenario, function
argument) instead of silently falling back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

from planner.i18n._en import TEXT as _EN
from planner.i18n._id import TEXT as _ID

Lang = Literal["id", "en"]
LANGS: Final[tuple[Lang, ...]] = ("id", "en")
DEFAULT_LANG: Final[Lang] = "id"

TABLES: Final[Mapping[Lang, Mapping[str, str]]] = {"id": _ID, "en": _EN}

_WEEKDAYS: Final[dict[Lang, tuple[str, ...]]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: Final[dict[Lang, tuple[str, ...]]] = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_PLACEHOLDER = re.compile(r"{(\w+)}")


def check_lang(lang: str) -> Lang:
    """`lang` as a supported language, or ValueError naming the supported ones (in both)."""
    if lang == "id":
        return "id"
    if lang == "en":
        return "en"
    raise ValueError(
        f"bahasa {lang!r} tidak didukung: pakai 'id' atau 'en' / "
        f"unsupported language {lang!r}: use 'id' or 'en'"
    )


def t(lang: Lang, key: str, **params: object) -> str:
    """The text `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError (a typo must fail the tests, not reach a user). Numbers in
    `params` are printed with `num` (ints) so they follow the language; pass text for
    anything formatted otherwise (percentages, decimals, coordinates).
    """
    text = TABLES[lang][key]
    if not params:
        return text
    shown = {k: _shown(lang, v) for k, v in params.items()}
    return text.format(**shown)


@dataclass(frozen=True)
class Decimals:
    """A message parameter printed with `decimals` places in the reader's language."""

    value: float
    decimals: int = 1


@dataclass(frozen=True)
class Percent:
    """A share 0–1 as a message parameter, printed as `12,5 %` / `12.5 %`."""

    value: float
    decimals: int = 1


def _shown(lang: Lang, value: object) -> object:
    """A parameter as text: counts grouped like every number, nested messages in `lang`."""
    if isinstance(value, Message | LocalisedError):
        return value.text(lang)
    if isinstance(value, Decimals):
        return num(lang, value.value, value.decimals)
    if isinstance(value, Percent):
        return pct(lang, value.value, value.decimals)
    if isinstance(value, int) and not isinstance(value, bool):
        return num(lang, value)
    return value


def has(key: str) -> bool:
    """True where `key` has a text (in every language: the parity test sees to that)."""
    return key in _ID


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` placeholders of a text (for the parity test and for callers' checks)."""
    return frozenset(_PLACEHOLDER.findall(text))


def num(lang: Lang, x: float, decimals: int = 0) -> str:
    """`x` rounded to `decimals`, grouped by thousands: `1.234,5` (id), `1,234.5` (en).

    A value that rounds to zero prints without a sign (`0`, never `-0`); NaN prints `–`.
    """
    if math.isnan(x):
        return "–"
    rounded = round(x, decimals)
    if rounded == 0:
        rounded = 0.0
    text = f"{rounded:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def pct(lang: Lang, share: float, decimals: int = 1) -> str:
    """A share 0–1 as a percentage, with a space before the sign: `14,5 %` / `14.5 %`."""
    return f"{num(lang, 100 * share, decimals)} %"


def signed(lang: Lang, x: float, decimals: int = 0) -> str:
    """`x` with its sign always shown: `+1.427` / `+1,427`, `-12` (zero prints `0`)."""
    text = num(lang, x, decimals)
    return text if text.startswith("-") or text.strip("0.,") == "" else "+" + text


def weekday(lang: Lang, d: date) -> str:
    """Weekday name of `d`: `Senin` / `Monday`."""
    return _WEEKDAYS[lang][d.weekday()]


def day_month(lang: Lang, d: date) -> str:
    """`4 Januari` / `4 January`."""
    return f"{d.day} {_MONTHS[lang][d.month - 1]}"


def long_date(lang: Lang, d: date) -> str:
    """`Senin, 4 Januari 2027` / `Monday, 4 January 2027`."""
    return f"{weekday(lang, d)}, {day_month(lang, d)} {d.year}"


def month_name(lang: Lang, month: str) -> str:
    """`2027-01` → `Januari 2027`; anything else is returned unchanged."""
    try:
        year, mon = (int(x) for x in month.split("-"))
        if not 1 <= mon <= 12:
            return month
        return f"{_MONTHS[lang][mon - 1]} {year}"
    except ValueError:
        return month


def team_label(lang: Lang, name: str) -> str:
    """`Tim A` stays `Tim A`; a bare `A` becomes `Tim A` / `Team A`."""
    if name.casefold().startswith(("tim", "team")):
        return name
    return f"{t(lang, 'team')} {name}"


def venue_type_label(lang: Lang, venue_type: str) -> str:
    """Readable venue kind: its labels live with the kind in `planner.venue_kinds` (a kind
    registered at run time brings its own); a kind this installation does not know is shown
    as its id."""
    from planner import venue_kinds  # dependency-free core; imported late to keep this light

    known = venue_kinds.find(venue_type)
    return known.label(lang) if known else venue_type


def reason_label(lang: Lang, reason: str) -> str:
    """Readable reason a venue was not scheduled; an unknown code is shown as it is."""
    key = f"reason.{reason}"
    return t(lang, key) if has(key) else reason


def is_known_reason(reason: str) -> bool:
    """True where `reason` has a translated label."""
    return has(f"reason.{reason}")


def break_label(lang: Lang, kinds: tuple[str, ...]) -> str:
    """`Salat Jumat & Istirahat siang` for merged breaks; an unknown kind reads `Istirahat`."""
    names = [t(lang, f"break.{k}") if has(f"break.{k}") else t(lang, "break.other") for k in kinds]
    return " & ".join(dict.fromkeys(names)) or t(lang, "break.other")


def solver_status_label(lang: Lang, status: str) -> str:
    """Solver status (`OPTIMAL`, `FEASIBLE (greedy plan kept; time limit reached)`, …) in plain
    words of `lang`; an unknown status word is shown unchanged.

    plan.json keeps the solver's machine-readable status; this is what a person reads. Each
    note in brackets maps to its own text, and a note not known here is left out rather than
    printed in English inside a Bahasa line (the raw status stays in plan.json).
    """
    word, _, rest = status.strip().partition(" ")
    key = f"status.{word.upper()}"
    if not has(key):
        return status
    parts = [t(lang, key)]
    for note in rest.strip().strip("()").split(";"):
        note_key = _status_note_key(note.strip())
        if note_key and t(lang, note_key) not in parts:
            parts.append(t(lang, note_key))
    return "; ".join(parts)


#: Solver notes (planner/solve/month.py) by how they start, and the text key for each.
_STATUS_NOTES: Final[tuple[tuple[str, str], ...]] = (
    ("integer solver", "status.no_plan_in_time"),
    ("floor over", "status.floor_over_limit"),
    ("it breaks", "status.floor_breaks"),
    ("greedy", "status.greedy_kept"),
    ("bound not converged", "status.not_converged"),
    ("time limit", "status.time_limit"),
    ("wall-clock", "status.wall_clock"),
)


def _status_note_key(note: str) -> str | None:
    for start, key in _STATUS_NOTES:
        if note.startswith(start):
            return key
    return None


def failure_label(lang: Lang, error: str) -> str:
    """A case's recorded failure (`writing out/x: ValueError: …`, `unknown error`) with its
    frame in `lang`: the stage and the kind of error in words, the detail as recorded.

    result.json keeps the raw text for scripts; this is what a person reads after `gagal:`.
    The detail after the kind is the exception's own text (a library's is English).
    """
    stage, sep, rest = error.partition(": ")
    if sep and stage.startswith("writing "):
        return (
            t(lang, "failure.writing", path=stage[len("writing ") :])
            + ": "
            + (failure_label(lang, rest))
        )
    if error == "unknown error":
        return t(lang, "failure.unknown")
    kind, sep, detail = error.partition(": ")
    key = f"failure.{kind}"
    if not sep or not has(key):
        return error
    return f"{t(lang, key)}: {detail}"


@dataclass(frozen=True)
class Message:
    """A text to be shown later in a language not known yet: a key and its parameters.

    Made where the problem is found (a loader, a check), shown by whoever prints it. `str()`
    gives the Bahasa Indonesia text, so a Message can stand where a string was expected.
    """

    key: str
    params: tuple[tuple[str, object], ...] = field(default=())

    @classmethod
    def of(cls, key: str, **params: object) -> Message:
        """`Message.of("warn.outside", name="…")`; KeyError for an unknown key, now."""
        if not has(key):
            raise KeyError(key)
        return cls(key, tuple(sorted(params.items())))

    def text(self, lang: Lang) -> str:
        """The message in `lang`."""
        return t(lang, self.key, **dict(self.params))

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)


class LocalisedError(Exception):
    """An error whose sentence is shown in the reader's language, chosen where it is printed.

    `text(lang)` renders it; `str()` is the English text (logs, tracebacks, English callers).
    The sentence is a plain string (shown as is), a Message, or a function of the language
    (for errors that gather several localised parts, such as a validation report). Passed as
    a parameter of `t`, it is rendered in that text's language.
    """

    def __init__(self, message: str | Message | Callable[[Lang], str]) -> None:
        self._message = message
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """The sentence in `lang`."""
        m = self._message
        if isinstance(m, str):
            return m
        if isinstance(m, Message):
            return m.text(lang)
        return m(lang)


class LocalisedValueError(LocalisedError, ValueError):
    """A ValueError raised inside a pydantic validator with a text in both languages: pydantic
    keeps the exception in the error's context, so the report can show it in the reader's
    language (planner.io.scenario_file.format_validation_error)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(Message.of(key, **params))


def in_lang(lang: Lang, text: str | Message) -> str:
    """A plain string as it is, a Message in `lang`: for fields that may hold either."""
    return text if isinstance(text, str) else text.text(lang)


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "TABLES",
    "Decimals",
    "Lang",
    "LocalisedError",
    "LocalisedValueError",
    "Message",
    "Percent",
    "break_label",
    "check_lang",
    "day_month",
    "failure_label",
    "has",
    "in_lang",
    "is_known_reason",
    "long_date",
    "month_name",
    "num",
    "pct",
    "placeholders",
    "reason_label",
    "signed",
    "solver_status_label",
    "t",
    "team_label",
    "venue_type_label",
    "weekday",
]
