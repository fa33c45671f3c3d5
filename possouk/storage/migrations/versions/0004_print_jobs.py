"""The persistent print queue

A receipt whose printer failed waits here, as the exact ESC/POS bytes, until a
retry prints it. Not a fiscal document: no triggers, rows are updated.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 11:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("copy", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("printed_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
    )
    op.create_index("ix_print_jobs_status", "print_jobs", ["status", "id"])
    op.create_index("ix_print_jobs_reference", "print_jobs", ["reference"])


def downgrade() -> None:
    op.drop_index("ix_print_jobs_reference", table_name="print_jobs")
    op.drop_index("ix_print_jobs_status", table_name="print_jobs")
    op.drop_table("print_jobs")
