"""Cash sessions, cash movements and Z reports

A session is a register's drawer from its counted float to its closing. Cash
movements and Z reports are final documents, chained per register; a closed
session refuses any change, and no session row may be deleted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

NEW_FINAL_TABLES = ("cash_movements", "z_reports")


def _create_tables() -> None:
    op.create_table(
        "cash_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opening_count", sa.Text(), nullable=False),
        sa.Column("opening_float", sa.BigInteger(), nullable=False),
        sa.Column("first_sale_number", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["register_id"], ["registers.id"],
                                name=op.f("fk_cash_sessions_register_id_registers")),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"],
                                name=op.f("fk_cash_sessions_opened_by_id_users")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"],
                                name=op.f("fk_cash_sessions_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_sessions")),
        sa.UniqueConstraint("register_id", "number", name="uq_cash_sessions_register_number"),
    )
    op.create_index("ix_cash_sessions_register_status", "cash_sessions", ["register_id", "status"])
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cash_sessions.id"],
                                name=op.f("fk_cash_movements_session_id_cash_sessions")),
        sa.ForeignKeyConstraint(["register_id"], ["registers.id"],
                                name=op.f("fk_cash_movements_register_id_registers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_cash_movements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
        sa.UniqueConstraint("register_id", "number", name="uq_cash_movements_register_number"),
    )
    op.create_index("ix_cash_movements_session", "cash_movements", ["session_id"])
    op.create_table(
        "z_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("grand_total", sa.BigInteger(), nullable=False),
        sa.Column("last_receipt_number", sa.BigInteger(), nullable=False),
        sa.Column("last_sale_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["register_id"], ["registers.id"],
                                name=op.f("fk_z_reports_register_id_registers")),
        sa.ForeignKeyConstraint(["session_id"], ["cash_sessions.id"],
                                name=op.f("fk_z_reports_session_id_cash_sessions")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"],
                                name=op.f("fk_z_reports_closed_by_id_users")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"],
                                name=op.f("fk_z_reports_approved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_z_reports")),
        sa.UniqueConstraint("register_id", "number", name="uq_z_reports_register_number"),
        sa.UniqueConstraint("session_id", name=op.f("uq_z_reports_session_id")),
    )


def _protect() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in NEW_FINAL_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER possouk_final_{table}_{action.lower()} "
                    f"BEFORE {action} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'possouk: {table} rows are final documents'); END"
                )
        op.execute(
            "CREATE TRIGGER possouk_closed_cash_sessions_update BEFORE UPDATE ON cash_sessions "
            "WHEN OLD.status = 'closed' BEGIN "
            "SELECT RAISE(ABORT, 'possouk: a closed cash session is final'); END"
        )
        op.execute(
            "CREATE TRIGGER possouk_closed_cash_sessions_delete BEFORE DELETE ON cash_sessions "
            "BEGIN SELECT RAISE(ABORT, 'possouk: cash sessions are never deleted'); END"
        )
    elif dialect == "postgresql":
        for table in NEW_FINAL_TABLES:  # possouk_refuse_change() comes from migration 0001
            op.execute(
                f"CREATE TRIGGER possouk_final_{table} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION possouk_refuse_change()"
            )
        op.execute(
            "CREATE FUNCTION possouk_refuse_closed_session() RETURNS trigger AS $$ BEGIN "
            "IF TG_OP = 'DELETE' OR OLD.status = 'closed' THEN "
            "RAISE EXCEPTION 'possouk: a closed cash session is final'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER possouk_closed_cash_sessions BEFORE UPDATE OR DELETE ON cash_sessions "
            "FOR EACH ROW EXECUTE FUNCTION possouk_refuse_closed_session()"
        )


def upgrade() -> None:
    _create_tables()
    _protect()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in NEW_FINAL_TABLES:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table}_{action}")
        op.execute("DROP TRIGGER IF EXISTS possouk_closed_cash_sessions_update")
        op.execute("DROP TRIGGER IF EXISTS possouk_closed_cash_sessions_delete")
    elif dialect == "postgresql":
        for table in NEW_FINAL_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS possouk_closed_cash_sessions ON cash_sessions")
        op.execute("DROP FUNCTION IF EXISTS possouk_refuse_closed_session()")
    op.drop_table("z_reports")
    op.drop_index("ix_cash_movements_session", table_name="cash_movements")
    op.drop_table("cash_movements")
    op.drop_index("ix_cash_sessions_register_status", table_name="cash_sessions")
    op.drop_table("cash_sessions")
