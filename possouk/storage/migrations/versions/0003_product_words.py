"""Search terms without a foreign key; each product's words in one row

A bulk import of 300,000 products writes millions of search-term rows. Each paid
a foreign-key lookup into products, and an entry in the (product_id, term) index
on top of the table's own (term, product_id) b-tree. The terms are a derived
index that the catalog service writes with its products (which are never
deleted), so the key goes. The index served one purpose: checking a candidate
product's other query words. ``product_words`` now does that with one row a
product, " miel thym beldi …", each term after a space. See bench/bench_import.py
and bench/bench_search.py.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 11:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_FOREIGN_KEY = "fk_product_terms_product_id_products"
_INDEX = "ix_product_terms_product"


def _rebuild_terms_sqlite(with_foreign_key: bool) -> None:
    """SQLite cannot drop or add a foreign key: copy the table (as migration 0002 does)."""
    key = (f", CONSTRAINT {_FOREIGN_KEY} FOREIGN KEY(product_id) REFERENCES products (id)"
           if with_foreign_key else "")
    op.execute(
        "CREATE TABLE product_terms_new ("
        "term VARCHAR(200) NOT NULL, product_id INTEGER NOT NULL, "
        f"CONSTRAINT pk_product_terms PRIMARY KEY (term, product_id){key}) WITHOUT ROWID"
    )
    op.execute("INSERT INTO product_terms_new (term, product_id) "
               "SELECT term, product_id FROM product_terms")
    op.execute("DROP TABLE product_terms")
    op.execute("ALTER TABLE product_terms_new RENAME TO product_terms")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "product_words",
        sa.Column("product_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_words")),
    )
    # Read through the (product_id, term) index while it still exists.
    concat = "group_concat(term, ' ')" if dialect == "sqlite" else "string_agg(term, ' ')"
    op.execute(
        f"INSERT INTO product_words (product_id, words) SELECT product_id, ' ' || {concat} "
        "FROM product_terms GROUP BY product_id"
    )
    if dialect == "sqlite":
        _rebuild_terms_sqlite(with_foreign_key=False)  # the copy drops the index with the table
    else:
        op.drop_index(_INDEX, table_name="product_terms")
        op.drop_constraint(_FOREIGN_KEY, "product_terms", type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_terms_sqlite(with_foreign_key=True)
    else:
        op.create_foreign_key(_FOREIGN_KEY, "product_terms", "products", ["product_id"], ["id"])
    op.create_index(_INDEX, "product_terms", ["product_id", "term"])
    op.drop_table("product_words")
