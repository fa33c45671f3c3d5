"""The ledger's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

Conventions: money columns are integer centimes, quantities integer thousandths,
rates integer basis points, times ISO-8601 UTC text ("2026-11-29T09:16:37.000000Z",
sortable), days "YYYY-MM-DD". Final documents (sales, stock documents, events,
and their lines, payments and movements) are protected by triggers that refuse
UPDATE and DELETE.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Money = BigInteger
Qty = BigInteger

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sequences = Table(
    "sequences",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

chain_heads = Table(
    "chain_heads",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name_ar", String(200), nullable=False),
    Column("name_fr", String(200), nullable=False),
    Column("starts_on", String(10)),
    Column("ends_on", String(10)),
    Column("allow_oversell", Boolean, nullable=False, default=False),
)

registers = Table(
    "registers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
)

cooperatives = Table(
    "cooperatives",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name_ar", String(200), nullable=False),
    Column("name_fr", String(200), nullable=False),
    Column("registration", String(60), nullable=False, default=""),
    Column("ice", String(15), nullable=False, default=""),
    Column("province", String(100), nullable=False, default=""),
    Column("phone", String(20), nullable=False, default=""),
    Column("contact", String(200), nullable=False, default=""),
    Column("rib", String(24), nullable=False, default=""),
    Column("commission_bp", Integer, nullable=False),
    Column("minimum_payout", Money, nullable=False, default=0),
    Column("women_led", Boolean, nullable=False, default=False),
    Column("youth_led", Boolean, nullable=False, default=False),
    Column("active", Boolean, nullable=False, default=True),
)

def byte_order_text(length: int) -> TypeEngine[str]:
    """Text compared byte by byte on every database: the prefix searches are ranges
    (``>= prefix`` and ``<`` the next string), right only in byte order, which SQLite has and
    a PostgreSQL server set up in French or English has not (migration 0010)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("sku", byte_order_text(40), nullable=False, unique=True),
    Column("barcode", String(13), nullable=False, unique=True),
    Column("name_ar", String(200), nullable=False),
    Column("name_fr", String(200), nullable=False),
    Column("category", String(60), nullable=False),
    Column("unit", String(8), nullable=False),
    Column("price", Money, nullable=False),
    Column("min_price", Money),
    Column("vat_bp", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    Column("scale_code", Integer, unique=True),
    Index("ix_products_cooperative", "cooperative_id"),
    Index("ix_products_category", "category", "active", "name_fr"),  # the category tiles
)

# The search index: derived from the products' names and category by the catalog service,
# written with them and never on its own (products are never deleted). No foreign key: its
# check cost a products lookup for each of millions of rows in a bulk import (migration 0003).
product_terms = Table(
    "product_terms",
    metadata,
    Column("term", byte_order_text(200), primary_key=True),
    Column("product_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,  # the primary key is the table: one b-tree fewer to write
)

product_words = Table(
    "product_words",
    metadata,
    # A search drives from its rarest word through product_terms, then checks each candidate's
    # other words here: " miel thym beldi …", each term after a space. One row a product
    # replaced a (product_id, term) index of one entry a term (migration 0003).
    Column("product_id", Integer, primary_key=True, autoincrement=False),
    Column("words", Text, nullable=False),
)

price_history = Table(
    "price_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("price", Money, nullable=False),
    Column("min_price", Money),
    Column("changed_at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Index("ix_price_history_product", "product_id"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("login", String(40), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_salt", String(64), nullable=False),
    Column("pin_hash", String(128), nullable=False),
    Column("failed_pins", Integer, nullable=False, default=0),
    Column("locked", Boolean, nullable=False, default=False),
    Column("active", Boolean, nullable=False, default=True),
)

sales = Table(
    "sales",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_key", String(64), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("business_day", String(10), nullable=False),
    Column("cashier_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("approved_by_id", Integer, ForeignKey("users.id")),
    Column("refund_of_sale_id", Integer, ForeignKey("sales.id")),
    Column("manual_ref", String(60)),
    Column("total", Money, nullable=False),
    Column("rounding", Money, nullable=False),
    Column("change_given", Money, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("register_id", "number", name="uq_sales_register_number"),
    Index("ix_sales_day", "business_day"),
    Index("ix_sales_refund_of", "refund_of_sale_id"),
)

sale_lines = Table(
    "sale_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("name_ar", String(200), nullable=False),
    Column("name_fr", String(200), nullable=False),
    Column("unit", String(8), nullable=False),
    Column("quantity", Qty, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("gross", Money, nullable=False),
    Column("line_discount", Money, nullable=False),
    Column("ticket_discount", Money, nullable=False),
    Column("net", Money, nullable=False),
    Column("vat_bp", Integer, nullable=False),
    Column("vat_amount", Money, nullable=False),
    Column("commission_bp", Integer, nullable=False),
    Column("refund_of_line_id", Integer, ForeignKey("sale_lines.id")),
    Column("price_overridden", Boolean, nullable=False),
    Column("oversold", Boolean, nullable=False),
    UniqueConstraint("sale_id", "line_no", name="uq_sale_lines_sale_line"),
    Index("ix_sale_lines_refund_of", "refund_of_line_id"),
    Index("ix_sale_lines_cooperative", "cooperative_id"),
    Index("ix_sale_lines_product", "product_id"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Column("tendered", Money),
    UniqueConstraint("sale_id", "seq", name="uq_payments_sale_seq"),
)

stock_docs = Table(
    "stock_docs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(12), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id")),
    Column("number", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("reason", String(40), nullable=False),
    Column("note", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("site_id", "kind", "number", name="uq_stock_docs_site_kind_number"),
)

stock_doc_lines = Table(
    "stock_doc_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Integer, ForeignKey("stock_docs.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("quantity", Qty, nullable=False),
    Column("unit_price", Money, nullable=False),
    UniqueConstraint("doc_id", "line_no", name="uq_stock_doc_lines_doc_line"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("quantity", Qty, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("sale_line_id", Integer, ForeignKey("sale_lines.id")),
    Column("stock_doc_line_id", Integer, ForeignKey("stock_doc_lines.id")),
    Column("created_at", String(32), nullable=False),
    Index("ix_stock_movements_product_site", "product_id", "site_id", "quantity"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("kind", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_events_kind", "kind"),
)

print_jobs = Table(
    # The persistent print queue: not a fiscal document (the sale is), so rows may change.
    "print_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String(32), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("copy", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("printed_at", String(32)),
    Index("ix_print_jobs_status", "status", "id"),
    Index("ix_print_jobs_reference", "reference"),
)

cash_sessions = Table(
    # A register's drawer from its counted float to its Z report. Changed while open (it is
    # closed once); a closed session is refused any change by a trigger (migration 0006).
    "cash_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("business_day", String(10), nullable=False),
    Column("opened_at", String(32), nullable=False),
    Column("opened_by_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("opening_count", Text, nullable=False),  # JSON {"20000": 2, ...}
    Column("opening_float", Money, nullable=False),
    Column("first_sale_number", BigInteger, nullable=False),
    Column("status", String(8), nullable=False),
    Column("closed_at", String(32)),
    Column("closed_by_id", Integer, ForeignKey("users.id")),
    UniqueConstraint("register_id", "number", name="uq_cash_sessions_register_number"),
    Index("ix_cash_sessions_register_status", "register_id", "status"),
)

cash_movements = Table(
    "cash_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("cash_sessions.id"), nullable=False),
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("kind", String(4), nullable=False),
    Column("reason", String(20), nullable=False),
    Column("amount", Money, nullable=False),
    Column("note", Text, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("register_id", "number", name="uq_cash_movements_register_number"),
    Index("ix_cash_movements_session", "session_id"),
)

z_reports = Table(
    "z_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("session_id", Integer, ForeignKey("cash_sessions.id"), nullable=False, unique=True),
    Column("business_day", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("closed_by_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("approved_by_id", Integer, ForeignKey("users.id")),
    Column("reason", Text, nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON of the figures, counts, slips
    Column("grand_total", Money, nullable=False),
    Column("last_receipt_number", BigInteger, nullable=False),
    Column("last_sale_hash", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("register_id", "number", name="uq_z_reports_register_number"),
)

closings = Table(
    # Day, month and year closings of a site: final, chained per site and kind.
    "closings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("period", String(10), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("closed_by_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON of the period's figures
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("site_id", "kind", "period", name="uq_closings_site_kind_period"),
    UniqueConstraint("site_id", "kind", "number", name="uq_closings_site_kind_number"),
)

# Settlements (migration 0009): shared costs split into shares; statements that settle sale
# lines and cost shares exactly once (unique references); payouts. All final and chained.
shared_costs = Table(
    "shared_costs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", BigInteger, nullable=False, unique=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("amount", Money, nullable=False),
    Column("rule", String(10), nullable=False),
    Column("start", String(10), nullable=False),
    Column("end", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

cost_shares = Table(
    "cost_shares",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cost_id", Integer, ForeignKey("shared_costs.id"), nullable=False),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("amount", Money, nullable=False),
    UniqueConstraint("cost_id", "cooperative_id", name="uq_cost_shares_cost_cooperative"),
    Index("ix_cost_shares_cooperative", "cooperative_id"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", BigInteger, nullable=False, unique=True),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("issued_at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("net_payable", Money, nullable=False),
    Column("previously_payable", Money, nullable=False),
    Column("already_paid", Money, nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON of the totals
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_statements_cooperative", "cooperative_id"),
)

statement_lines = Table(
    "statement_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", Integer, ForeignKey("statements.id"), nullable=False),
    Column("sale_line_id", Integer, ForeignKey("sale_lines.id"), nullable=False, unique=True),
    Column("net", Money, nullable=False),
    Column("commission", Money, nullable=False),
)

statement_costs = Table(
    "statement_costs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", Integer, ForeignKey("statements.id"), nullable=False),
    Column("cost_share_id", Integer, ForeignKey("cost_shares.id"), nullable=False, unique=True),
    Column("amount", Money, nullable=False),
)

payouts = Table(
    "payouts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", BigInteger, nullable=False, unique=True),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("amount", Money, nullable=False),
    Column("method", String(10), nullable=False),
    Column("reference", String(60), nullable=False),
    Column("paid_at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("cash_movement_id", Integer, ForeignKey("cash_movements.id")),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_payouts_cooperative", "cooperative_id"),
)

# Running sums of the receipts for the reports and the dashboard: derived from the sales, written
# in the same transaction as each sale, rebuilt from them on demand (possouk.storage.summary_repo).
# ``hour`` is the store's local hour of day. Receipt-level sums (one receipt, one key) and
# line-level sums by cooperative and by category, so every count of receipts is exact.
summary_receipts = Table(
    "summary_receipts",
    metadata,
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("business_day", String(10), nullable=False),
    Column("hour", Integer, nullable=False),
    Column("cashier_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("receipts", Integer, nullable=False),
    UniqueConstraint("business_day", "register_id", "hour", "cashier_id", "kind",
                     name="uq_summary_receipts"),
)

summary_cooperatives = Table(
    "summary_cooperatives",
    metadata,
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("business_day", String(10), nullable=False),
    Column("hour", Integer, nullable=False),
    Column("cashier_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("cooperative_id", Integer, ForeignKey("cooperatives.id"), nullable=False),
    Column("receipts", Integer, nullable=False),
    Column("net", Money, nullable=False),
    Column("commission", Money, nullable=False),
    UniqueConstraint("business_day", "register_id", "hour", "cashier_id", "kind", "cooperative_id",
                     name="uq_summary_cooperatives"),
)

summary_categories = Table(
    "summary_categories",
    metadata,
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("business_day", String(10), nullable=False),
    Column("hour", Integer, nullable=False),
    Column("cashier_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("category", String(60), nullable=False),
    Column("receipts", Integer, nullable=False),
    Column("net", Money, nullable=False),
    Column("commission", Money, nullable=False),
    UniqueConstraint("business_day", "register_id", "hour", "cashier_id", "kind", "category",
                     name="uq_summary_categories"),
)

summary_products = Table(
    "summary_products",
    metadata,
    Column("business_day", String(10), nullable=False),
    Column("register_id", Integer, ForeignKey("registers.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("receipts", Integer, nullable=False),
    Column("quantity", Qty, nullable=False),
    Column("net", Money, nullable=False),
    Column("commission", Money, nullable=False),
    UniqueConstraint("business_day", "register_id", "kind", "product_id",
                     name="uq_summary_products"),
)

# Journal exchange between sites (migration 0011). An origin is another possouk database:
# a site whose journals this one imports, or the head office whose catalog it imports. Imported
# documents keep their origin's hashes; ``exchange_ids`` pairs each of their ids (and each id of
# the catalog they name) with this database's, so ``verify`` recomputes the origin's hashes.
exchange_origins = Table(
    "exchange_origins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("database_id", String(32), nullable=False, unique=True),
    Column("public_key", String(64), nullable=False),
    Column("role", String(8), nullable=False),  # "site" (journals come in) or "office" (catalog)
    Column("name", String(200), nullable=False),  # the sites it writes for, by code
    Column("first_seen_at", String(32), nullable=False),
    Column("last_import_at", String(32)),
    Column("last_bundle_at", String(32)),  # when the newest bundle imported was written
    Column("bundles", Integer, nullable=False, default=0),
)

exchange_ids = Table(
    "exchange_ids",
    metadata,
    Column("origin_id", Integer, ForeignKey("exchange_origins.id"), primary_key=True),
    Column("entity", String(16), primary_key=True),
    Column("remote_id", BigInteger, primary_key=True, autoincrement=False),
    Column("local_id", BigInteger, nullable=False),
    Index("ix_exchange_ids_local", "origin_id", "entity", "local_id"),
)

exchange_chains = Table(
    # Which of this database's chains are another database's, imported: register ELH1's sales
    # here ("sales:7") are the El Hajeb database's "sales:2".
    "exchange_chains",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("origin_id", Integer, ForeignKey("exchange_origins.id"), nullable=False),
    Column("remote_name", String(64), nullable=False),
    UniqueConstraint("origin_id", "remote_name", name="uq_exchange_chains_origin_remote"),
)

exchange_acks = Table(
    # At a site: how far head office has acknowledged each of this database's chains (brought
    # back with its catalog). ``exchange export --since-last`` starts after it.
    "exchange_acks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

remote_events = Table(
    # The event logs of the sites, as imported: one chain per origin.
    "remote_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("origin_id", Integer, ForeignKey("exchange_origins.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("at", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("kind", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("origin_id", "seq", name="uq_remote_events_origin_seq"),
)

FINAL_TABLES = (
    "sales",
    "sale_lines",
    "payments",
    "stock_docs",
    "stock_doc_lines",
    "stock_movements",
    "events",
    "cash_movements",
    "z_reports",
    "closings",
    "shared_costs",
    "cost_shares",
    "statements",
    "statement_lines",
    "statement_costs",
    "payouts",
    "exchange_ids",
    "exchange_chains",
    "remote_events",
)
"""Tables whose rows are final documents: the database refuses UPDATE and DELETE."""
