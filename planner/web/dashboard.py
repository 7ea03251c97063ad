"""The dashboard's figures, read from the ledger's `progress` (planner.campaign.progress):
IKD rate per kecamatan and for the kabupaten, month by month, against the target and the
national target; this month's planned against reported visits; visits still unreported.

Nothing is computed here that `ikd-planner progress` does not compute: this module only picks
the rows a page shows. Before the first plan there is no campaign; the page then shows the data
folder's baseline (the same figures `data check` prints).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.campaign.progress import ForecastQuality, Progress, VisitRow
from planner.domain import KabupatenData, Level


@dataclass(frozen=True)
class AreaRates:
    name: str
    wktp: int
    ikd_active: int  # now: baseline + every recorded activation
    rates: tuple[float, ...]  # at the end of each month of `Board.months`

    @property
    def rate(self) -> float:
        return self.ikd_active / self.wktp if self.wktp else 0.0


@dataclass(frozen=True)
class Board:
    kabupaten: AreaRates
    kecamatan: tuple[AreaRates, ...]
    months: tuple[str, ...]
    target_rate: float
    national_rate: float
    month: str
    planned: int
    reported: int
    planned_expected: float
    reported_activations: int
    unreported: tuple[VisitRow, ...]
    quality: ForecastQuality | None

    @property
    def map_data(self) -> dict[str, Any]:
        return {
            "rates": {k.name: round(k.rate, 5) for k in self.kecamatan},
            "target": self.target_rate,
            "national": self.national_rate,
        }


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def from_data(data: KabupatenData, today: date) -> Board:
    """No campaign yet: the data folder's baseline, no visits."""
    kecs = tuple(
        AreaRates(a.name, a.wktp, a.ikd_active, (a.ikd_rate,))
        for a in sorted(data.areas_at(Level.KECAMATAN), key=lambda a: a.name)
    )
    kab = data.areas.get(data.meta.code)
    wktp = kab.wktp if kab else sum(k.wktp for k in kecs)
    active = kab.ikd_active if kab else sum(k.ikd_active for k in kecs)
    month = _month(today)
    return Board(
        kabupaten=AreaRates(data.meta.name, wktp, active, (active / wktp if wktp else 0.0,)),
        kecamatan=kecs,
        months=(month,),
        target_rate=data.meta.target_rate,
        national_rate=data.meta.national_target_rate,
        month=month,
        planned=0,
        reported=0,
        planned_expected=0.0,
        reported_activations=0,
        unreported=(),
        quality=None,
    )


def from_progress(p: Progress, today: date) -> Board:
    """The ledger's progress, arranged for the page."""
    by_area: dict[str, list[float]] = {}
    last: dict[str, tuple[int, int]] = {}
    for r in p.rates:  # ordered by month, then kabupaten first, then kecamatan
        by_area.setdefault(r.area, []).append(r.rate)
        last[r.area] = (r.wktp, r.ikd_active)

    def area(name: str) -> AreaRates:
        wktp, active = last[name]
        return AreaRates(name, wktp, active, tuple(by_area[name]))

    month = _month(today)
    in_month = [v for v in p.visits if _month(v.date) == month]
    return Board(
        kabupaten=area(p.kabupaten_name),
        kecamatan=tuple(area(n) for n in by_area if n != p.kabupaten_name),
        months=p.months,
        target_rate=p.target_rate,
        national_rate=p.national_target_rate,
        month=month,
        planned=sum(v.expected is not None for v in in_month),
        reported=sum(v.actual is not None for v in in_month),
        planned_expected=round(sum(v.expected or 0.0 for v in in_month), 1),
        reported_activations=sum(v.actual or 0 for v in in_month),
        unreported=tuple(
            v for v in p.visits if v.expected is not None and v.actual is None and v.date < today
        ),
        quality=p.quality,
    )
