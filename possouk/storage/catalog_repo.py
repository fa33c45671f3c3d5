"""Cooperatives, products, their search terms and price history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)

from possouk.domain.model import Cooperative, Product
from possouk.storage.rows import new_id, to_cooperative, to_product
from possouk.storage.schema import cooperatives, price_history, product_terms, products

_PRODUCT_COLUMNS = (*products.c, cooperatives.c.code.label("cooperative_code"))


def _insert_many(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT many rows straight through the driver's ``executemany``.

    Building SQLAlchemy parameters costs microseconds per row, more than SQLite takes to
    write it; a bulk import of products writes millions of rows (search terms).
    """
    if not rows:
        return
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]
        if order != list(range(len(columns))):
            rows = [tuple(r[i] for i in order) for r in rows]
        conn.exec_driver_sql(compiled.string, list(rows))
    else:
        conn.exec_driver_sql(compiled.string, [dict(zip(columns, r, strict=True)) for r in rows])


def _tuples(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The values of ``columns`` in each row, as tuples (for :func:`_insert_many`)."""
    if len(columns) == 1:
        return [(r[columns[0]],) for r in rows]
    return list(map(itemgetter(*columns), rows))


def _term_upper_bound(term: str) -> str:
    """The smallest string greater than every string starting with ``term``."""
    return term[:-1] + chr(ord(term[-1]) + 1)


_COUNT_CAP = 2000  # enough to tell a rare search word from a common one


def _term_range(column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """``column`` starts with ``term`` (a range, so that the index is used)."""
    return and_(column >= term, column < _term_upper_bound(term))


class CatalogRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # cooperatives -------------------------------------------------------
    def add_cooperative(self, values: dict[str, Any]) -> int:
        return new_id(self.conn.execute(insert(cooperatives).values(**values)))

    def add_cooperatives(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(cooperatives), list(rows))

    def update_cooperative(self, cooperative_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(
            update(cooperatives).where(cooperatives.c.id == cooperative_id).values(**values)
        )

    def cooperatives(self, *, active_only: bool = False) -> list[Cooperative]:
        query = select(cooperatives).order_by(cooperatives.c.code)
        if active_only:
            query = query.where(cooperatives.c.active.is_(True))
        return [to_cooperative(r) for r in self.conn.execute(query)]

    def cooperative_by_code(self, code: str) -> Cooperative | None:
        row = self.conn.execute(select(cooperatives).where(cooperatives.c.code == code)).first()
        return to_cooperative(row) if row else None

    def cooperative(self, cooperative_id: int) -> Cooperative:
        return to_cooperative(
            self.conn.execute(select(cooperatives).where(cooperatives.c.id == cooperative_id)).one()
        )

    def cooperative_codes(self) -> dict[str, int]:
        return {r.code: r.id for r in self.conn.execute(select(cooperatives.c.code, cooperatives.c.id))}

    def commissions(self, cooperative_ids: Iterable[int]) -> dict[int, int]:
        """The current commission rate of each cooperative."""
        rows = self.conn.execute(
            select(cooperatives.c.id, cooperatives.c.commission_bp)
            .where(cooperatives.c.id.in_(list(cooperative_ids)))
        )
        return {int(r[0]): int(r[1]) for r in rows}

    # products -----------------------------------------------------------
    def _products(self) -> Any:
        return select(*_PRODUCT_COLUMNS).join(
            cooperatives, cooperatives.c.id == products.c.cooperative_id
        )

    def add_product(self, values: dict[str, Any], terms: Iterable[str]) -> int:
        product_id = new_id(self.conn.execute(insert(products).values(**values)))
        self.set_terms(product_id, terms)
        return product_id

    def add_products(self, rows: Sequence[dict[str, Any]], terms: Sequence[set[str]]) -> list[int]:
        """Insert many products at once with their search terms; returns their ids in order."""
        if not rows:
            return []
        # A bulk import writes 300,000 products: RETURNING would make SQLite insert them one
        # by one, so insert in bulk and read the new ids back instead.
        before = int(self.conn.scalar(select(func.coalesce(func.max(products.c.id), 0))) or 0)
        columns = list(rows[0])
        _insert_many(self.conn, products, columns, _tuples(rows, columns))
        ids = self._new_ids(before, [str(r["sku"]) for r in rows])
        # Product by product: the (product_id, term) index then only grows at its end, and the
        # (term, product_id) one where each word's entries end: much faster than scattered rows.
        term_rows = [(t, pid) for pid, ts in zip(ids, terms, strict=True) for t in ts]
        _insert_many(self.conn, product_terms, ["term", "product_id"], term_rows)
        return ids

    def _new_ids(self, before: int, skus: list[str]) -> list[int]:
        """The ids of the products just inserted (after id ``before``), in the order of ``skus``."""
        n = len(skus)
        newer = products.c.id > before
        low, high, count = self.conn.execute(
            select(func.min(products.c.id), func.max(products.c.id), func.count()).where(newer)
        ).one()
        if count == n and low == before + 1 and high == before + n:
            # One statement after another under the write lock, the rows got the next ids in
            # order (SQLite's max(rowid) + 1, or an uncontended sequence): check both ends.
            ends = dict(self.conn.execute(
                select(products.c.id, products.c.sku).where(products.c.id.in_([low, high]))
            ).all())
            if ends.get(low) == skus[0] and ends.get(high) == skus[-1]:
                return list(range(low, high + 1))
        new = dict(self.conn.execute(select(products.c.sku, products.c.id).where(newer)).all())
        return [int(new[sku]) for sku in skus]

    def update_product(self, product_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(products).where(products.c.id == product_id).values(**values))

    def set_terms(self, product_id: int, terms: Iterable[str]) -> None:
        self.conn.execute(delete(product_terms).where(product_terms.c.product_id == product_id))
        rows = [{"term": t, "product_id": product_id} for t in sorted(set(terms))]
        if rows:
            self.conn.execute(insert(product_terms), rows)

    def add_price_history(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            columns = list(rows[0])
            _insert_many(self.conn, price_history, columns,
                         _tuples(rows, columns))

    def price_history(self, product_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(price_history).where(price_history.c.product_id == product_id)
            .order_by(price_history.c.id)
        )
        return [dict(r._mapping) for r in rows]

    def product(self, product_id: int) -> Product:
        return to_product(self.conn.execute(self._products().where(products.c.id == product_id)).one())

    def products_by_ids(self, ids: Iterable[int]) -> dict[int, Product]:
        wanted = list(set(ids))
        rows = self.conn.execute(self._products().where(products.c.id.in_(wanted)))
        return {p.id: p for p in map(to_product, rows)}

    def product_by_sku(self, sku: str) -> Product | None:
        row = self.conn.execute(self._products().where(products.c.sku == sku)).first()
        return to_product(row) if row else None

    def products_by_sku_prefix(self, prefix: str, *, limit: int) -> list[Product]:
        """Products whose sku starts with ``prefix`` (case as stored), in sku order."""
        query = (
            self._products()
            .where(products.c.sku >= prefix, products.c.sku < _term_upper_bound(prefix))
            .order_by(products.c.sku).limit(limit)
        )
        return [to_product(r) for r in self.conn.execute(query)]

    def product_by_barcode(self, barcode: str) -> Product | None:
        row = self.conn.execute(self._products().where(products.c.barcode == barcode)).first()
        return to_product(row) if row else None

    def product_by_scale_code(self, code: int) -> Product | None:
        row = self.conn.execute(self._products().where(products.c.scale_code == code)).first()
        return to_product(row) if row else None

    def products(self, *, cooperative_id: int | None = None) -> list[Product]:
        query = self._products().order_by(products.c.sku)
        if cooperative_id is not None:
            query = query.where(products.c.cooperative_id == cooperative_id)
        return [to_product(r) for r in self.conn.execute(query)]

    def existing_skus(self, skus: Iterable[str]) -> set[str]:
        return self._existing(products.c.sku, skus)

    def existing_barcodes(self, barcodes: Iterable[str]) -> set[str]:
        return self._existing(products.c.barcode, barcodes)

    def _existing(self, column: Any, values: Iterable[str]) -> set[str]:
        """Which of ``values`` the products already have in ``column``."""
        wanted = list(values)
        if len(wanted) > 5000 and len(wanted) * 4 > self.count_products():
            # A bulk import: reading the whole column once beats thousands of IN (…) queries.
            return set(wanted).intersection(self.conn.scalars(select(column)))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(self.conn.scalars(select(column).where(column.in_(chunk))))
        return found

    def sku_ids(self, skus: Iterable[str]) -> dict[str, Product]:
        """Products by sku, for the skus that exist."""
        result: dict[str, Product] = {}
        wanted = list(set(skus))
        for i in range(0, len(wanted), 500):
            rows = self.conn.execute(self._products().where(products.c.sku.in_(wanted[i : i + 500])))
            result.update({p.sku: p for p in map(to_product, rows)})
        return result

    def max_scale_code(self) -> int:
        return int(self.conn.scalar(select(func.coalesce(func.max(products.c.scale_code), 0))) or 0)

    def count_products(self) -> int:
        return int(self.conn.scalar(select(func.count()).select_from(products)) or 0)

    def search(self, terms: Sequence[str], *, limit: int, active_only: bool = True) -> list[Product]:
        """Products whose search terms start with every one of ``terms``.

        The rarest term (its matches counted up to a cap) drives the scan; each other
        term is probed per candidate through the (product_id, term) index, and the
        scan stops after ``limit`` products. So a common word ("de", "miel") costs
        little, where intersecting every term's full match list cost 100 ms and more
        on 300,000 products (see bench/bench_search.py).
        """
        if not terms:
            return []
        ordered = list(terms)
        if len(ordered) > 1:
            ordered.sort(key=lambda term: (self._term_matches(term), -len(term)))
        drive = product_terms.alias("t0")
        ids = select(drive.c.product_id).distinct().where(_term_range(drive.c.term, ordered[0]))
        for n, term in enumerate(ordered[1:], start=1):
            other = product_terms.alias(f"t{n}")
            ids = ids.where(exists().where(
                other.c.product_id == drive.c.product_id, _term_range(other.c.term, term)
            ))
        if active_only:
            shown = products.alias("shown")
            ids = ids.where(exists().where(shown.c.id == drive.c.product_id, shown.c.active.is_(True)))
        query = self._products().where(products.c.id.in_(ids.limit(limit)))
        return [to_product(r) for r in self.conn.execute(query)]

    def _term_matches(self, term: str) -> int:
        """How many (term, product) rows start with ``term``, counted up to _COUNT_CAP."""
        capped = (
            select(literal(1)).select_from(product_terms)
            .where(_term_range(product_terms.c.term, term)).limit(_COUNT_CAP).subquery()
        )
        return int(self.conn.scalar(select(func.count()).select_from(capped)) or 0)
