"""Cooperatives, products, their search terms and price history."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
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

from possouk.domain.model import Cooperative, Product, Unit
from possouk.storage.engine import Prepared, numbered, numbered_values
from possouk.storage.rows import new_id, to_cooperative, to_product
from possouk.storage.schema import (
    cooperatives,
    price_history,
    product_terms,
    product_words,
    products,
)

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
_BULK_ROWS = 10_000  # from this many products, an insert is a bulk import
_BULK_CACHE_KIB = 131_072  # SQLite page cache during one: 128 MiB instead of 2 MiB


def _term_range(column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """``column`` starts with ``term`` (a range, so that the index is used)."""
    return and_(column >= term, column < _term_upper_bound(term))


# Checkout reads its products and commissions on every sale: statements prepared once per
# number of ids (see possouk.storage.engine.Prepared), rows mapped by position.
_SALE_PRODUCT_COLUMNS = (
    products.c.id, products.c.cooperative_id, cooperatives.c.code, products.c.sku,
    products.c.barcode, products.c.name_ar, products.c.name_fr, products.c.category,
    products.c.unit, products.c.price, products.c.min_price, products.c.vat_bp,
    products.c.active, products.c.scale_code,
)


@lru_cache(maxsize=64)
def _products_by_ids(count: int) -> Prepared:
    return Prepared(
        select(*_SALE_PRODUCT_COLUMNS)
        .join(cooperatives, cooperatives.c.id == products.c.cooperative_id)
        .where(products.c.id.in_(numbered("id", count)))
    )


@lru_cache(maxsize=64)
def _commissions(count: int) -> Prepared:
    return Prepared(
        select(cooperatives.c.id, cooperatives.c.commission_bp)
        .where(cooperatives.c.id.in_(numbered("id", count)))
    )


def _product_of(r: Sequence[Any]) -> Product:
    return Product(
        id=r[0], cooperative_id=r[1], cooperative_code=r[2], sku=r[3], barcode=r[4],
        name_ar=r[5], name_fr=r[6], category=r[7], unit=Unit(r[8]), price=r[9],
        min_price=r[10], vat=r[11], active=bool(r[12]), scale_code=r[13],
    )


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
        ids = list(cooperative_ids)
        if not ids:
            return {}
        rows = _commissions(len(ids)).all(self.conn, numbered_values("id", ids))
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

    @contextmanager
    def bulk_writes(self, count: int) -> Iterator[None]:
        """Let SQLite keep more pages in memory while ``count`` products are written.

        With the default 2 MiB cache, a bulk import writes pages of its indexes out
        to the WAL and reads them back many times before it commits: 300,000
        products took half a second more. The usual size comes back afterwards, so
        the connection pool keeps no large caches.
        """
        if count < _BULK_ROWS or self.conn.dialect.name != "sqlite":
            yield
            return
        usual = int(self.conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
        self.conn.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {usual}")

    def add_products(self, rows: Sequence[dict[str, Any]], terms: Sequence[Collection[str]]) -> list[int]:
        """Insert many products at once with their search terms; returns their ids in order."""
        if not rows:
            return []
        # A bulk import writes 300,000 products: RETURNING would make SQLite insert them one
        # by one, so insert in bulk and read the new ids back instead.
        before = int(self.conn.scalar(select(func.coalesce(func.max(products.c.id), 0))) or 0)
        columns = list(rows[0])
        _insert_many(self.conn, products, columns, _tuples(rows, columns))
        ids = self._new_ids(before, [str(r["sku"]) for r in rows])
        self._add_terms(ids, terms)
        return ids

    def _add_terms(self, ids: Sequence[int], terms: Sequence[Collection[str]]) -> None:
        """Index new products under their search terms (see :meth:`search`)."""
        # Product by product: each word's (term, product_id) entries then grow at their end,
        # much faster than scattered rows; product_words only grows at its end.
        term_rows = [(t, pid) for pid, ts in zip(ids, terms, strict=True) for t in ts]
        _insert_many(self.conn, product_terms, ["term", "product_id"], term_rows)
        _insert_many(self.conn, product_words, ["product_id", "words"],
                     [(pid, " " + " ".join(ts)) for pid, ts in zip(ids, terms, strict=True) if ts])

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
        self.conn.execute(delete(product_words).where(product_words.c.product_id == product_id))
        self._add_terms([product_id], [sorted(set(terms))])

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
        if not wanted:
            return {}
        rows = _products_by_ids(len(wanted)).all(self.conn, numbered_values("id", wanted))
        return {p.id: p for p in map(_product_of, rows)}

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

    def categories(self) -> list[str]:
        """The categories of the products on sale, sorted (from the index, not the rows)."""
        query = (select(products.c.category).distinct()
                 .where(products.c.active.is_(True), products.c.category != "")
                 .order_by(products.c.category))
        return list(self.conn.scalars(query))

    def products_in_category(self, category: str, *, limit: int) -> list[Product]:
        """The first ``limit`` products on sale of ``category``, by French name."""
        query = (self._products()
                 .where(products.c.category == category, products.c.active.is_(True))
                 .order_by(products.c.name_fr).limit(limit))
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

        The rarest term (its matches counted up to a cap) drives the scan; each
        candidate's other terms are looked for in its row of ``product_words``, and
        the scan stops after ``limit`` products. So a common word ("miel") costs
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
        if len(ordered) > 1:
            # " miel thym …" holds a word starting with "th" where it holds " th".
            ids = ids.where(exists().where(
                product_words.c.product_id == drive.c.product_id,
                *(product_words.c.words.contains(" " + term, autoescape=True)
                  for term in ordered[1:]),
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
