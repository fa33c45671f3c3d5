"""The ledger's first tables, and the triggers that keep final documents final

Revision ID: 0001
Revises:
Create Date: 2026-11-29 09:21:32.050407
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


FINAL_TABLES = (
    "sales",
    "sale_lines",
    "payments",
    "stock_docs",
    "stock_doc_lines",
    "stock_movements",
    "events",
)


def _protect_final_documents() -> None:
    """Refuse UPDATE and DELETE on final documents, in the database itself."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in FINAL_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER possouk_final_{table}_{action.lower()} "
                    f"BEFORE {action} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'possouk: {table} rows are final documents'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION possouk_refuse_change() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'possouk: % rows are final documents', TG_TABLE_NAME; "
            "END $$ LANGUAGE plpgsql"
        )
        for table in FINAL_TABLES:
            op.execute(
                f"CREATE TRIGGER possouk_final_{table} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION possouk_refuse_change()"
            )


def _unprotect_final_documents() -> None:
    dialect = op.get_bind().dialect.name
    for table in FINAL_TABLES:
        if dialect == "sqlite":
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table}_{action}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS possouk_final_{table} ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS possouk_refuse_change()")


def upgrade() -> None:
    op.create_table('chain_heads',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_chain_heads'))
    )
    op.create_table('cooperatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('registration', sa.String(length=60), nullable=False),
    sa.Column('ice', sa.String(length=15), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('rib', sa.String(length=24), nullable=False),
    sa.Column('commission_bp', sa.Integer(), nullable=False),
    sa.Column('minimum_payout', sa.BigInteger(), nullable=False),
    sa.Column('women_led', sa.Boolean(), nullable=False),
    sa.Column('youth_led', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperatives')),
    sa.UniqueConstraint('code', name=op.f('uq_cooperatives_code'))
    )
    op.create_table('sequences',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sequences'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.String(length=10), nullable=True),
    sa.Column('ends_on', sa.String(length=10), nullable=True),
    sa.Column('allow_oversell', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('pin_salt', sa.String(length=64), nullable=False),
    sa.Column('pin_hash', sa.String(length=128), nullable=False),
    sa.Column('failed_pins', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('seq', name=op.f('uq_events_seq'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_kind', ['kind'], unique=False)

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('barcode', sa.String(length=13), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('min_price', sa.BigInteger(), nullable=True),
    sa.Column('vat_bp', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('scale_code', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperatives.id'], name=op.f('fk_products_cooperative_id_cooperatives')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('barcode', name=op.f('uq_products_barcode')),
    sa.UniqueConstraint('scale_code', name=op.f('uq_products_scale_code')),
    sa.UniqueConstraint('sku', name=op.f('uq_products_sku'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_cooperative', ['cooperative_id'], unique=False)

    op.create_table('registers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_registers_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registers')),
    sa.UniqueConstraint('code', name=op.f('uq_registers_code'))
    )
    op.create_table('stock_docs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperatives.id'], name=op.f('fk_stock_docs_cooperative_id_cooperatives')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_stock_docs_site_id_sites')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_docs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_docs')),
    sa.UniqueConstraint('site_id', 'kind', 'number', name='uq_stock_docs_site_kind_number')
    )
    op.create_table('price_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('min_price', sa.BigInteger(), nullable=True),
    sa.Column('changed_at', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_price_history_product_id_products')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_price_history_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_history'))
    )
    with op.batch_alter_table('price_history', schema=None) as batch_op:
        batch_op.create_index('ix_price_history_product', ['product_id'], unique=False)

    op.create_table('product_terms',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_terms_product_id_products')),
    sa.PrimaryKeyConstraint('term', 'product_id', name=op.f('pk_product_terms'))
    )
    op.create_table('sales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('register_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('business_day', sa.String(length=10), nullable=False),
    sa.Column('cashier_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('refund_of_sale_id', sa.Integer(), nullable=True),
    sa.Column('manual_ref', sa.String(length=60), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('rounding', sa.BigInteger(), nullable=False),
    sa.Column('change_given', sa.BigInteger(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_sales_approved_by_id_users')),
    sa.ForeignKeyConstraint(['cashier_id'], ['users.id'], name=op.f('fk_sales_cashier_id_users')),
    sa.ForeignKeyConstraint(['refund_of_sale_id'], ['sales.id'], name=op.f('fk_sales_refund_of_sale_id_sales')),
    sa.ForeignKeyConstraint(['register_id'], ['registers.id'], name=op.f('fk_sales_register_id_registers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales')),
    sa.UniqueConstraint('client_key', name=op.f('uq_sales_client_key')),
    sa.UniqueConstraint('register_id', 'number', name='uq_sales_register_number')
    )
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index('ix_sales_day', ['business_day'], unique=False)
        batch_op.create_index('ix_sales_refund_of', ['refund_of_sale_id'], unique=False)

    op.create_table('stock_doc_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['stock_docs.id'], name=op.f('fk_stock_doc_lines_doc_id_stock_docs')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_doc_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_doc_lines')),
    sa.UniqueConstraint('doc_id', 'line_no', name='uq_stock_doc_lines_doc_line')
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('tendered', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_payments_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('sale_id', 'seq', name='uq_payments_sale_seq')
    )
    op.create_table('sale_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('line_discount', sa.BigInteger(), nullable=False),
    sa.Column('ticket_discount', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat_bp', sa.Integer(), nullable=False),
    sa.Column('vat_amount', sa.BigInteger(), nullable=False),
    sa.Column('commission_bp', sa.Integer(), nullable=False),
    sa.Column('refund_of_line_id', sa.Integer(), nullable=True),
    sa.Column('price_overridden', sa.Boolean(), nullable=False),
    sa.Column('oversold', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperatives.id'], name=op.f('fk_sale_lines_cooperative_id_cooperatives')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_sale_lines_product_id_products')),
    sa.ForeignKeyConstraint(['refund_of_line_id'], ['sale_lines.id'], name=op.f('fk_sale_lines_refund_of_line_id_sale_lines')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_sale_lines_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_lines')),
    sa.UniqueConstraint('sale_id', 'line_no', name='uq_sale_lines_sale_line')
    )
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.create_index('ix_sale_lines_cooperative', ['cooperative_id'], unique=False)
        batch_op.create_index('ix_sale_lines_product', ['product_id'], unique=False)
        batch_op.create_index('ix_sale_lines_refund_of', ['refund_of_line_id'], unique=False)

    op.create_table('stock_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('sale_line_id', sa.Integer(), nullable=True),
    sa.Column('stock_doc_line_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_movements_product_id_products')),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_lines.id'], name=op.f('fk_stock_movements_sale_line_id_sale_lines')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_stock_movements_site_id_sites')),
    sa.ForeignKeyConstraint(['stock_doc_line_id'], ['stock_doc_lines.id'], name=op.f('fk_stock_movements_stock_doc_line_id_stock_doc_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movements'))
    )
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.create_index('ix_stock_movements_product_site', ['product_id', 'site_id', 'quantity'], unique=False)

    _protect_final_documents()


def downgrade() -> None:
    _unprotect_final_documents()
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_movements_product_site')

    op.drop_table('stock_movements')
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_lines_refund_of')
        batch_op.drop_index('ix_sale_lines_product')
        batch_op.drop_index('ix_sale_lines_cooperative')

    op.drop_table('sale_lines')
    op.drop_table('payments')
    op.drop_table('stock_doc_lines')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_refund_of')
        batch_op.drop_index('ix_sales_day')

    op.drop_table('sales')
    op.drop_table('product_terms')
    with op.batch_alter_table('price_history', schema=None) as batch_op:
        batch_op.drop_index('ix_price_history_product')

    op.drop_table('price_history')
    op.drop_table('stock_docs')
    op.drop_table('registers')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_cooperative')

    op.drop_table('products')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_kind')

    op.drop_table('events')
    op.drop_table('users')
    op.drop_table('sites')
    op.drop_table('settings')
    op.drop_table('sequences')
    op.drop_table('cooperatives')
    op.drop_table('chain_heads')
