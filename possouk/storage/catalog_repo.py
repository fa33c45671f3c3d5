"""Cooperatives, products, their search terms and price history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, intersect, select, update

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


def _term_upper_bound(term: str) -> str:
    """The smallest string greater than every string starting with ``term``."""
    return term[:-1] + chr(ord(term[-1]) + 1)


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
        # by one, so insert in bulk and read the new ids back by sku (unique) instead.
        before = self.conn.scalar(select(func.coalesce(func.max(products.c.id), 0)))
        columns = list(rows[0])
        _insert_many(self.conn, products, columns, [tuple(r[c] for c in columns) for r in rows])
        new = dict(self.conn.execute(
            select(products.c.sku, products.c.id).where(products.c.id > before)
        ).all())
        ids = [int(new[r["sku"]]) for r in rows]
        # Rows in index order: SQLite writes a sorted batch into the (term, product_id)
        # index far faster than a scattered one.
        by_term: dict[str, list[int]] = {}
        for pid, ts in zip(ids, terms, strict=True):
            for t in ts:
                by_term.setdefault(t, []).append(pid)
        term_rows = [(t, pid) for t in sorted(by_term) for pid in sorted(by_term[t])]
        _insert_many(self.conn, product_terms, ["term", "product_id"], term_rows)
        return ids

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
                         [tuple(r[c] for c in columns) for r in rows])

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
        found: set[str] = set()
        wanted = list(skus)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(self.conn.scalars(select(products.c.sku).where(products.c.sku.in_(chunk))))
        return found

    def existing_barcodes(self, barcodes: Iterable[str]) -> set[str]:
        found: set[str] = set()
        wanted = list(barcodes)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                self.conn.scalars(select(products.c.barcode).where(products.c.barcode.in_(chunk)))
            )
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
        """Products whose search terms start with every one of ``terms``."""
        if not terms:
            return []
        selects = [
            select(product_terms.c.product_id).where(
                product_terms.c.term >= term, product_terms.c.term < _term_upper_bound(term)
            )
            for term in terms
        ]
        matching = selects[0] if len(selects) == 1 else intersect(*selects)
        ids = select(matching.subquery().c.product_id).limit(limit * 4 if active_only else limit)
        query = self._products().where(products.c.id.in_(ids))
        if active_only:
            query = query.where(products.c.active.is_(True))
        return [to_product(r) for r in self.conn.execute(query.limit(limit))]
