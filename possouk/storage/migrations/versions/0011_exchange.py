"""Journal exchange between sites: origins, id pairs, imported chains, acknowledgements

A site's database exports its journals in signed bundles; the head office's database
imports them. Imported documents keep their origin's hashes and numbers; ``exchange_ids``
pairs every id they carry with this database's id, so ``verify`` recomputes the origin's
hashes. ``exchange_ids``, ``exchange_chains`` and ``remote_events`` are final
(refuse-change triggers).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 21:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

NEW_FINAL_TABLES = ("exchange_ids", "exchange_chains", "remote_events")


def upgrade() -> None:
    op.create_table(
        "exchange_origins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("database_id", sa.String(length=32), nullable=False, unique=True),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("first_seen_at", sa.String(length=32), nullable=False),
        sa.Column("last_import_at", sa.String(length=32)),
        sa.Column("last_bundle_at", sa.String(length=32)),
        sa.Column("bundles", sa.Integer(), nullable=False),
    )
    op.create_table(
        "exchange_ids",
        sa.Column("origin_id", sa.Integer(), sa.ForeignKey("exchange_origins.id"), primary_key=True),
        sa.Column("entity", sa.String(length=16), primary_key=True),
        sa.Column("remote_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("local_id", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_exchange_ids_local", "exchange_ids", ["origin_id", "entity", "local_id"])
    op.create_table(
        "exchange_chains",
        sa.Column("name", sa.String(length=64), primary_key=True),
        sa.Column("origin_id", sa.Integer(), sa.ForeignKey("exchange_origins.id"), nullable=False),
        sa.Column("remote_name", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("origin_id", "remote_name", name="uq_exchange_chains_origin_remote"),
    )
    op.create_table(
        "exchange_acks",
        sa.Column("name", sa.String(length=64), primary_key=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
    )
    op.create_table(
        "remote_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("origin_id", sa.Integer(), sa.ForeignKey("exchange_origins.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("origin_id", "seq", name="uq_remote_events_origin_seq"),
    )
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
    op.drop_table("remote_events")
    op.drop_table("exchange_acks")
    op.drop_table("exchange_chains")
    op.drop_index("ix_exchange_ids_local", table_name="exchange_ids")
    op.drop_table("exchange_ids")
    op.drop_table("exchange_origins")
