"""Plans are recorded in the ledger and the history planning reads is built from it."""

from __future__ import annotations

from datetime import date

from planner.campaign.ledger import Ledger
from planner.domain import Level
from tests.campaign.factories import DAY2, make_plan
from tests.factories import tiny_kabupaten


def test_recorded_plan_becomes_the_history_of_planned_visits(sqlite_url: str) -> None:
    """After recording a plan, every stop is a planned, unreported visit with its forecast."""
    ledger = Ledger.open(sqlite_url)
    ledger.record_plan(make_plan(), tiny_kabupaten())
    history = ledger.history("99.01")
    assert history is not None
    assert len(history.visits) == 4
    assert all(v.planned and not v.reported for v in history.visits)
    assert {v.expected for v in history.visits} == {40.0}
    assert history.baseline_ikd_active == tiny_kabupaten().areas_at(Level.KABUPATEN)[0].ikd_active


def test_replanning_a_month_supersedes_the_earlier_plan(sqlite_url: str) -> None:
    """A second plan of the same month replaces the first in the history (no double visits)."""
    ledger = Ledger.open(sqlite_url)
    first = ledger.record_plan(make_plan(), tiny_kabupaten())
    second = ledger.record_plan(make_plan(expected_scale=2.0), tiny_kabupaten())
    assert second.superseded_id == first.plan_id
    history = ledger.history("99.01")
    assert history is not None
    assert len(history.visits) == 4
    assert {v.expected for v in history.visits} == {80.0}


def test_history_before_a_day_leaves_later_visits_out(sqlite_url: str) -> None:
    """`before` keeps only visits strictly earlier than the day."""
    ledger = Ledger.open(sqlite_url)
    ledger.record_plan(make_plan(), tiny_kabupaten())
    history = ledger.history("99.01", before=DAY2)
    assert history is not None
    assert {v.date for v in history.visits} == {date(2027, 1, 4)}


def test_unknown_kabupaten_has_no_history(sqlite_url: str) -> None:
    """A kabupaten never planned in this database has no campaign (plans from its baseline)."""
    ledger = Ledger.open(sqlite_url)
    assert ledger.history("00.00") is None
