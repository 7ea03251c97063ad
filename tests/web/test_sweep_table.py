"""The Scenarios page's comparison table: the figures a manager compares come first."""

from __future__ import annotations

from planner.sweep.report_cells import display_columns
from planner.web.sweeps import web_columns


def test_varied_values_then_the_key_figures_lead_the_table() -> None:
    """Teams varied: teams, then expected, P10, P90, bound and gap, before the rest; every
    column of comparison.html is still there except the ones the page shows otherwise."""
    axes = ("teams", "month")
    shown = display_columns(axes)
    cols = web_columns(axes, shown)
    assert cols[:7] == [
        "teams",
        "month",
        "expected_activations",
        "p10",
        "p90",
        "upper_bound",
        "gap",
    ]
    assert set(shown) - set(cols) == {"scenario", "folder", "status", "n_teams"}
    assert len(cols) == len(set(cols))
