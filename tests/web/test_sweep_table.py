"""The Scenarios page's comparison table: the figures a manager compares come first."""

from __future__ import annotations

from pathlib import Path

from planner.sweep.report_cells import display_columns
from planner.web.sweeps import build, spec_input, web_columns
from tests.web.conftest import KAB_MINI, MONTH, SCENARIO


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


def test_the_forms_hint_examples_make_a_sweep(tmp_path: Path) -> None:
    """The values the page's hint shows (Indonesian and English day names, `;` between sets,
    `unlimited`) give the sweep the manager meant: 2 × 2 × 2 cases, no solve needed."""
    (tmp_path / "scenario.toml").write_text(SCENARIO, encoding="utf-8")
    for weekdays in ("Senin-Jumat; Senin-Sabtu", "Mon-Fri; Mon-Sat"):
        fields = {
            "months": MONTH,
            "teams": "1, 2",
            "weekdays": weekdays,
            "hours": "08:00-16:00; 07:30-15:30",
            "vehicles": "2, unlimited",
            "time_limit": "5",
        }
        spec = spec_input(fields, tmp_path / "scenario.toml", KAB_MINI)
        sweep = build(spec, tmp_path / "out", "sweep")
        assert len(sweep.cases) == 16
        assert sweep.axes == ("teams", "weekdays", "hours", "vehicles")
        assert {c.scenario.solver.time_limit_s for c in sweep.cases} == {5.0}
