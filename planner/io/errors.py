"""Problems found in a kabupaten data folder, each naming the file, the row and the field.

A data officer fixes a folder from these messages alone, so every problem says where it is
(`schools.csv row 7, field 'lat': …`) and the loader reports all of them at once rather than
stopping at the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.i18n import Lang, Message, in_lang, t

#: At most this many problems are spelled out in a `DataValidationError` message.
MAX_LISTED_PROBLEMS = 50


class DataError(Exception):
    """One problem in one place of a data folder.

    `row` is the 1-based data row of a CSV file (header excluded), the row number Excel shows
    for an .xlsx sheet (header = row 1), or the 1-based feature of a GeoJSON file, None when
    the problem is not about one row; `field` is the column or property
    name, None when the problem is not about one field. `message` is plain (English) text or a
    `Message` shown in the reader's language. `unit` names what `row` counts when it is not
    a table row or a GeoJSON feature (e.g. "line" for a text file); None lets the file decide.
    """

    unit: str | None = None

    def __init__(
        self, file: str, row: int | None, field: str | None, message: str | Message
    ) -> None:
        super().__init__(file, row, field, message)
        self.file = file
        self.row = row
        self.field = field
        self.message = message

    def where_message(self) -> Message:
        """`schools.csv row 7, field 'lat'` / `schools.csv baris 7, kolom 'lat'`."""
        unit = self.unit or ("feature" if self.file.endswith(".geojson") else "row")
        row = None if self.row is None else str(self.row)
        if row is None and self.field is None:
            return Message.of("io.at_file", file=self.file)
        if self.field is None:
            return Message.of(f"io.at_{unit}", file=self.file, row=row)
        if row is None:
            return Message.of("io.at_file_field", file=self.file, field=self.field)
        return Message.of(f"io.at_{unit}_field", file=self.file, row=row, field=self.field)

    def as_message(self) -> Message:
        """Place and problem, to be shown in a language chosen later."""
        return Message.of("io.problem", where=self.where_message(), what=self.message)

    def what(self, lang: Lang = "en") -> str:
        """The problem alone, without its place, in `lang`."""
        return in_lang(lang, self.message)

    def where(self) -> str:
        """`schools.csv row 7, field 'lat'` (GeoJSON rows are called features)."""
        return self.where_message().text("en")

    def text(self, lang: Lang) -> str:
        """The problem in `lang` (texts not yet translated stay English)."""
        return self.as_message().text(lang)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"DataError({self.file!r}, {self.row!r}, {self.field!r}, {self.message!r})"


class DataValidationError(Exception):
    """A data folder that cannot be used: every problem found, and the warnings so far.

    The message lists the first `MAX_LISTED_PROBLEMS` problems, one a line, and says how many
    more there are; `errors` holds all of them.
    """

    def __init__(self, errors: tuple[DataError, ...], warnings: tuple[Message, ...] = ()) -> None:
        super().__init__(errors)
        self.errors = errors
        self.warnings = warnings

    def text(self, lang: Lang) -> str:
        """Every problem (up to `MAX_LISTED_PROBLEMS` groups), one a line, in `lang`."""
        n = len(self.errors)
        lines = [t(lang, "io.found_one" if n == 1 else "io.found_many", n=str(n))]
        groups = grouped(self.errors)
        for g in groups[:MAX_LISTED_PROBLEMS]:
            first = g[0]
            if len(g) < REPEATS_FOLDED:
                lines += [f"- {e.text(lang)}" for e in g]
                continue
            rows = ", ".join(str(e.row) for e in g[:5]) + (", …" if len(g) > 5 else "")
            where = DataError(first.file, None, first.field, "").where_message().text(lang)
            lines.append(
                "- "
                + t(
                    lang,
                    "io.repeated",
                    where=where,
                    count=str(len(g)),
                    rows=rows,
                    row=str(first.row),
                    what=in_lang(lang, first.message),
                )
            )
        if len(groups) > MAX_LISTED_PROBLEMS:
            rest = sum(len(g) for g in groups[MAX_LISTED_PROBLEMS:])
            lines.append(t(lang, "io.and_more", count=str(rest)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")


#: A problem repeated in at least this many rows of one column is reported once, with a count.
REPEATS_FOLDED = 3

_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|-?\d+(?:[.,]\d+)*")


def _text(message: str | Message) -> str:
    return message.text("en") if isinstance(message, Message) else message


def grouped(errors: tuple[DataError, ...] | list[DataError]) -> list[list[DataError]]:
    """Errors in order, those of one file and column that differ only in the cell's value
    (`'1,5' is not a number` on 300 rows) gathered into one group."""
    groups: dict[tuple[str, str | None, str], list[DataError]] = {}
    order: list[list[DataError]] = []
    for e in errors:
        if e.row is None:
            order.append([e])
            continue
        key = (e.file, e.field, _VARYING.sub("#", _text(e.message)))
        if key not in groups:
            groups[key] = []
            order.append(groups[key])
        groups[key].append(e)
    return order


@dataclass
class Findings:
    """Collects errors and warnings while a folder is read; the loader raises at the end."""

    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)

    def error(self, file: str, row: int | None, field: str | None, message: str | Message) -> None:
        self.errors.append(DataError(file, row, field, message))

    def warn(self, file: str, row: int | None, field: str | None, message: str | Message) -> None:
        self.warnings.append(DataError(file, row, field, message))

    def error_count(self, file: str | None = None) -> int:
        """Errors so far, in `file` only when given."""
        return sum(1 for e in self.errors if file is None or e.file == file)

    def warning_texts(self) -> tuple[Message, ...]:
        """Every warning with its place, shown later in the reader's language."""
        return tuple(w.as_message() for w in self.warnings)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataValidationError(tuple(self.errors), self.warning_texts())
