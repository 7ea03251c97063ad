"""The month a plan is for."""

from __future__ import annotations

import sys
from datetime import date

from planner.months import next_month, resolve_month
from planner.scenario import Scenario


def test_next_month_rolls_over_the_year() -> None:
    """The default month after December is January of the next year."""
    assert next_month(date(2026, 12, 5)) == "2027-01"
    assert next_month(date(2026, 11, 29)) == "2026-12"


def test_month_asked_for_wins_over_the_scenario() -> None:
    """--month beats the scenario's month, which beats next month."""
    sc = Scenario(month="2027-03")
    assert resolve_month(sc, "2027-05", date(2026, 12, 1)) == "2027-05"
    assert resolve_month(sc, None, date(2026, 12, 1)) == "2027-03"
    assert resolve_month(Scenario(), None, date(2026, 12, 1)) == "2027-01"


def test_reading_a_month_does_not_load_the_solver() -> None:
    """The core module that picks the month imports no solver (sweep files read fast)."""
    import subprocess

    code = "import sys, planner.months, planner.io.sweep_file; print('ortools' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
