"""`peta.png`: the day's route drawn without map tiles, for printing or sending as a picture.

Desa and kecamatan outlines around the route, the route with arrows in the direction of
travel, numbered stops and the base, a scale bar (km) and a north arrow. Drawn from vector
data only, so it needs no network. Longitude is scaled by cos(latitude) so distances look right.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from shapely.geometry.base import BaseGeometry

from planner.domain import KabupatenData
from planner.i18n import Lang, long_date, t, team_label
from planner.render.choropleth import light_geometry
from planner.render.itinerary import Itinerary

KM_PER_DEG_LAT = 111.32
_MIN_SPAN_DEG = 0.03


def _rings(geom: BaseGeometry) -> Iterable[list[tuple[float, float]]]:
    polys = getattr(geom, "geoms", [geom])
    for p in polys:
        if p.geom_type != "Polygon":
            continue
        yield list(p.exterior.coords)
        for ring in p.interiors:
            yield list(ring.coords)


def _outlines(
    ax: Axes, gdf: object, box: tuple[float, float, float, float], **style: object
) -> None:
    minx, miny, maxx, maxy = box
    near = gdf.cx[minx:maxx, miny:maxy]  # type: ignore[attr-defined]
    segs = [
        ring for geom in near.geometry if geom is not None for ring in _rings(light_geometry(geom))
    ]
    if segs:
        ax.add_collection(LineCollection(segs, **style))  # type: ignore[arg-type]


def _nice_km(span_km: float) -> float:
    for km in (0.5, 1, 2, 5, 10, 20, 50, 100):
        if km >= span_km / 5:
            return float(km)
    return 200.0


def route_png(
    it: Itinerary, colour: str, data: KabupatenData | None, lang: Lang, dpi: int = 110
) -> bytes:
    """The route map picture as PNG bytes."""
    path = it.path()
    lats = [p[0] for p in path] or [0.0]
    lons = [p[1] for p in path] or [0.0]
    mid_lat = (min(lats) + max(lats)) / 2
    aspect = 1 / max(math.cos(math.radians(mid_lat)), 0.1)
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) / aspect, _MIN_SPAN_DEG) * 1.25
    cy, cx = mid_lat, (min(lons) + max(lons)) / 2
    box = (cx - span * aspect / 2, cy - span / 2, cx + span * aspect / 2, cy + span / 2)

    fig = Figure(figsize=(7.5, 8), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.9))
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_aspect(aspect)
    ax.set_xticks([])
    ax.set_yticks([])
    if data is not None:
        _outlines(ax, data.desa, box, colors="#9e9e9e", linewidths=0.7)
        _outlines(ax, data.kecamatan, box, colors="#424242", linewidths=1.6)
    if len(path) >= 2:
        ax.plot(lons, lats, color="white", linewidth=6, solid_capstyle="round", zorder=2)
        ax.plot(lons, lats, color=colour, linewidth=2.8, solid_capstyle="round", zorder=3)
        for (la0, lo0), (la1, lo1) in itertools.pairwise(path):
            if (la0, lo0) == (la1, lo1):
                continue
            ax.annotate(
                "",
                xy=(lo0 + 0.58 * (lo1 - lo0), la0 + 0.58 * (la1 - la0)),
                xytext=(lo0 + 0.42 * (lo1 - lo0), la0 + 0.42 * (la1 - la0)),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.2, "mutation_scale": 18},
                zorder=4,
            )
    if it.base is not None:
        ax.scatter(
            [it.base.lon],
            [it.base.lat],
            marker="s",
            s=190,
            c="#111111",
            edgecolors="white",
            linewidths=1.5,
            zorder=5,
        )
        ax.text(
            it.base.lon,
            it.base.lat,
            "B",
            color="white",
            ha="center",
            va="center",
            fontsize=8,
            weight="bold",
            zorder=6,
        )
    for v in it.visits:
        ax.scatter(
            [v.venue.lon],
            [v.venue.lat],
            s=260,
            c=colour,
            edgecolors="white",
            linewidths=1.5,
            zorder=7,
        )
        ax.text(
            v.venue.lon,
            v.venue.lat,
            str(v.stop.stop),
            color="white",
            ha="center",
            va="center",
            fontsize=9,
            weight="bold",
            zorder=8,
        )
    # scale bar (bottom left) and north arrow (top right)
    km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(mid_lat))
    width_km = (box[2] - box[0]) * km_per_deg_lon
    bar_km = _nice_km(width_km)
    x0, y0 = box[0] + 0.05 * (box[2] - box[0]), box[1] + 0.05 * (box[3] - box[1])
    ax.plot([x0, x0 + bar_km / km_per_deg_lon], [y0, y0], color="black", linewidth=3, zorder=9)
    ax.text(
        x0,
        y0 + 0.015 * (box[3] - box[1]),
        f"{bar_km:g} {t(lang, 'km')}",
        fontsize=8,
        zorder=9,
        parse_math=False,
    )
    nx, ny = box[2] - 0.06 * (box[2] - box[0]), box[3] - 0.12 * (box[3] - box[1])
    ax.annotate(
        t(lang, "north"),
        xy=(nx, ny + 0.07 * (box[3] - box[1])),
        xytext=(nx, ny),
        ha="center",
        fontsize=10,
        weight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black"},
        zorder=9,
    )
    title = (
        f"{t(lang, 'static_map_title')}: {team_label(lang, it.team)} — {long_date(lang, it.date)}"
    )
    fig.text(0.02, 0.975, title, fontsize=12, weight="bold", va="top", parse_math=False)
    fig.text(
        0.02,
        0.94,
        t(lang, "stops_in_order"),
        fontsize=8.5,
        color="#444444",
        va="top",
        parse_math=False,
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
