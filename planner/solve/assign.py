"""Give the routes of a solved month to teams so that no team drives two routes on one day.

The master problem packs routes per group of interchangeable team-days, and a team may have
several slots on a date (its day from the base and its trip days from lodgings, planner.
candidates). The master only counts routes per set of interchangeable teams and date
(`PlanningProblem.slot_limits`), so after solving, the routes of such a set are handed out
again: one team each, using that team's slot with the same base (the teams of a set have the
same settings, hence the same slots). The plan's value does not change: the slots swapped are
identical but for the team's name.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.candidates import PlanningProblem, Slot
from planner.solve.routes import DayRoute


def _variant(s: Slot) -> tuple[str, bool, bool]:
    return (s.base, s.trip, s.fixed_only)


def one_route_per_team(
    problem: PlanningProblem, chosen: Mapping[int, DayRoute]
) -> dict[int, DayRoute]:
    """`chosen` (slot index → route) with every team driving at most one route a day.

    Raises ValueError when a set of teams holds more routes than teams (the master's
    `slot_limits` forbid it: that would be a solver bug).
    """
    out = dict(chosen)
    slots = {s.index: s for s in problem.slots}
    for limit in problem.slot_limits:
        picked = sorted(
            ((slots[i], chosen[i]) for i in limit.slots if i in chosen),
            key=lambda sr: (sr[1].depart, sr[1].venue_ids, sr[0].index),
        )
        teams = sorted({slots[i].team for i in limit.slots})
        if len(picked) > len(teams):
            raise ValueError(f"{len(picked)} routes for {len(teams)} teams on one day")
        by_team_variant = {(slots[i].team, _variant(slots[i])): i for i in limit.slots}
        if len({s.team for s, _ in picked}) == len(picked):
            continue  # already one route per team
        for s, _ in picked:
            out.pop(s.index, None)
        free = list(teams)
        for s, route in picked:
            team = next(tm for tm in free if (tm, _variant(s)) in by_team_variant)
            free.remove(team)
            out[by_team_variant[(team, _variant(s))]] = route
    return out
