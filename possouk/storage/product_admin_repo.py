"""The back office's queries on the whole catalog: a page of products at a time, sorted and
filtered in SQL, with their stock on hand; what a product's history forbids changing.

A page is asked by *keyset*: the sort value and id of the last row shown (``after``), so the
thousandth page costs what the first does (an ``OFFSET`` makes SQLite walk every row before
it). The page's ids are chosen first from ``products`` alone (no join: with one, SQLite
walked the cooperative index and read the rows out of order, ten times slower on 300,000
products), then their rows, cooperative codes and stock are read by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)

from possouk.domain.model import Product
from possouk.storage.rows import to_product
from possouk.storage.schema import (
    cooperatives,
    price_history,
    product_terms,
    product_words,
    products,
    sale_lines,
    stock_movements,
    users,
)

__all__ = ["SORT_KEYS", "PageFilter", "ProductAdminRepo"]

_COUNT_CAP = 2000  # as the catalog's search: enough to tell a rare word from a common one

_ON_HAND = (
    select(stock_movements.c.product_id, func.sum(stock_movements.c.quantity).label("on_hand"))
    .group_by(stock_movements.c.product_id)
    .subquery("on_hand")
)

_COOPERATIVE_CODE = (
    select(cooperatives.c.code).where(cooperatives.c.id == products.c.cooperative_id)
    .correlate(products).scalar_subquery()
)

SORT_KEYS: dict[str, ColumnElement[Any]] = {
    "sku": products.c.sku,
    "barcode": products.c.barcode,
    "name_fr": products.c.name_fr,
    "name_ar": products.c.name_ar,
    "cooperative": _COOPERATIVE_CODE,
    "category": products.c.category,
    "unit": products.c.unit,
    "price": products.c.price,
    "min_price": func.coalesce(products.c.min_price, -1),
    "vat": products.c.vat_bp,
    "on_hand": func.coalesce(_ON_HAND.c.on_hand, 0),
    "active": products.c.active,
}
"""What each sortable column sorts by (ties: the product's id)."""


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    return and_(column >= prefix, column < _upper_bound(prefix))


class PageFilter:
    """Which products a page is taken from: search terms (already in search-key form), sku
    prefixes, an exact barcode, a cooperative and a category; an empty part lets all through."""

    def __init__(self, *, terms: Sequence[str] = (), sku_prefixes: Sequence[str] = (),
                 barcode: str = "", searching: bool = False, cooperative_id: int | None = None,
                 category: str | None = None) -> None:
        self.terms = list(terms)
        self.sku_prefixes = list(dict.fromkeys(p for p in sku_prefixes if p))
        self.barcode = barcode
        self.searching = searching  # a query was typed: nothing else matches when it finds nothing
        self.cooperative_id = cooperative_id
        self.category = category


class ProductAdminRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- the page ---------------------------------------------------------------------------
    def _term_matches(self, term: str) -> int:
        capped = (select(literal(1)).select_from(product_terms)
                  .where(_starts(product_terms.c.term, term)).limit(_COUNT_CAP).subquery())
        return int(self.conn.scalar(select(func.count()).select_from(capped)) or 0)

    def _conditions(self, wanted: PageFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if wanted.cooperative_id is not None:
            conditions.append(products.c.cooperative_id == wanted.cooperative_id)
        if wanted.category is not None:
            conditions.append(products.c.category == wanted.category)
        if not wanted.searching:
            return conditions
        found: list[ColumnElement[bool]] = []
        if wanted.terms:
            ordered = list(wanted.terms)
            if len(ordered) > 1:
                ordered.sort(key=lambda term: (self._term_matches(term), -len(term)))
            drive = product_terms.alias("t0")
            ids = select(drive.c.product_id).where(_starts(drive.c.term, ordered[0]))
            if len(ordered) > 1:
                ids = ids.where(exists().where(
                    product_words.c.product_id == drive.c.product_id,
                    *(product_words.c.words.contains(" " + term, autoescape=True)
                      for term in ordered[1:]),
                ))
            found.append(products.c.id.in_(ids))
        found.extend(_starts(products.c.sku, prefix) for prefix in wanted.sku_prefixes)
        if wanted.barcode:
            found.append(products.c.barcode == wanted.barcode)
        conditions.append(or_(*found) if found else literal(False))
        return conditions

    def page_ids(self, wanted: PageFilter, sort: str, *, descending: bool,
                 after: tuple[Any, int] | None, offset: int, limit: int) -> list[tuple[int, Any]]:
        """The ids of one page and their sort values, in order: after ``after`` (the sort value
        and id of the last row already shown), or from row ``offset``."""
        key = SORT_KEYS[sort]
        query: Select[Any] = select(products.c.id, key.label("sort_value")).select_from(products)
        if sort == "on_hand":
            query = query.outerjoin(_ON_HAND, _ON_HAND.c.product_id == products.c.id)
        conditions = self._conditions(wanted)
        if after is not None:
            position = tuple_(key, products.c.id)
            conditions.append(position < tuple_(*after) if descending else position > tuple_(*after))
        if conditions:
            query = query.where(*conditions)
        if descending:
            query = query.order_by(key.desc(), products.c.id.desc())
        else:
            query = query.order_by(key, products.c.id)
        query = query.limit(limit)
        if offset and after is None:
            query = query.offset(offset)
        return [(int(r[0]), r[1]) for r in self.conn.execute(query)]

    def count(self, wanted: PageFilter) -> int:
        query = select(func.count()).select_from(products)
        conditions = self._conditions(wanted)
        if conditions:
            query = query.where(*conditions)
        return int(self.conn.scalar(query) or 0)

    def products(self, ids: Sequence[int]) -> dict[int, Product]:
        """The products ``ids`` with their cooperative's code."""
        if not ids:
            return {}
        query: Select[Any] = (select(*products.c, cooperatives.c.code.label("cooperative_code"))
                 .join(cooperatives, cooperatives.c.id == products.c.cooperative_id)
                 .where(products.c.id.in_(list(ids))))
        return {p.id: p for p in (to_product(r) for r in self.conn.execute(query))}

    def on_hand(self, ids: Sequence[int]) -> dict[int, int]:
        """The stock on hand of ``ids`` at every site together (thousandths); absent: none."""
        if not ids:
            return {}
        query = (select(stock_movements.c.product_id, func.sum(stock_movements.c.quantity))
                 .where(stock_movements.c.product_id.in_(list(ids)))
                 .group_by(stock_movements.c.product_id))
        return {int(r[0]): int(r[1] or 0) for r in self.conn.execute(query)}

    def categories(self) -> list[str]:
        """Every category a product has (on sale or not), sorted (from the category index)."""
        query = select(products.c.category).distinct().where(products.c.category != "")
        return sorted(self.conn.scalars(query))

    # -- history ----------------------------------------------------------------------------
    def has_sales(self, product_id: int) -> bool:
        query = select(exists().where(sale_lines.c.product_id == product_id))
        return bool(self.conn.scalar(query))

    def has_movements(self, product_id: int) -> bool:
        query = select(exists().where(stock_movements.c.product_id == product_id))
        return bool(self.conn.scalar(query))

    def price_history(self, product_id: int) -> list[dict[str, Any]]:
        """The product's prices, newest first, with who set them (None: the command line)."""
        query = (select(price_history.c.id, price_history.c.price, price_history.c.min_price,
                        price_history.c.changed_at, users.c.display_name)
                 .select_from(price_history)
                 .outerjoin(users, users.c.id == price_history.c.user_id)
                 .where(price_history.c.product_id == product_id)
                 .order_by(price_history.c.id.desc()))
        return [dict(r._mapping) for r in self.conn.execute(query)]
