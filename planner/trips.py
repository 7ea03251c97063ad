"""Trips (dinas luar): the drives between a team's base and its lodgings.

The optimiser plans each trip day on its own (a team-day worked from a lodging, paying the
night before it, planner.candidates). Which days form one stay is known only once the month
is chosen, so the drives into and out of a stay are laid out here, from the chosen days:

- into a lodging: the day before the first away day, right after that day's visits (from
  the base, or from the previous lodging when the team moves on), or at the end of the
  team's working hours when it does not work that day (a weekend, the month's first day);
- staying on: an away day followed on the next calendar day by an away day at the same
  lodging has no drive (the night is paid by the next day);
- home: right after the visits of the last away day of a stay (the next calendar day is not
  an away day), back to the team's own base.

These drives are outside the day routes: the solver times a trip day from the lodging only,
and a transfer may end after the team's working hours (that is part of dinas luar, and every
day sheet says so). The solver only offers a lodging the team can drive to on one evening
(planner.candidates), so a transfer always ends the same day. Transfers are shown on the day
sheets and counted in the plan's km and driving minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from planner.plan import TeamDay, Transfer

#: (origin id, destination id) → (driving minutes, km).
Drive = Callable[[str, str], tuple[float, float]]

#: A team's end of day when the scenario does not say (minutes after midnight).
_DEFAULT_END = 16 * 60

#: The latest clock minute a transfer is shown to arrive (a day ends at 23:59).
_LAST_MINUTE = 23 * 60 + 59


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _hhmm(minutes: float) -> str:
    m = min(round(minutes), _LAST_MINUTE)
    return f"{m // 60:02d}:{m % 60:02d}"


def _transfer(d: date, origin: str, destination: str, depart: int, drive: Drive) -> Transfer | None:
    """The drive from `origin` to `destination` leaving at `depart`; None when they are the
    same place (a team based at the lodging itself has nothing to drive)."""
    if origin == destination:
        return None
    minutes, km = drive(origin, destination)
    return Transfer(
        date=d,
        origin=origin,
        destination=destination,
        depart=_hhmm(depart),
        arrive=_hhmm(depart + minutes),
        travel_min=round(minutes, 1),
        km=round(km, 1),
    )


def with_transfers(
    team_days: Iterable[TeamDay], drive: Drive, day_end: Mapping[str, int]
) -> tuple[TeamDay, ...]:
    """`team_days` (in their order) with every trip's drives set on its away days.

    `day_end` is each team's usual end of day (minutes after midnight): when the team does
    not work the day before a stay, the drive in leaves then. The drive home goes to the next
    day's base when the team works the next day, else to `home_venue`. Days that are not
    away days get no transfer.
    """
    days = tuple(team_days)
    by_key = {(td.team, td.date): td for td in days}
    out: list[TeamDay] = []
    for td in days:
        before = after = None
        if td.away:
            eve = td.date - timedelta(days=1)
            prev = by_key.get((td.team, eve))
            nxt = by_key.get((td.team, td.date + timedelta(days=1)))
            home = td.home_venue or td.base_venue
            lodge = td.base_venue
            if prev is None:
                before = _transfer(eve, home, lodge, day_end.get(td.team, _DEFAULT_END), drive)
            elif prev.base_venue != lodge:  # from the base, or moving on to another lodging
                before = _transfer(eve, prev.base_venue, lodge, _clock(prev.return_), drive)
            if nxt is None or not nxt.away:
                goes_to = nxt.base_venue if nxt is not None else home
                after = _transfer(td.date, lodge, goes_to, _clock(td.return_), drive)
        out.append(td.model_copy(update={"transfer_before": before, "transfer_after": after}))
    return tuple(out)


def transfers(team_days: Iterable[TeamDay]) -> tuple[Transfer, ...]:
    """Every trip drive of a plan, once each."""
    return tuple(x for td in team_days for x in td.transfers)


def trip_activations(team_days: Iterable[TeamDay]) -> float:
    """Expected activations of the away days' visits: what the nights away bought."""
    return sum(td.expected_activations for td in team_days if td.away)


def per_million_rp(activations: float, cost: float) -> float | None:
    """Activations per Rp 1,000,000 spent (None when nothing was spent)."""
    return round(activations / cost * 1e6, 2) if cost > 0 else None
