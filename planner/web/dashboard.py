"""The dashboard's figures: IKD rate per kecamatan and for the kabupaten, month by month, and
this month's planned against reported visits, all read from the ledger's CampaignHistory.

The rate is (baseline IKD-active + recorded activations) / WKTP, the ledger's own rule
(CampaignHistory.ikd_active); a kecamatan gets the activations of the venues inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain import KabupatenData, Level
from planner.history import CampaignHistory, RecordedVisit


@dataclass(frozen=True)
class AreaRate:
    code: str
    name: str
    wktp: int
    ikd_active: int
    rates: tuple[float, ...]  # at the end of each month of `Board.months`

    @property
    def rate(self) -> float:
        return self.ikd_active / self.wktp if self.wktp else 0.0


@dataclass(frozen=True)
class Board:
    kabupaten: AreaRate
    kecamatan: tuple[AreaRate, ...]
    months: tuple[str, ...]
    target_rate: float
    national_rate: float
    month: str
    planned: int
    reported: int
    planned_expected: float
    reported_activations: int
    unreported: tuple[RecordedVisit, ...]
    venue_names: dict[str, str]

    @property
    def map_data(self) -> dict[str, Any]:
        return {
            "rates": {k.code: round(k.rate, 5) for k in self.kecamatan},
            "target": self.target_rate,
            "national": self.national_rate,
        }


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def board(data: KabupatenData, history: CampaignHistory | None, today: date) -> Board:
    """Where the campaign stands today, for the data folder's kabupaten."""
    visits = history.visits if history else ()
    kec_of = {v.venue_id: v.kecamatan_code for v in data.venues}
    months = sorted({_month(v.date) for v in visits if v.reported} | {_month(today)})
    this = _month(today)

    def rates(base: int, wktp: int, keep: set[str] | None) -> tuple[float, ...]:
        out = []
        total = base
        for m in months:
            total += sum(
                v.activations or 0
                for v in visits
                if v.reported and _month(v.date) == m and (keep is None or v.venue_id in keep)
            )
            out.append(total / wktp if wktp else 0.0)
        return tuple(out)

    kecs = []
    for a in sorted(data.areas_at(Level.KECAMATAN), key=lambda a: a.name):
        keep = {vid for vid, k in kec_of.items() if k == a.code}
        done = sum(v.activations or 0 for v in visits if v.reported and v.venue_id in keep)
        kecs.append(
            AreaRate(a.code, a.name, a.wktp, a.ikd_active + done, rates(a.ikd_active, a.wktp, keep))
        )
    kab_area = data.areas.get(data.meta.code)
    wktp = kab_area.wktp if kab_area else sum(k.wktp for k in kecs)
    base = (
        history.baseline_ikd_active
        if history
        else (
            kab_area.ikd_active
            if kab_area
            else sum(a.ikd_active for a in data.areas_at(Level.KECAMATAN))
        )
    )
    done = history.total_activations if history else 0
    kab = AreaRate(data.meta.code, data.meta.name, wktp, base + done, rates(base, wktp, None))
    in_month = [v for v in visits if _month(v.date) == this]
    return Board(
        kabupaten=kab,
        kecamatan=tuple(kecs),
        months=tuple(months),
        target_rate=data.meta.target_rate,
        national_rate=data.meta.national_target_rate,
        month=this,
        planned=sum(v.planned for v in in_month),
        reported=sum(v.reported for v in in_month),
        planned_expected=round(sum(v.expected or 0.0 for v in in_month if v.planned), 1),
        reported_activations=sum(v.activations or 0 for v in in_month if v.reported),
        unreported=tuple(v for v in visits if v.planned and not v.reported and v.date < today),
        venue_names={v.venue_id: v.name for v in data.venues},
    )
