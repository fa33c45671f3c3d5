"""Day, month and year closings

A closing freezes a site's totals for a business day, a month or a year in a
final document, chained per site and kind. After a day closing the day takes no
new sale (the services check it, with the index on the unique period).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_closings_site_id_sites")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"],
                                name=op.f("fk_closings_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closings")),
        sa.UniqueConstraint("site_id", "kind", "period", name="uq_closings_site_kind_period"),
        sa.UniqueConstraint("site_id", "kind", "number", name="uq_closings_site_kind_number"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER possouk_final_closings_{action.lower()} BEFORE {action} ON closings "
                "BEGIN SELECT RAISE(ABORT, 'possouk: closings rows are final documents'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER possouk_final_closings BEFORE UPDATE OR DELETE ON closings "
            "FOR EACH ROW EXECUTE FUNCTION possouk_refuse_change()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS possouk_final_closings_{action}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS possouk_final_closings ON closings")
    op.drop_table("closings")
