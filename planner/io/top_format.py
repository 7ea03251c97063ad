"""Read Team Orienteering Problem files (Chao, Golden & Wasil 1996) and their reference scores.

An instance file has three header lines (`n <points>`, `m <vehicles>`, `tmax <budget>`) then
one `x<TAB>y<TAB>score` line per point: point 0 is the start, point n-1 the end, the others are
customers. Travel time is the unrounded Euclidean distance, in the file's own length unit. The
solver never reads files and this module imports nothing from it: `planner.solve.top.top_problem`
turns a parsed instance into a `TopProblem`.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class TopFormatError(ValueError):
    """A TOP instance or reference file that does not follow the format; names file and line."""


@dataclass(frozen=True)
class TopInstance:
    """One parsed instance: `points` are (x, y) per point, `scores` integer per point."""

    name: str
    n_vehicles: int
    tmax: float
    points: tuple[tuple[float, float], ...]
    scores: tuple[int, ...]

    @property
    def n_points(self) -> int:
        """Number of points including the start (0) and the end (n-1)."""
        return len(self.points)

    def distance_matrix(self) -> np.ndarray:
        """Unrounded Euclidean distances between all points, shape (n, n)."""
        xy = np.asarray(self.points, dtype=float)
        diff = xy[:, None, :] - xy[None, :, :]
        return np.asarray(np.sqrt((diff**2).sum(axis=-1)))

    def route_length(self, route: Sequence[int]) -> float:
        """Euclidean length of start → route → end, from the coordinates."""
        seq = [0, *route, self.n_points - 1]
        return math.fsum(
            math.hypot(self.points[b][0] - self.points[a][0], self.points[b][1] - self.points[a][1])
            for a, b in itertools.pairwise(seq)
        )


@dataclass(frozen=True)
class TopReference:
    """The best known score for one instance, as listed in reference.csv."""

    instance: str
    n_points: int
    n_vehicles: int
    tmax: float
    reference: int
    source: str


def _fail(path: Path, line: int, msg: str) -> TopFormatError:
    return TopFormatError(f"{path}:{line}: {msg}")


def _header(path: Path, lines: list[str], idx: int, key: str) -> str:
    if idx >= len(lines):
        raise _fail(path, idx + 1, f"missing header line '{key} <value>'")
    parts = lines[idx].split()
    if len(parts) != 2 or parts[0] != key:
        raise _fail(path, idx + 1, f"expected '{key} <value>', got {lines[idx]!r}")
    return parts[1]


def _number(path: Path, line: int, text: str, kind: type[int] | type[float]) -> float:
    try:
        return kind(text)
    except ValueError:
        what = "an integer" if kind is int else "a number"
        raise _fail(path, line, f"{text!r} is not {what}") from None


def read_top_instance(path: Path) -> TopInstance:
    """Parse the instance file at `path`; raises TopFormatError naming the file and line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = int(_number(path, 1, _header(path, lines, 0, "n"), int))
    m = int(_number(path, 2, _header(path, lines, 1, "m"), int))
    tmax = _number(path, 3, _header(path, lines, 2, "tmax"), float)
    if n < 2:
        raise _fail(path, 1, f"n must be at least 2 (start and end), got {n}")
    if m < 1:
        raise _fail(path, 2, f"m must be at least 1, got {m}")
    if not math.isfinite(tmax) or tmax < 0:
        raise _fail(path, 3, f"tmax must be a non-negative number, got {tmax}")
    points: list[tuple[float, float]] = []
    scores: list[int] = []
    for idx in range(3, len(lines)):
        parts = lines[idx].split()
        if not parts:
            continue
        if len(parts) != 3:
            raise _fail(path, idx + 1, f"expected 'x<TAB>y<TAB>score', got {lines[idx]!r}")
        x = _number(path, idx + 1, parts[0], float)
        y = _number(path, idx + 1, parts[1], float)
        score = int(_number(path, idx + 1, parts[2], int))
        if not (math.isfinite(x) and math.isfinite(y)):
            raise _fail(path, idx + 1, f"coordinates must be finite: {lines[idx]!r}")
        if score < 0:
            raise _fail(path, idx + 1, f"score must not be negative, got {score}")
        points.append((x, y))
        scores.append(score)
    if len(points) != n:
        raise _fail(path, len(lines), f"header says n={n} points, file has {len(points)}")
    name = path.name.removesuffix(".txt")
    return TopInstance(name, m, tmax, tuple(points), tuple(scores))


#: Float summation order may differ between checkers by a few ulps; allow this much over tmax.
LENGTH_TOLERANCE = 1e-9


def check_top_routes(instance: TopInstance, routes: Sequence[Sequence[int]]) -> int:
    """Score of `routes` recomputed from the file's coordinates; ValueError if infeasible.

    Independent of the solver's matrix: each route's Euclidean length (start → customers →
    end, `math.fsum` of `math.hypot`) must be within tmax (+LENGTH_TOLERANCE), there are at
    most m routes, and every customer (1..n-2) appears at most once.
    """
    n = instance.n_points
    if len(routes) > instance.n_vehicles:
        raise ValueError(
            f"{instance.name}: {len(routes)} routes for {instance.n_vehicles} vehicles"
        )
    seen: set[int] = set()
    for k, route in enumerate(routes):
        for v in route:
            if not 1 <= v <= n - 2:
                raise ValueError(f"{instance.name}: route {k} visits {v}, not a customer")
            if v in seen:
                raise ValueError(f"{instance.name}: customer {v} visited twice")
            seen.add(v)
        length = instance.route_length(route)
        if route and length > instance.tmax + LENGTH_TOLERANCE:
            raise ValueError(f"{instance.name}: route {k} has length {length} > {instance.tmax}")
    return sum(instance.scores[v] for v in seen)


def read_top_references(path: Path) -> dict[str, TopReference]:
    """reference.csv as instance name → TopReference; raises TopFormatError on a bad row."""
    expected = ["instance", "n", "m", "tmax", "reference", "source"]
    out: dict[str, TopReference] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != expected:
            raise _fail(path, 1, f"expected header {','.join(expected)}, got {header}")
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(expected):
                raise _fail(path, line, f"expected {len(expected)} fields, got {len(row)}")
            try:
                ref = TopReference(
                    row[0], int(row[1]), int(row[2]), float(row[3]), int(row[4]), row[5]
                )
            except ValueError:
                raise _fail(path, line, f"bad number in {row}") from None
            out[ref.instance] = ref
    return out
