"""Check that a scenario fits the data folder: every venue it names exists.

A scenario written for one kabupaten names venue ids of that kabupaten's venues.csv (team
bases, fixed events, market days). Run against another folder, it must stop with a message a
planner can act on: which field of the scenario, which file of the data folder, and the ids
that do exist, closest matches first (difflib), instead of a failure deep in the solver.
"""

from __future__ import annotations

from pathlib import Path

from planner._closest import closest_first
from planner.domain import KabupatenData
from planner.i18n import LocalisedError, Message
from planner.scenario import Scenario


class ScenarioDataError(LocalisedError, ValueError):
    """The scenario names ids the data folder lacks; one line per problem, in the reader's
    language (`text(lang)`; `str()` is English)."""


def _venue_fields(scenario: Scenario) -> list[tuple[str, str]]:
    """(field, venue id) for every venue id the scenario names."""
    out: list[tuple[str, str]] = []
    for i, t in enumerate(scenario.teams):
        if t.base is not None:
            out.append((f"teams.{i}.base", t.base))
        out += [(f"teams.{i}.bases.{k}.venue", b.venue) for k, b in enumerate(t.bases)]
    out += [(f"fixed_events.{i}.venue", e.venue) for i, e in enumerate(scenario.fixed_events)]
    out += [(f"calendar.market_days.{vid}", vid) for vid in scenario.calendar.market_days]
    out += [(f"trips.lodging.{i}", vid) for i, vid in enumerate(scenario.trips.lodging or ())]
    return out


def scenario_problems(scenario: Scenario, data: KabupatenData) -> list[Message]:
    """One line per venue id of the scenario that the data folder lacks."""
    existing = [v.venue_id for v in data.venues]
    known = set(existing)
    folder = Path(data.source_dir)
    problems: list[Message] = []
    for field, vid in _venue_fields(scenario):
        if vid in known:
            continue
        problems.append(
            Message.of(
                "scn.venue_missing",
                field=field,
                venue=repr(vid),
                folder=str(folder),
                venues_csv=str(folder / "venues.csv"),
                closest=closest_first(vid, existing),
            )
        )
    return problems


def check_scenario_fits(scenario: Scenario, data: KabupatenData) -> None:
    """Raise ScenarioDataError listing every venue id of `scenario` that `data` lacks."""
    problems = scenario_problems(scenario, data)
    if problems:
        raise ScenarioDataError(lambda lang: "\n".join(p.text(lang) for p in problems))
