"""Where teams sleep on trips (dinas luar), drawn on the overview map.

A lodging gets its own marker, a dark-blue square `Z` (the team sleeps), whose popup lists the
teams and nights; the regular team base keeps its black `B`. Text from the data is escaped.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from planner.i18n import Lang, long_date, t, team_label
from planner.plan import Plan, PlanVenue
from planner.render.leaflet import Bind, DivMarker, esc

LODGING_STYLE = (
    "width:22px;height:22px;background:#1a237e;color:#fff;border:2px solid #fff;"
    "border-radius:4px;font:bold 13px/18px sans-serif;text-align:center;"
    "box-shadow:0 0 3px rgba(0,0,0,.6)"
)


def nights_by_lodging(plan: Plan) -> dict[str, list[tuple[str, date]]]:
    """Venue id → (team, date) of every trip day worked from it (the night before it)."""
    out: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for td in plan.team_days:
        if td.away:
            out[td.base_venue].append((td.team, td.date))
    return {k: sorted(v, key=lambda x: (x[1], x[0])) for k, v in out.items()}


def lodging_marker(venue: PlanVenue, nights: list[tuple[str, date]], lang: Lang) -> DivMarker:
    """The marker of a lodging with its nights listed in the popup."""
    marker = DivMarker(
        [venue.lat, venue.lon],
        f'<div class="ikd-lodging" style="{LODGING_STYLE}">Z</div>',
        (22, 22),
        "ikd-lodging-icon",
        z_index_offset=450,
    )
    rows = "".join(
        f"<li>{esc(team_label(lang, team))}: {esc(long_date(lang, d))}</li>" for team, d in nights
    )
    pop = (
        f'<div class="ikd-pop"><b>{esc(t(lang, "sleeps_here"))}</b><br>{esc(venue.name)}'
        f"<ul>{rows}</ul></div>"
    )
    tip = f"{esc(t(lang, 'sleeps_here'))}: {esc(venue.name)}"
    Bind(popup=pop, tooltip=tip).add_to(marker)
    return marker
