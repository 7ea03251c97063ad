"""Plans are recorded in the ledger and the history planning reads is built from it."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.domain import Level
from tests.campaign.factories import CSV_OK, DAY2, make_plan, write
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


def test_a_newer_official_figure_resets_the_baseline_without_double_counting(
    sqlite_url: str, tmp_path: Path
) -> None:
    """A plan made with data whose IKD figure is newer than the campaign's baseline resets it;
    activations on or before that figure's date are not added again."""
    ledger = Ledger.open(sqlite_url)
    old = tiny_kabupaten()
    ledger.record_plan(make_plan(), old)
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))  # 119 people, 4 Jan 2027
    kab = old.areas["99.01"]
    newer = dataclasses.replace(
        old,
        meta=dataclasses.replace(old.meta, ikd_as_of="2027-01"),
        areas={**old.areas, "99.01": dataclasses.replace(kab, ikd_active=kab.ikd_active + 500)},
    )
    ledger.record_plan(make_plan(month="2027-02"), newer)
    p = ledger.progress()
    assert (p.baseline_ikd_active, p.baseline_as_of) == (kab.ikd_active + 500, "2027-01")
    assert p.ikd_active_now == kab.ikd_active + 500


def test_a_re_plan_keeps_the_forecasts_of_visits_already_reported(
    sqlite_url: str, tmp_path: Path
) -> None:
    """`replan` carries the past as it happened (actual = its expected value); the ledger
    keeps the earlier plan's forecast for reported visits, so `progress` still judges the
    forecasts made before the counts were known (MAE 3, not 0). Visits not yet reported
    take the new plan's forecast."""
    ledger = Ledger.open(sqlite_url)
    ledger.record_plan(make_plan(), tiny_kabupaten())
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    ledger.record_plan(make_plan(expected_scale=2.0), tiny_kabupaten())
    q = ledger.progress().quality
    assert q.visits == 3 and q.mae == 3.0 and q.total_expected == 120.0
    history = ledger.history("99.01")
    assert history is not None
    assert sorted(v.expected or 0.0 for v in history.visits if v.planned) == [
        40.0,
        40.0,
        40.0,
        80.0,
    ]


def test_data_hash_reads_data_files_only(tmp_path: Path) -> None:
    """A database or a note kept in the data folder neither changes the hash nor is opened."""
    from planner.campaign.store import data_hash

    (tmp_path / "venues.csv").write_text("venue_id\nV1\n", encoding="utf-8")
    before = data_hash(tmp_path)
    (tmp_path / "ikd-campaign.sqlite").write_bytes(b"SQLite format 3\0")
    (tmp_path / "catatan.md").write_text("notes", encoding="utf-8")
    assert data_hash(tmp_path) == before
    (tmp_path / "venues.csv").write_text("venue_id\nV2\n", encoding="utf-8")
    assert data_hash(tmp_path) != before
