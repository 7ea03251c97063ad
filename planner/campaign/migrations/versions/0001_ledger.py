"""The campaign ledger: campaigns, kecamatan baselines, plans, planned and actual visits, imports.

Revision ID: 0001_ledger
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ledger"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kabupaten_code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("baseline_ikd_active", sa.Integer, nullable=False),
        sa.Column("baseline_as_of", sa.String(32), nullable=False),
        sa.Column("wktp", sa.Integer, nullable=False),
        sa.Column("target_rate", sa.Float, nullable=False),
        sa.Column("national_target_rate", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "campaign_areas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("wktp", sa.Integer, nullable=False),
        sa.Column("ikd_active", sa.Integer, nullable=False),
        sa.UniqueConstraint("campaign_id", "code"),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("month", sa.String(7), nullable=False, index=True),
        sa.Column("scenario", sa.JSON, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("data_hash", sa.String(64), nullable=False),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "superseded_by",
            sa.Integer,
            sa.ForeignKey("plans.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_table(
        "planned_visits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey("plans.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("team", sa.String(100), nullable=False),
        sa.Column("stop", sa.Integer, nullable=False),
        sa.Column("venue_id", sa.String(100), nullable=False),
        sa.Column("venue_type", sa.String(50), nullable=False),
        sa.Column("officers", sa.Integer, nullable=False),
        sa.Column("minutes_on_site", sa.Float, nullable=False),
        sa.Column("capacity", sa.Float, nullable=False),
        sa.Column("expected", sa.Float, nullable=False),
        sa.Column("p10", sa.Float, nullable=False),
        sa.Column("p90", sa.Float, nullable=False),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("file_format", sa.String(20), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("replaced", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "file_hash"),
    )
    op.create_table(
        "actual_visits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("date", sa.Date, nullable=False, index=True),
        sa.Column("team", sa.String(100), nullable=False),
        sa.Column("venue_id", sa.String(100), nullable=False),
        sa.Column("venue_type", sa.String(50), nullable=False),
        sa.Column("activations", sa.Integer, nullable=False),
        sa.Column("officers", sa.Integer, nullable=True),
        sa.Column("hours", sa.Float, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("planned", sa.Boolean, nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column(
            "import_id",
            sa.Integer,
            sa.ForeignKey("imports.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "date", "team", "venue_id"),
    )


def downgrade() -> None:
    for table in (
        "actual_visits",
        "imports",
        "planned_visits",
        "plans",
        "campaign_areas",
        "campaigns",
    ):
        op.drop_table(table)
