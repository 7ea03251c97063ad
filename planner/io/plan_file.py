"""Read a saved plan.json (for `ikd-planner render`)."""

from __future__ import annotations

from pathlib import Path

from planner.plan import Plan


def read_plan(path: Path) -> Plan:
    """The Plan saved at `path`; raises OSError or pydantic.ValidationError if it is not one."""
    return Plan.from_json(path.read_text(encoding="utf-8"))
