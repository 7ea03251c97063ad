"""The generic default scenario of a data folder that has no `scenario.toml` of its own.

So that `ikd-planner plan --data DIR` works for any kabupaten/kota with no other option, the
scenario is built from the folder itself (documented in geodata/README.md):

- `GENERIC_TEAMS` teams with the model's default hours (Monday–Friday 08:00–16:00, lunch
  12:00–13:00, 3 officers each), all leaving from area.toml's `default_base_venue`;
- every event venue of venues.csv (`public_event`: a kind whose visits keep fixed times, see
  planner.venue_kinds) is a fixed event on its open days and hours, staffed by
  `EVENT_OFFICERS` officers, on the weekdays a team can staff it:
  - it can get there by the start and back, timed as the solver times it (planner.travel's
    driving minutes from the base): on a working day within the team's hours (a team may
    leave early for a morning event and then ends its day as much earlier), and never
    during a break (a visit cannot stop in the middle of an event); on a day off (a weekend
    Car Free Day) leaving no earlier than `EARLIEST_DEPARTURE` and back by `LATEST_RETURN`;
  - it does not need more teams at once than there are (same weekday, overlapping hours; on a
    day off a team goes out for one event only);
  the weekdays that fail stay ordinary visits to the venue, and `skipped_events` says which
  and why (a warning of `plan`), so the default is always feasible to staff;
- everything else (calendar, demand, travel, visits, solver) is the model's documented
  default (planner.scenario); no school holidays are known, so the office adds them in its own
  scenario.toml.

Nothing here reads a file; it works on the loaded `KabupatenData`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from planner.domain import KabupatenData, Venue
from planner.i18n import Decimals, Lang, Message, t, weekday
from planner.scenario import FixedEvent, Scenario, Team, TravelConfig, minutes
from planner.travel import travel_matrix

#: Teams of the generic default scenario.
GENERIC_TEAMS = 2
#: Officers at a fixed public event in the generic default (a stand, not the whole team).
EVENT_OFFICERS = 2
#: On a day a team goes out only for an event: leave no earlier, be back no later (a stand at
#: a 06:00 Car Free Day means leaving before six, not driving through the night).
EARLIEST_DEPARTURE = time(5, 0)
LATEST_RETURN = time(22, 0)

_MONDAY = date(2024, 1, 1)


@dataclass(frozen=True)
class SkippedEvent:
    """A public event (on some or all of its weekdays) the generic default does not fix, and
    why; printed as a warning in the reader's language (`text`)."""

    venue_id: str
    name: str
    weekdays: tuple[int, ...]
    start: time
    end: time
    reason: Message

    def __str__(self) -> str:
        return self.text("id")

    def text(self, lang: Lang) -> str:
        """`Expo (V-EXPO), Senin 09:00–11:00, tidak dijadikan acara tetap …: <reason>. …`."""
        days = ", ".join(weekday(lang, _MONDAY + timedelta(days=d)) for d in self.weekdays)
        return t(
            lang,
            "default.event_skipped",
            name=self.name,
            venue=self.venue_id,
            days=days,
            start=f"{self.start:%H:%M}",
            end=f"{self.end:%H:%M}",
            reason=self.reason,
        )


def _overlaps(a: Venue, b: Venue) -> bool:
    return minutes(a.open_time) < minutes(b.close_time) and minutes(b.open_time) < minutes(
        a.close_time
    )


def _clock(m: float) -> str:
    return f"{int(m) // 60:02d}:{int(m) % 60:02d}"


def _breaks(team: Team, wd: int, friday_prayer: tuple[int, int] | None) -> list[tuple[int, int]]:
    out = [(minutes(team.lunch.start), minutes(team.lunch.end))] if team.lunch else []
    if wd == 4 and friday_prayer is not None:
        out.append(friday_prayer)
    return sorted(out)


def _reach_problem(
    v: Venue, wd: int, team: Team, drive: float, km: float, base: Venue, prayer: tuple[int, int]
) -> Message | None:
    """Why `team` cannot staff event `v` on weekday `wd` (None: it can), timed like the solver.

    Driving across a break is counted as if the break were driven through plus the whole
    break: a little stricter than the solver, never looser, so a kept event can be staffed.
    """
    open_, close = minutes(v.open_time), minutes(v.close_time)
    far = {"km": Decimals(km, 1), "base": base.name, "hours": Decimals(drive / 60, 1)}
    if wd not in team.weekdays:  # a day off: the team goes out for the event only
        if open_ - drive < minutes(EARLIEST_DEPARTURE) or close + drive > minutes(LATEST_RETURN):
            return Message.of(
                "default.reason_day_off",
                **far,
                depart=_clock(max(open_ - drive, 0)),
                back=_clock(min(close + drive, 24 * 60 - 1)),
                earliest=f"{EARLIEST_DEPARTURE:%H:%M}",
                latest=f"{LATEST_RETURN:%H:%M}",
            )
        return None
    breaks = _breaks(team, wd, prayer)
    hit = [b for b in breaks if b[0] < close and open_ < b[1]]
    if hit:
        return Message.of(
            "default.reason_break", breaks=", ".join(f"{_clock(s)}–{_clock(e)}" for s, e in hit)
        )
    start, end = minutes(team.start), minutes(team.end)
    if open_ < minutes(EARLIEST_DEPARTURE) or close > end - max(start - open_, 0):
        return Message.of(  # even next door: the event is outside the team's working day
            "default.reason_hours",
            start=f"{v.open_time:%H:%M}",
            end=f"{v.close_time:%H:%M}",
            team_hours=f"{team.start:%H:%M}–{team.end:%H:%M}",
        )
    lead = open_ - drive - sum(e - s for s, e in breaks if s < open_ and e > open_ - drive)
    back = close + drive + sum(e - s for s, e in breaks if s < close + drive and e > close)
    if lead < minutes(EARLIEST_DEPARTURE) or back > end - max(start - lead, 0):
        return Message.of(
            "default.reason_working_day",
            **far,
            start=f"{v.open_time:%H:%M}",
            team_hours=f"{team.start:%H:%M}–{team.end:%H:%M}",
        )
    return None


def _staffable(
    data: KabupatenData, team: Team, events: list[Venue], prayer: tuple[int, int]
) -> dict[str, dict[int, Message | None]]:
    """venue id → weekday → why the team cannot staff it there (None: it can)."""
    base = data.venue(team.base or data.meta.default_base_venue)
    ids = [base.venue_id, *(v.venue_id for v in events)]
    lats = [base.lat, *(v.lat for v in events)]
    lons = [base.lon, *(v.lon for v in events)]
    tm = travel_matrix(ids, lats, lons, TravelConfig())
    out: dict[str, dict[int, Message | None]] = {}
    for v in events:
        drive = tm.between(base.venue_id, v.venue_id)
        km = float(tm.km[tm.index(base.venue_id), tm.index(v.venue_id)])
        out[v.venue_id] = {
            wd: _reach_problem(v, wd, team, drive, km, base, prayer) for wd in v.open_days
        }
    return out


def _pick_events(
    data: KabupatenData, team: Team, teams: int, prayer: tuple[int, int]
) -> tuple[tuple[FixedEvent, ...], tuple[SkippedEvent, ...]]:
    events = sorted(
        (v for v in data.venues if v.kind.fixed_times_only and v.open_days),
        key=lambda v: v.venue_id,
    )
    reach = _staffable(data, team, events, prayer)
    fixed: list[FixedEvent] = []
    skipped: list[SkippedEvent] = []
    taken: dict[int, list[Venue]] = {}
    for v in events:
        days: list[int] = []
        dropped: dict[int, Message] = {}
        for d in v.open_days:
            why = reach[v.venue_id][d]
            if why is None:
                same_time = [
                    o for o in taken.get(d, []) if d not in team.weekdays or _overlaps(v, o)
                ]
                if len(same_time) >= teams:
                    why = Message.of("default.reason_busy", teams=teams)
            if why is None:
                days.append(d)
                taken.setdefault(d, []).append(v)
            else:
                dropped[d] = why
        if dropped:
            first = next(iter(dropped.values()))
            skipped.append(
                SkippedEvent(v.venue_id, v.name, tuple(dropped), v.open_time, v.close_time, first)
            )
        if days:
            fixed.append(
                FixedEvent(
                    venue=v.venue_id,
                    weekdays=tuple(days),
                    start=v.open_time,
                    end=v.close_time,
                    officers=EVENT_OFFICERS,
                )
            )
    return tuple(fixed), tuple(skipped)


def _generic_parts(
    data: KabupatenData,
) -> tuple[tuple[Team, ...], tuple[FixedEvent, ...], tuple[SkippedEvent, ...]]:
    base = data.meta.default_base_venue
    teams = tuple(Team(name=f"Tim {i + 1}", base=base) for i in range(GENERIC_TEAMS))
    prayer = Scenario().calendar.friday_prayer
    window = (minutes(prayer.start), minutes(prayer.end)) if prayer else (0, 0)
    events, skipped = _pick_events(data, teams[0], len(teams), window)
    return teams, events, skipped


def generic_events(data: KabupatenData) -> tuple[FixedEvent, ...]:
    """The fixed events of the generic default: public events a team can staff, at most as
    many at once as there are teams (venue id order decides)."""
    return _generic_parts(data)[1]


def skipped_events(data: KabupatenData) -> tuple[SkippedEvent, ...]:
    """The public events (or some of their weekdays) the generic default leaves out, and why."""
    return _generic_parts(data)[2]


def generic_scenario(data: KabupatenData) -> Scenario:
    """The default scenario for `data` (see the module docstring)."""
    teams, events, _ = _generic_parts(data)
    base = data.meta.default_base_venue
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
