"""Settlements: shared costs and their shares, statements, the lines and shares they settle, payouts

A sale line and a cost share are settled by one statement at most: the
``statement_lines.sale_line_id`` and ``statement_costs.cost_share_id`` columns are
unique. Every table here holds final documents (refuse-change triggers).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NEW_FINAL_TABLES = ("shared_costs", "cost_shares", "statements", "statement_lines",
                    "statement_costs", "payouts")


def _chained() -> list[sa.Column[object]]:
    return [sa.Column("prev_hash", sa.String(length=64), nullable=False),
            sa.Column("hash", sa.String(length=64), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "shared_costs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        *_chained(),
    )
    op.create_table(
        "cost_shares",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cost_id", sa.Integer(), sa.ForeignKey("shared_costs.id"), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("cost_id", "cooperative_id", name="uq_cost_shares_cost_cooperative"),
    )
    op.create_index("ix_cost_shares_cooperative", "cost_shares", ["cooperative_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False),
        sa.Column("start", sa.String(length=10)),
        sa.Column("end", sa.String(length=10)),
        sa.Column("issued_at", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("net_payable", sa.BigInteger(), nullable=False),
        sa.Column("previously_payable", sa.BigInteger(), nullable=False),
        sa.Column("already_paid", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        *_chained(),
    )
    op.create_index("ix_statements_cooperative", "statements", ["cooperative_id"])
    op.create_table(
        "statement_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("sale_line_id", sa.Integer(), sa.ForeignKey("sale_lines.id"), nullable=False,
                  unique=True),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "statement_costs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("cost_share_id", sa.Integer(), sa.ForeignKey("cost_shares.id"), nullable=False,
                  unique=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("paid_at", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("cash_movement_id", sa.Integer(), sa.ForeignKey("cash_movements.id")),
        *_chained(),
    )
    op.create_index("ix_payouts_cooperative", "payouts", ["cooperative_id"])
    dialect = op.get_bind().dialect.name
    for table in NEW_FINAL_TABLES:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER possouk_final_{table}_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'possouk: {table} rows are final documents'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER possouk_final_{table} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION possouk_refuse_change()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in NEW_FINAL_TABLES:
        if dialect == "sqlite":
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table}_{action}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table} ON {table}")
    op.drop_index("ix_payouts_cooperative", table_name="payouts")
    op.drop_table("payouts")
    op.drop_table("statement_costs")
    op.drop_table("statement_lines")
    op.drop_index("ix_statements_cooperative", table_name="statements")
    op.drop_table("statements")
    op.drop_index("ix_cost_shares_cooperative", table_name="cost_shares")
    op.drop_table("cost_shares")
    op.drop_table("shared_costs")
