"""Problems found in a kabupaten data folder, each naming the file, the row and the field.

A data officer fixes a folder from these messages alone, so every problem says where it is
(`schools.csv row 7, field 'lat': …`) and the loader reports all of them at once rather than
stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: At most this many problems are spelled out in a `DataValidationError` message.
MAX_LISTED_PROBLEMS = 50


class DataError(Exception):
    """One problem in one place of a data folder.

    `row` is the 1-based data row of a CSV file (header excluded) or the 1-based feature of a
    GeoJSON file, None when the problem is not about one row; `field` is the column or property
    name, None when the problem is not about one field.
    """

    def __init__(self, file: str, row: int | None, field: str | None, message: str) -> None:
        super().__init__(file, row, field, message)
        self.file = file
        self.row = row
        self.field = field
        self.message = message

    def where(self) -> str:
        """`schools.csv row 7, field 'lat'` (GeoJSON rows are called features)."""
        unit = "feature" if self.file.endswith(".geojson") else "row"
        place = self.file
        if self.row is not None:
            place += f" {unit} {self.row}"
        if self.field is not None:
            place += f", field '{self.field}'"
        return place

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def __repr__(self) -> str:
        return f"DataError({self.file!r}, {self.row!r}, {self.field!r}, {self.message!r})"


class DataValidationError(Exception):
    """A data folder that cannot be used: every problem found, and the warnings so far.

    The message lists the first `MAX_LISTED_PROBLEMS` problems, one a line, and says how many
    more there are; `errors` holds all of them.
    """

    def __init__(self, errors: tuple[DataError, ...], warnings: tuple[str, ...] = ()) -> None:
        super().__init__(errors)
        self.errors = errors
        self.warnings = warnings

    def __str__(self) -> str:
        n = len(self.errors)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        lines = [head, *(f"- {e}" for e in self.errors[:MAX_LISTED_PROBLEMS])]
        if n > MAX_LISTED_PROBLEMS:
            lines.append(f"… and {n - MAX_LISTED_PROBLEMS} more")
        return "\n".join(lines)


@dataclass
class Findings:
    """Collects errors and warnings while a folder is read; the loader raises at the end."""

    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)

    def error(self, file: str, row: int | None, field: str | None, message: str) -> None:
        self.errors.append(DataError(file, row, field, message))

    def warn(self, file: str, row: int | None, field: str | None, message: str) -> None:
        self.warnings.append(DataError(file, row, field, message))

    def error_count(self, file: str | None = None) -> int:
        """Errors so far, in `file` only when given."""
        return sum(1 for e in self.errors if file is None or e.file == file)

    def warning_texts(self) -> tuple[str, ...]:
        return tuple(str(w) for w in self.warnings)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataValidationError(tuple(self.errors), self.warning_texts())
