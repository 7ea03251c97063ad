"""What the campaign has done so far, as plain records: the ledger's view handed to planning.

The campaign store (planner.campaign) reads its database and hands the planner a
`CampaignHistory`; the demand model, the calibration and the re-planner consume it. Nothing here
touches a database or a file, so the solver and the demand model stay free of I/O, and a test or
a notebook can build a history by hand. Counts are people; no personal data is ever recorded,
only counts per venue-visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RecordedVisit:
    """One visit of the campaign: planned, reported, or both.

    `activations` is None while the team has not reported the visit (a planned visit with no
    actuals is *not* counted as done). `planned` is False for an extra stop the team made
    without it being in the plan. `expected`, `p10` and `p90` are the forecast of the plan the
    visit belonged to (None for unplanned visits). `venue_type` is the venue's kind as recorded
    when the visit was planned or imported (a `planner.venue_kinds` id), so calibration needs
    no data folder.
    """

    date: date
    team: str
    venue_id: str
    venue_type: str
    planned: bool
    activations: int | None = None
    expected: float | None = None
    p10: float | None = None
    p90: float | None = None
    officers: int | None = None
    hours: float | None = None
    plan_id: int | None = None

    @property
    def reported(self) -> bool:
        return self.activations is not None


@dataclass(frozen=True)
class CampaignHistory:
    """Every recorded visit of one kabupaten's campaign, and the baseline it started from.

    `baseline_ikd_active` is the official IKD-active count the campaign counts from (as of
    `baseline_as_of`); activations recorded after that date are added to it. A newer official
    figure resets the baseline and only later activations are added, so nothing is counted
    twice.
    """

    kabupaten_code: str
    baseline_ikd_active: int
    baseline_as_of: str
    visits: tuple[RecordedVisit, ...] = field(default=())

    def before(self, day: date) -> CampaignHistory:
        """The history as it stood at the start of `day` (visits strictly before it)."""
        return CampaignHistory(
            self.kabupaten_code,
            self.baseline_ikd_active,
            self.baseline_as_of,
            tuple(v for v in self.visits if v.date < day),
        )

    @property
    def reported(self) -> tuple[RecordedVisit, ...]:
        """Visits with actual activations reported."""
        return tuple(v for v in self.visits if v.reported)

    @property
    def unreported(self) -> tuple[RecordedVisit, ...]:
        """Planned visits whose actuals have not come in yet."""
        return tuple(v for v in self.visits if v.planned and not v.reported)

    def activations_by_venue(self) -> dict[str, int]:
        """Recorded activations per venue_id (reported visits only)."""
        out: dict[str, int] = {}
        for v in self.reported:
            out[v.venue_id] = out.get(v.venue_id, 0) + (v.activations or 0)
        return out

    @property
    def total_activations(self) -> int:
        return sum(v.activations or 0 for v in self.reported)

    @property
    def ikd_active(self) -> int:
        """The kabupaten's IKD-active count: the baseline plus every recorded activation."""
        return self.baseline_ikd_active + self.total_activations
