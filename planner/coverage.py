"""Coverage per kecamatan: the share of each kecamatan's ready people a plan reaches.

Equity between kecamatan is a question programme managers ask ("is Sepaku left behind?"), so
every plan reports, per kecamatan (people):

- `ready`: residents of the kecamatan who could activate today: its unactivated WKTP ×
  `demand.readiness` (demand rule 1, at the data's baseline);
- `reached`: the plan's expected activations at venues in the kecamatan this month (a visit's
  activations count for the kecamatan the venue stands in, even when its catchment crosses the
  border: the venue is where the team is);
- `reached_to_date`: the same plus what the campaign ledger recorded at its venues before this
  month (planner.history; equal to `reached` without a history);
- `share` and `share_to_date`: those over `ready`.

A scenario's `[equity] min_share_per_kecamatan` turns `share` into a floor: `floors` gives the
`CoverageFloor` rows the solver adds (planner.candidates), one per kecamatan with ready people
and at least one venue that can be visited this month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.candidates import CoverageFloor
from planner.domain import KabupatenData, Level
from planner.history import CampaignHistory


@dataclass(frozen=True)
class KecamatanCoverage:
    """One kecamatan's ready people and the share of them reached (see module docstring)."""

    code: str
    name: str
    ready: float
    reached: float
    reached_to_date: float

    @property
    def share(self) -> float:
        return self.reached / self.ready if self.ready > 0 else 0.0

    @property
    def share_to_date(self) -> float:
        return self.reached_to_date / self.ready if self.ready > 0 else 0.0


def ready_by_kecamatan(data: KabupatenData, readiness: float) -> dict[str, float]:
    """Ready people per kecamatan code: unactivated WKTP × readiness."""
    return {a.code: a.unactivated * readiness for a in data.areas_at(Level.KECAMATAN)}


def kecamatan_coverage(
    data: KabupatenData,
    readiness: float,
    activations_by_venue: Mapping[str, float],
    history: CampaignHistory | None = None,
) -> tuple[KecamatanCoverage, ...]:
    """Coverage of every kecamatan (in code order) for a plan's activations per venue."""
    kec_of = {v.venue_id: v.kecamatan_code for v in data.venues}
    month: dict[str, float] = {}
    for vid, n in activations_by_venue.items():
        if vid in kec_of:
            month[kec_of[vid]] = month.get(kec_of[vid], 0.0) + n
    before: dict[str, float] = {}
    if history is not None:
        for vid, n in history.activations_by_venue().items():
            if vid in kec_of:
                before[kec_of[vid]] = before.get(kec_of[vid], 0.0) + n
    ready = ready_by_kecamatan(data, readiness)
    return tuple(
        KecamatanCoverage(
            code=a.code,
            name=a.name,
            ready=ready[a.code],
            reached=month.get(a.code, 0.0),
            reached_to_date=month.get(a.code, 0.0) + before.get(a.code, 0.0),
        )
        for a in sorted(data.areas_at(Level.KECAMATAN), key=lambda a: a.code)
    )


def floors(
    data: KabupatenData, readiness: float, share: float, visitable: Iterable[str]
) -> tuple[CoverageFloor, ...]:
    """The equity floor rows: expected activations at each kecamatan's venues ≥ share × ready,
    for kecamatan with ready people and a venue in `visitable` (candidate venue ids)."""
    if share <= 0:
        return ()
    by_kec: dict[str, set[str]] = {}
    ids = set(visitable)
    for v in data.venues:
        if v.venue_id in ids:
            by_kec.setdefault(v.kecamatan_code, set()).add(v.venue_id)
    ready = ready_by_kecamatan(data, readiness)
    return tuple(
        CoverageFloor(label=code, venues=frozenset(by_kec[code]), people=share * ready[code])
        for code in sorted(by_kec)
        if ready.get(code, 0.0) > 0
    )
