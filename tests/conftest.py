"""Session-wide test settings."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _campaign_db_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands record plans in a campaign database: each test gets its own, never ./ one."""
    monkeypatch.setenv("IKD_PLANNER_DB", f"sqlite:///{tmp_path}/ikd-campaign.sqlite")
