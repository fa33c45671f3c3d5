"""Running sums of the receipts for the reports and the dashboard

Derived tables (not documents): written with each sale, and filled from the
sales already recorded the first time possouk opens the upgraded database
(possouk.storage.summary_repo.SummaryRepo.rebuild), where the store's local
hour of each receipt is computed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_KEY = ("business_day", "register_id", "hour", "cashier_id", "kind")


def _key_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("register_id", sa.Integer(), sa.ForeignKey("registers.id"), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "summary_receipts", *_key_columns(),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.UniqueConstraint(*_KEY, name="uq_summary_receipts"),
    )
    op.create_table(
        "summary_cooperatives", *_key_columns(),
        sa.Column("cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint(*_KEY, "cooperative_id", name="uq_summary_cooperatives"),
    )
    op.create_table(
        "summary_categories", *_key_columns(),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint(*_KEY, "category", name="uq_summary_categories"),
    )
    op.create_table(
        "summary_products",
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("register_id", sa.Integer(), sa.ForeignKey("registers.id"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("products.id"), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("business_day", "register_id", "kind", "product_id",
                            name="uq_summary_products"),
    )


def downgrade() -> None:
    op.drop_table("summary_products")
    op.drop_table("summary_categories")
    op.drop_table("summary_cooperatives")
    op.drop_table("summary_receipts")
