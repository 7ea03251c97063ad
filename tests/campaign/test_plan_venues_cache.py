"""The venues of recorded plans are parsed once, and never served for another database."""

from __future__ import annotations

from pathlib import Path

from planner.campaign.db import transaction
from planner.campaign.ledger import Ledger
from planner.campaign.store import get_campaign, plan_venues
from tests.campaign.factories import make_plan
from tests.factories import tiny_kabupaten


def _names(ledger: Ledger) -> dict[str, str]:
    with transaction(ledger.engine) as s:
        campaign = get_campaign(s, "99.01")
        assert campaign is not None
        return {k: v.name for k, v in plan_venues(s, campaign).items()}


def test_a_new_database_at_the_same_path_shows_its_own_venues(tmp_path: Path) -> None:
    """Deleting the campaign file and planning again in a new one (same path, same record
    ids) shows the new plan's venue names, not the cached ones of the deleted database."""
    url = f"sqlite:///{tmp_path}/ledger.sqlite"
    plan = make_plan()
    first = Ledger.open(url)
    first.record_plan(plan, tiny_kabupaten())
    before = _names(first)
    assert _names(first) == before  # the second read is the cached one
    first.close()
    (tmp_path / "ledger.sqlite").unlink()
    renamed = plan.model_copy(
        update={
            "venues": tuple(v.model_copy(update={"name": v.name + " baru"}) for v in plan.venues)
        }
    )
    second = Ledger.open(url)
    second.record_plan(renamed, tiny_kabupaten())
    after = _names(second)
    second.close()
    assert after.keys() == before.keys()
    assert all(after[k] == before[k] + " baru" for k in before)


def test_a_replan_shows_the_new_plans_venues(tmp_path: Path) -> None:
    """A new record for the month (a re-plan) supersedes the old one's venues."""
    ledger = Ledger.open(f"sqlite:///{tmp_path}/ledger.sqlite")
    plan = make_plan()
    ledger.record_plan(plan, tiny_kabupaten())
    _names(ledger)
    first = plan.venues[0]
    renamed = plan.model_copy(
        update={"venues": (first.model_copy(update={"name": "Aula baru"}), *plan.venues[1:])}
    )
    ledger.record_plan(renamed, tiny_kabupaten())
    assert _names(ledger)[first.id] == "Aula baru"
    ledger.close()
