"""The audit log: who imported, planned or changed what, and when (one row per action)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.web.auth import now
from planner.web.models import AuditEntry


def record(session: Session, user: str, action: str, **detail: Any) -> None:
    """Add an entry in the caller's transaction, so it lands exactly when the change does."""
    session.add(
        AuditEntry(
            at=now(),
            user_name=user,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
