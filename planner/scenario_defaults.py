"""The generic default scenario of a data folder that has no `scenario.toml` of its own.

So that `ikd-planner plan --data DIR` works for any kabupaten/kota with no other option, the
scenario is built from the folder itself (documented in geodata/README.md):

- `GENERIC_TEAMS` teams with the model's default hours (Monday–Friday 08:00–16:00, lunch
  12:00–13:00, 3 officers each), all leaving from area.toml's `default_base_venue`;
- every event venue of venues.csv (`public_event`: a kind whose visits keep fixed times, see
  planner.venue_kinds) is a fixed event on its open days and hours, staffed
  by `EVENT_OFFICERS` officers. Events that would need more teams at once than there are (same
  weekday, overlapping hours) are not fixed on that weekday and stay ordinary venues, so the
  default is always feasible to staff;
- everything else (calendar, demand, travel, visits, solver) is the model's documented
  default (planner.scenario); no school holidays are known, so the office adds them in its own
  scenario.toml.

Nothing here reads a file; it works on the loaded `KabupatenData`.
"""

from __future__ import annotations

from planner.domain import KabupatenData, Venue
from planner.scenario import FixedEvent, Scenario, Team, minutes

#: Teams of the generic default scenario.
GENERIC_TEAMS = 2
#: Officers at a fixed public event in the generic default (a stand, not the whole team).
EVENT_OFFICERS = 2


def _overlaps(a: Venue, b: Venue) -> bool:
    return minutes(a.open_time) < minutes(b.close_time) and minutes(b.open_time) < minutes(
        a.close_time
    )


def generic_events(venues: tuple[Venue, ...], teams: int) -> tuple[FixedEvent, ...]:
    """Fixed events from the public-event venues (venue id order), at most `teams` at once."""
    events: list[FixedEvent] = []
    taken: dict[int, list[Venue]] = {}
    for v in sorted(venues, key=lambda v: v.venue_id):
        if not v.kind.fixed_times_only or not v.open_days:
            continue
        days = tuple(
            d for d in v.open_days if sum(_overlaps(v, o) for o in taken.get(d, [])) < teams
        )
        if not days:
            continue
        for d in days:
            taken.setdefault(d, []).append(v)
        events.append(
            FixedEvent(
                venue=v.venue_id,
                weekdays=days,
                start=v.open_time,
                end=v.close_time,
                officers=EVENT_OFFICERS,
            )
        )
    return tuple(events)


def generic_scenario(data: KabupatenData) -> Scenario:
    """The default scenario for `data` (see the module docstring)."""
    base = data.meta.default_base_venue
    teams = tuple(Team(name=f"Tim {i + 1}", base=base) for i in range(GENERIC_TEAMS))
    events = generic_events(data.venues, GENERIC_TEAMS)
    names = ", ".join(data.venue(e.venue).name for e in events) or "tidak ada"
    return Scenario(
        name="default",
        description=(
            f"Skenario bawaan {data.meta.title}: {GENERIC_TEAMS} tim Senin–Jumat 08:00–16:00 "
            f"dari {data.venue(base).name}; acara tetap: {names}"
        ),
        teams=teams,
        fixed_events=events,
    )
