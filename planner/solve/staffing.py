"""Which fixed events no team can staff, named before the solver is asked for the impossible.

A fixed event must be in the plan. When no team-day of its date has a feasible route through it
(too far to be there when it starts and back within the team's hours, every team off, the
event given to a team that does not work that day), the month cannot be planned; the error
names each such event and date so the user knows what to change, instead of the master LP's
bare "infeasible".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from planner.candidates import FixedVisit, PlanningProblem
from planner.i18n import Lang, LocalisedError, long_date, t
from planner.solve.master import InfeasiblePlanError
from planner.solve.routes import DayRoute

#: Events named one by one in the message; the rest are counted.
LISTED = 3


class UnstaffedEventError(InfeasiblePlanError, LocalisedError):
    """Fixed events that no team can staff on their dates (`visits`), in the reader's language."""

    def __init__(self, visits: Sequence[FixedVisit], names: Mapping[str, str]) -> None:
        self.visits = tuple(visits)
        self.names = dict(names)
        LocalisedError.__init__(self, self._render)

    def _render(self, lang: Lang) -> str:
        shown = "; ".join(
            t(
                lang,
                "solve.event_on",
                name=self.names.get(f.venue_id, f.venue_id),
                venue=f.venue_id,
                date=long_date(lang, f.date),
            )
            for f in self.visits[:LISTED]
        )
        more = len(self.visits) - LISTED
        if more > 0:
            shown += " " + t(lang, "solve.and_more", n=more)
        return t(lang, "solve.events_unstaffed", events=shown)


def unstaffed_events(
    problem: PlanningProblem,
    of_slot: Mapping[int, int],
    routes: Sequence[Sequence[DayRoute]],
) -> list[FixedVisit]:
    """The fixed visits that no route of any slot of their date holds (`routes[p]`: the routes
    of day profile p, `of_slot`: slot index → profile)."""
    covered: set[tuple[str, date]] = set()
    for slot in problem.slots:
        for route in routes[of_slot[slot.index]]:
            covered.update((vid, slot.date) for vid in route.venue_ids)
    return [f for f in problem.fixed if (f.venue_id, f.date) not in covered]


def check_events_staffable(
    problem: PlanningProblem,
    of_slot: Mapping[int, int],
    routes: Sequence[Sequence[DayRoute]],
) -> None:
    """Raise UnstaffedEventError naming every fixed event no team can staff on its date."""
    missing = unstaffed_events(problem, of_slot, routes)
    if missing:
        names = {c.venue_id: c.venue.name for c in problem.candidates}
        raise UnstaffedEventError(sorted(missing, key=lambda f: (f.date, f.venue_id)), names)
