"""Which month a plan is for: the one asked for, else the scenario's, else next month.

Part of the core (imports only `planner.scenario`), so that reading a sweep file can fill in
its cases' months without loading the solver.
"""

from __future__ import annotations

from datetime import date

from planner.scenario import Scenario


def next_month(today: date) -> str:
    """The month after `today` as YYYY-MM (the default planning month)."""
    y, m = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{y:04d}-{m:02d}"


def resolve_month(scenario: Scenario, month: str | None, today: date | None = None) -> str:
    """The month to plan: the argument, else the scenario's, else next month."""
    chosen = month or scenario.month or next_month(today or date.today())
    return Scenario.model_validate({"month": chosen}).month or chosen
