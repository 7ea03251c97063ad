"""TOP instance and reference files: parsed exactly, rejected with file and line when broken."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from planner.io.top_format import (
    TopFormatError,
    check_top_routes,
    read_top_instance,
    read_top_references,
)
from planner.solve.top import top_problem

GOOD = (
    "n 5\r\nm 2\r\ntmax 12.5\r\n"
    "0.0\t0.0\t0\r\n3.0\t4.0\t10\r\n6.0\t0.0\t7\r\n1.5\t0.5\t3\r\n6.0\t4.0\t0\r\n"
)


def _write(tmp_path: Path, text: str, name: str = "p9.2.a.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_reads_header_points_and_scores(tmp_path: Path) -> None:
    """A CRLF file gives its vehicles, budget, coordinates and integer scores, named by file."""
    inst = read_top_instance(_write(tmp_path, GOOD))
    assert inst.name == "p9.2.a"
    assert (inst.n_points, inst.n_vehicles, inst.tmax) == (5, 2, 12.5)
    assert inst.points[1] == (3.0, 4.0)
    assert inst.scores == (0, 10, 7, 3, 0)


def test_problem_uses_unrounded_euclidean_distance_from_first_to_last_point(
    tmp_path: Path,
) -> None:
    """The solver's problem starts at point 0, ends at point n-1, travel = exact distance."""
    problem = top_problem(read_top_instance(_write(tmp_path, GOOD)))
    assert (problem.start, problem.end, problem.n_vehicles) == (0, 4, 2)
    assert problem.travel[0, 1] == 5.0
    assert problem.travel[3, 0] == pytest.approx(math.hypot(1.5, 0.5), abs=1e-15)
    assert np.array_equal(problem.scores, [0, 10, 7, 3, 0])


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (GOOD.replace("1.5\t0.5\t3", "1.5\tx\t3"), 7),
        (GOOD.replace("6.0\t0.0\t7", "6.0\t0.0\t7.5"), 6),
        (GOOD.replace("3.0\t4.0\t10", "3.0\t4.0"), 5),
        (GOOD.replace("m 2", "vehicles 2"), 2),
        (GOOD.replace("tmax 12.5", "tmax twelve"), 3),
        (GOOD.replace("n 5", "n 6"), 8),
    ],
)
def test_malformed_file_is_rejected_with_file_and_line(
    tmp_path: Path, text: str, line: int
) -> None:
    """A bad value, a missing column, a wrong header or a wrong count names file and line."""
    path = _write(tmp_path, text)
    with pytest.raises(TopFormatError, match=rf"p9\.2\.a\.txt:{line}:"):
        read_top_instance(path)


def test_reference_table_is_read_by_instance(tmp_path: Path) -> None:
    """reference.csv rows become records keyed by instance name."""
    path = tmp_path / "reference.csv"
    path.write_text(
        "instance,n,m,tmax,reference,source\np1.2.a,32,2,2.5,0,OPT0\np4.2.a,100,2,25.0,206,BKS\n"
    )
    refs = read_top_references(path)
    assert refs["p4.2.a"].reference == 206
    assert refs["p1.2.a"].source == "OPT0"


def test_bad_reference_row_names_its_line(tmp_path: Path) -> None:
    """A non-numeric reference score is reported with the file and line."""
    path = tmp_path / "reference.csv"
    path.write_text("instance,n,m,tmax,reference,source\np1.2.a,32,2,2.5,zero,OPT0\n")
    with pytest.raises(TopFormatError, match=r"reference\.csv:2:"):
        read_top_references(path)


def test_route_check_recomputes_score_and_rejects_infeasible_routes(tmp_path: Path) -> None:
    """Routes are re-scored from the file; an over-budget route or a repeat is an error."""
    inst = read_top_instance(_write(tmp_path, GOOD))
    assert check_top_routes(inst, [[1], [3]]) == 13  # lengths 8.0 and ~7.28
    with pytest.raises(ValueError, match="length"):
        check_top_routes(inst, [[1, 2, 3]])
    with pytest.raises(ValueError, match="twice"):
        check_top_routes(inst, [[1], [1]])
    with pytest.raises(ValueError, match="not a customer"):
        check_top_routes(inst, [[4]])
