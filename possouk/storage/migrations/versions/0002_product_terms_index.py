"""Search terms: a table without rowid, and indexed by product too

A search drives from its rarest word and probes each candidate product's other
words through (product_id, term); on SQLite the table becomes WITHOUT ROWID so
that the two orders cost two b-trees, not three (bulk imports write millions of
terms). See bench/bench_search.py and bench/bench_import.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _rebuild_terms(without_rowid: bool) -> None:
    suffix = " WITHOUT ROWID" if without_rowid else ""
    op.execute(
        "CREATE TABLE product_terms_new ("
        "term VARCHAR(200) NOT NULL, product_id INTEGER NOT NULL, "
        "CONSTRAINT pk_product_terms PRIMARY KEY (term, product_id), "
        "CONSTRAINT fk_product_terms_product_id_products FOREIGN KEY(product_id) "
        f"REFERENCES products (id)){suffix}"
    )
    op.execute("INSERT INTO product_terms_new (term, product_id) SELECT term, product_id FROM product_terms")
    op.execute("DROP TABLE product_terms")
    op.execute("ALTER TABLE product_terms_new RENAME TO product_terms")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_terms(without_rowid=True)
    op.create_index("ix_product_terms_product", "product_terms", ["product_id", "term"])


def downgrade() -> None:
    op.drop_index("ix_product_terms_product", table_name="product_terms")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_terms(without_rowid=False)
