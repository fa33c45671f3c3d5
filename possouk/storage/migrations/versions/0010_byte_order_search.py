"""Byte order for the searched text on PostgreSQL

The catalog finds products by SKU prefix and by search-word prefix with ranges
(``>= prefix`` and ``<`` the next string), which only byte order gets right. SQLite
compares text byte by byte; a PostgreSQL server set up in French or English sorts by
its language's rules, and a search for "A-" also found "a-2". Both columns now use the
"C" collation there (their indexes are rebuilt), and SKUs sort alike on both databases.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_COLUMNS = (("products", "sku", 40), ("product_terms", "term", 200))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite already compares bytes
    for table, column, length in _COLUMNS:
        op.alter_column(table, column, type_=sa.String(length, collation="C"),
                        existing_type=sa.String(length), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in _COLUMNS:
        op.alter_column(table, column, type_=sa.String(length),
                        existing_type=sa.String(length, collation="C"), existing_nullable=False)
