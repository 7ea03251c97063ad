"""The ledger as the CLI, notebooks and the web app use it: open once, then plan, record, read.

`Ledger.open(url)` resolves the URL (see `planner.campaign.db`), migrates the schema to head and
keeps the engine; each method runs in a transaction of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planner.campaign.db import describe_url, open_database, resolve_url, transaction
from planner.campaign.progress import Progress, read_progress
from planner.campaign.store import (
    campaign_codes,
    current_plans,
    data_hash,
    ensure_campaign,
    get_campaign,
    history_of,
    record_plan,
)
from planner.domain import KabupatenData
from planner.history import CampaignHistory
from planner.plan import Plan


@dataclass(frozen=True)
class RecordedPlan:
    """What `Ledger.record_plan` did: the new plan's id and the one it superseded, if any."""

    plan_id: int
    month: str
    kabupaten_code: str
    superseded_id: int | None


@dataclass(frozen=True)
class Ledger:
    """An open campaign database (`url` is the resolved SQLAlchemy URL)."""

    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Ledger:
        """Open (and migrate) the database; `create=False` refuses a SQLite file that does
        not exist yet (DatabaseMissingError) instead of creating it."""
        resolved = resolve_url(url)
        return cls(open_database(resolved, create=create), resolved)

    @property
    def where(self) -> str:
        """The SQLite file or the server URL (password hidden), for messages."""
        return describe_url(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def kabupaten_codes(self) -> list[str]:
        with transaction(self.engine) as s:
            return campaign_codes(s)

    def history(self, kabupaten_code: str, before: date | None = None) -> CampaignHistory | None:
        """The kabupaten's recorded history before `before`; None when it has no campaign."""
        with transaction(self.engine) as s:
            campaign = get_campaign(s, kabupaten_code)
            return None if campaign is None else history_of(s, campaign, before)

    def record_plan(
        self,
        plan: Plan,
        data: KabupatenData,
        on_write: Callable[[Session, RecordedPlan], None] | None = None,
    ) -> RecordedPlan:
        """Record `plan` as its month's plan in force, superseding an earlier one.

        `on_write` is called inside the same transaction once the plan is stored: what it
        adds (the web app's job row and audit entry) is committed with the plan, or not at all.
        """
        with transaction(self.engine) as s:
            campaign = ensure_campaign(s, data)
            record, previous = record_plan(s, campaign, plan, data_hash(data.source_dir))
            recorded = RecordedPlan(
                plan_id=record.id,
                month=record.month,
                kabupaten_code=campaign.kabupaten_code,
                superseded_id=previous.id if previous else None,
            )
            if on_write is not None:
                on_write(s, recorded)
            return recorded

    def progress(self, kabupaten_code: str | None = None) -> Progress:
        """The campaign's progress (the only campaign when no code is given)."""
        from planner.campaign.actuals.importer import choose_campaign

        with transaction(self.engine) as s:
            return read_progress(s, choose_campaign(s, kabupaten_code))

    def sole_campaign(self) -> str | None:
        """The kabupaten code when the database holds exactly one campaign, else None."""
        with transaction(self.engine) as s:
            codes = campaign_codes(s)
        return codes[0] if len(codes) == 1 else None

    def recorded_data_dir(self, kabupaten_code: str) -> Path | None:
        """The data folder the newest plan in force of the campaign was made from (as
        recorded; it may since have moved), or None."""
        with transaction(self.engine) as s:
            campaign = get_campaign(s, kabupaten_code)
            plans = current_plans(s, campaign) if campaign else []
            for rec in reversed(plans):
                try:
                    folder = json.loads(rec.plan_json).get("data_dir")
                except (ValueError, AttributeError):  # a damaged record: no folder known
                    continue
                if folder:
                    return Path(str(folder))
        return None

    def latest_scenario(self, kabupaten_code: str) -> dict[str, Any] | None:
        """The scenario of the newest month's plan in force (as used), or None."""
        with transaction(self.engine) as s:
            campaign = get_campaign(s, kabupaten_code)
            plans = current_plans(s, campaign) if campaign else []
            return dict(plans[-1].scenario) if plans else None
