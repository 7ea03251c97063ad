"""A plan seen as itineraries: each team-day's stops joined to their venues, in driving order.

Every renderer (tables, maps, field packages) reads these views instead of looking venues up
on its own, so team order, team colours, folder names and direction links agree everywhere.
Coordinates are WGS84 degrees; times are local `HH:MM`; durations are minutes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from planner.plan import Plan, PlanVenue, Stop, TeamDay, Transfer

#: One colour per team, dark enough to stand out on the light choropleth and on paper.
TEAM_COLOURS: tuple[str, ...] = (
    "#1f4fd1",
    "#c2185b",
    "#00897b",
    "#6a1b9a",
    "#e65100",
    "#2e7d32",
    "#37474f",
    "#0097a7",
    "#8d6e63",
    "#9e9d24",
)


@dataclass(frozen=True)
class Visit:
    """One stop of a team-day with its venue (the row of schedule.csv)."""

    date: date
    team: str
    stop: Stop
    venue: PlanVenue
    base: str = ""
    away: bool = False


@dataclass(frozen=True)
class Itinerary:
    """A team-day ready to draw: base, visits in order, and the points it drives through.

    `base` is None when the plan does not carry the base venue; the route then starts at the
    first stop. `evening` is a trip's drive to a lodging that starts after this day's visits
    (it is recorded on the next day, the away day, as its `transfer_before`; shown on both
    sheets, counted once).
    """

    team_day: TeamDay
    base: PlanVenue | None
    visits: tuple[Visit, ...]
    evening: Transfer | None = None

    @property
    def date(self) -> date:
        return self.team_day.date

    @property
    def team(self) -> str:
        return self.team_day.team

    @property
    def expected(self) -> float:
        """Expected activations of the day (people).

        No day-level P10–P90 is offered: the sum of the stops' P10s is not the day's P10.
        """
        return sum(v.stop.expected_activations for v in self.visits)

    def path(self) -> list[tuple[float, float]]:
        """(lat, lon) points driven through: base, stops in order, base."""
        pts = [(v.venue.lat, v.venue.lon) for v in self.visits]
        if self.base is not None:
            home = (self.base.lat, self.base.lon)
            pts = [home, *pts, home]
        return pts


def team_order(plan: Plan) -> list[str]:
    """Teams in the scenario's order; teams it does not list follow in natural order."""
    listed: list[str] = []
    for t in plan.scenario.get("teams") or []:
        if isinstance(t, Mapping) and isinstance(t.get("name"), str) and t["name"] not in listed:
            listed.append(t["name"])
    others = sorted({td.team for td in plan.team_days} - set(listed), key=natural_key)
    return listed + others


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts `Tim 2` before `Tim 10`."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def venue_index(plan: Plan) -> dict[str, PlanVenue]:
    """The plan's venues by id."""
    return {v.id: v for v in plan.venues}


def itineraries(plan: Plan) -> tuple[Itinerary, ...]:
    """Every team-day sorted by date, then team order, with its stops in driving order.

    Raises KeyError naming the venue when a stop's venue is missing from the plan: a plan
    that cannot say where a stop is must not be drawn as if it could.
    """
    venues = venue_index(plan)
    rank = {name: i for i, name in enumerate(team_order(plan))}
    drives_in = {
        (td.team, td.transfer_before.date): td.transfer_before
        for td in plan.team_days
        if td.transfer_before is not None
    }
    out = []
    for td in plan.team_days:
        visits = []
        for st in sorted(td.stops, key=lambda s: s.stop):
            if st.venue_id not in venues:
                raise KeyError(f"plan stop {td.date} {td.team} #{st.stop}: unknown venue_id")
            visits.append(Visit(td.date, td.team, st, venues[st.venue_id], td.base_venue, td.away))
        evening = drives_in.get((td.team, td.date))
        out.append(Itinerary(td, venues.get(td.base_venue), tuple(visits), evening))
    out.sort(key=lambda it: (it.date, rank.get(it.team, len(rank))))
    return tuple(out)


def visits(plan: Plan) -> tuple[Visit, ...]:
    """All visits sorted by date, team, stop (the order of schedule.csv)."""
    return tuple(v for it in itineraries(plan) for v in it.visits)


def team_colours(plan: Plan) -> dict[str, str]:
    """A colour per team, stable in the scenario's team order."""
    return {name: TEAM_COLOURS[i % len(TEAM_COLOURS)] for i, name in enumerate(team_order(plan))}


def slug(text: str) -> str:
    """A folder-safe ASCII name: `Tim Ñusantara 1` → `tim-nusantara-1` (may be empty)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def team_slugs(plan: Plan) -> dict[str, str]:
    """A distinct folder name per team (`team-N` where the name has no ASCII letters)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for i, name in enumerate(team_order(plan), start=1):
        base = slug(name) or f"team-{i}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        out[name] = candidate
    return out


def directions_url(origin: tuple[float, float], destination: tuple[float, float]) -> str:
    """Google Maps driving directions between two (lat, lon) points (opens the app on phones)."""
    query = urlencode(
        {
            "api": "1",
            "origin": f"{origin[0]:.6f},{origin[1]:.6f}",
            "destination": f"{destination[0]:.6f},{destination[1]:.6f}",
            "travelmode": "driving",
        },
        safe=",",
    )
    return f"https://www.google.com/maps/dir/?{query}"


@dataclass(frozen=True)
class Leg:
    """One drive of a day: from the base or a stop to the next stop or back to the base."""

    origin: tuple[float, float]
    destination: tuple[float, float]
    to_stop: int | None

    @property
    def url(self) -> str:
        return directions_url(self.origin, self.destination)


def legs(it: Itinerary) -> tuple[Leg, ...]:
    """The day's drives; the last one (back to the base) has `to_stop` None.

    A stop at the very place the team comes from (an event held at the office) is no drive:
    it gets no leg, so no directions link from a point to itself is ever offered.
    """
    out: list[Leg] = []
    here = (it.base.lat, it.base.lon) if it.base is not None else None
    for v in it.visits:
        there = (v.venue.lat, v.venue.lon)
        if here is not None and here != there:
            out.append(Leg(here, there, v.stop.stop))
        here = there
    home = (it.base.lat, it.base.lon) if it.base is not None else None
    if home is not None and here is not None and it.visits and here != home:
        out.append(Leg(here, home, None))
    return tuple(out)


@dataclass(frozen=True)
class DayLine:
    """One line of a day sheet, in clock order: a visit (or the part of it around a break)
    or a break.

    A visit that runs through lunch or Friday prayer is shown as two lines with the break
    between them (`part` 1 and 2), so nobody reads it as running straight through the break.
    `visit` is None for a break; `kinds` names the break(s) (`lunch`, `friday_prayer`).
    """

    start: str
    end: str
    visit: Visit | None = None
    part: int = 0
    kinds: tuple[str, ...] = ()

    @property
    def is_break(self) -> bool:
        return self.visit is None

    @property
    def continued(self) -> bool:
        """True for the part of a visit after a break."""
        return self.part > 1


def _merged_breaks(it: Itinerary) -> list[tuple[str, str, tuple[str, ...]]]:
    """The day's breaks with overlapping ones merged (Friday prayer spans lunch)."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for b in sorted(it.team_day.breaks, key=lambda b: (b.start, b.end)):
        if out and b.start <= out[-1][1]:
            start, end, kinds = out[-1]
            out[-1] = (start, max(end, b.end), (*kinds, b.kind))
        else:
            out.append((b.start, b.end, (b.kind,)))
    return out


def day_lines(it: Itinerary) -> tuple[DayLine, ...]:
    """The visits and the breaks of the team's working day, in clock order.

    Breaks outside the day (the team is back before lunch) are left out; a break during a
    drive is listed on its own line between the visits.
    """
    breaks = [
        b for b in _merged_breaks(it) if b[0] < it.team_day.return_ and b[1] > it.team_day.depart
    ]
    lines: list[DayLine] = [DayLine(s, e, kinds=k) for s, e, k in breaks]
    for v in it.visits:
        start, end = v.stop.start, v.stop.end
        inside = [b for b in breaks if start <= b[0] and b[1] <= end and b[0] < end]
        if not inside:
            lines.append(DayLine(start, end, v))
            continue
        part, here = 1, start
        for b_start, b_end, _ in inside:
            if b_start > here:
                lines.append(DayLine(here, b_start, v, part))
                part += 1
            here = b_end
        if here < end:
            lines.append(DayLine(here, end, v, part))
    return tuple(sorted(lines, key=lambda line: (line.start, line.is_break)))
