"""The campaign ledger's tables (SQLAlchemy 2): campaigns, plans, visits planned and done, imports.

One database holds the campaigns of several kabupaten, keyed by the kabupaten code. Only counts
are stored (people per venue-visit, officers, hours): never a resident's name or number. The
schema is created and changed by the Alembic migrations in `planner.campaign.migrations`, never
by `create_all`, so a database made by an older version upgrades in place.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the ledger's tables."""


class Campaign(Base):
    """One kabupaten's campaign: where it started (baseline) and where it wants to go (target).

    `baseline_ikd_active` is the official IKD-active count as of `baseline_as_of`; recorded
    activations are added to it. `wktp` is penduduk wajib KTP, the rate's denominator.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kabupaten_code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    baseline_ikd_active: Mapped[int] = mapped_column(Integer)
    baseline_as_of: Mapped[str] = mapped_column(String(32))
    wktp: Mapped[int] = mapped_column(Integer)
    target_rate: Mapped[float] = mapped_column(Float)
    national_target_rate: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    areas: Mapped[list[CampaignArea]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )


class CampaignArea(Base):
    """A kecamatan's baseline counts, so progress per kecamatan needs no data folder."""

    __tablename__ = "campaign_areas"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    wktp: Mapped[int] = mapped_column(Integer)
    ikd_active: Mapped[int] = mapped_column(Integer)

    campaign: Mapped[Campaign] = relationship(back_populates="areas")


class PlanRecord(Base):
    """A month's plan as it was made: the scenario used, seed, data hash, summary and the plan.

    A re-plan of the same month sets `superseded_by` on the earlier plan; the current plan of a
    month is the one with `superseded_by` NULL.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7), index=True)
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    data_hash: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_by: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), nullable=True
    )

    visits: Mapped[list[PlannedVisit]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlannedVisit.id"
    )


class PlannedVisit(Base):
    """One stop of a plan, with its forecast (expected, P10, P90) and capacity, in people."""

    __tablename__ = "planned_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(100))
    stop: Mapped[int] = mapped_column(Integer)
    venue_id: Mapped[str] = mapped_column(String(100))
    venue_type: Mapped[str] = mapped_column(String(50))
    officers: Mapped[int] = mapped_column(Integer)
    minutes_on_site: Mapped[float] = mapped_column(Float)
    capacity: Mapped[float] = mapped_column(Float)
    expected: Mapped[float] = mapped_column(Float)
    p10: Mapped[float] = mapped_column(Float)
    p90: Mapped[float] = mapped_column(Float)

    plan: Mapped[PlanRecord] = relationship(back_populates="visits")


class ImportRecord(Base):
    """One imported file: its content hash makes a second import of the same file a no-op."""

    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("campaign_id", "file_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(500))
    file_hash: Mapped[str] = mapped_column(String(64))
    file_format: Mapped[str] = mapped_column(String(20))
    rows: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    replaced: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ActualVisit(Base):
    """What a team reported for one visit: activations (people), and officers/hours if given.

    At most one row per (campaign, date, team, venue): a second report with other numbers
    replaces it only when asked (`--replace`). `planned` records whether a current plan had
    the visit when it was imported.
    """

    __tablename__ = "actual_visits"
    __table_args__ = (UniqueConstraint("campaign_id", "date", "team", "venue_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date, index=True)
    team: Mapped[str] = mapped_column(String(100))
    venue_id: Mapped[str] = mapped_column(String(100))
    venue_type: Mapped[str] = mapped_column(String(50))
    activations: Mapped[int] = mapped_column(Integer)
    officers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    planned: Mapped[bool] = mapped_column(default=True)
    source_file: Mapped[str] = mapped_column(String(500))
    source_row: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
