"""Writing and reading final documents: sales and refunds, stock documents, events.

Every ``append_*`` takes the next number of its chain, hashes the document with
the previous hash, inserts it with its lines, and moves the chain head, all in
the caller's transaction. Nothing here updates or deletes a document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from possouk.domain.errors import N_, UserError
from possouk.domain.model import (
    Payment,
    PaymentMethod,
    Register,
    Sale,
    SaleKind,
    SaleLine,
    StockDocument,
    StockKind,
    StockLine,
    Unit,
)
from possouk.storage import journal
from possouk.storage.engine import Prepared, numbered, numbered_values
from possouk.storage.rows import new_id, parse_day, parse_utc
from possouk.storage.schema import (
    chain_heads,
    events,
    exchange_chains,
    payments,
    registers,
    sale_lines,
    sales,
    sites,
    stock_doc_lines,
    stock_docs,
    stock_movements,
)
from possouk.storage.summary_repo import SummaryRepo


@dataclass(frozen=True)
class Refunded:
    """What earlier refunds of one sale line gave back."""

    quantity: int = 0
    gross: int = 0
    line_discount: int = 0
    net: int = 0


# The statements of a checkout, prepared once: building and running a statement through
# SQLAlchemy costs more than SQLite takes to run it (see Prepared, bench/bench_checkout.py).
_TAKE_CHAIN = Prepared(
    select(chain_heads.c.last_seq, chain_heads.c.last_hash,
           select(exchange_chains.c.origin_id).where(exchange_chains.c.name == bindparam("chain_name"))
           .scalar_subquery())
    .where(chain_heads.c.name == bindparam("chain_name")).with_for_update(of=chain_heads)
)
_ADVANCE_CHAIN = Prepared(
    update(chain_heads).where(chain_heads.c.name == bindparam("chain_name"))
    .values(last_seq=bindparam("seq"), last_hash=bindparam("digest"))
)
_NEW_CHAIN = Prepared(insert(chain_heads), ("name", "last_seq", "last_hash"))


def _all_but_id(table: Any) -> list[str]:
    return [c.name for c in table.c if c.name != "id"]


_INSERT_SALE = Prepared(insert(sales).returning(sales.c.id), _all_but_id(sales))
_INSERT_SALE_LINE = Prepared(
    insert(sale_lines).returning(sale_lines.c.id), _all_but_id(sale_lines)
)
_INSERT_PAYMENT = Prepared(insert(payments), _all_but_id(payments))
_INSERT_MOVEMENT = Prepared(insert(stock_movements), _all_but_id(stock_movements))
_INSERT_EVENT = Prepared(insert(events), _all_but_id(events))
_SALE_ID_BY_KEY = Prepared(select(sales.c.id).where(sales.c.client_key == bindparam("client_key")))


@lru_cache(maxsize=64)
def _stock_on_hand(count: int) -> Prepared:
    """The sums of movements of ``count`` products at a site (the covering index does it)."""
    return Prepared(
        select(stock_movements.c.product_id, func.sum(stock_movements.c.quantity))
        .where(stock_movements.c.product_id.in_(numbered("product", count)),
               stock_movements.c.site_id == bindparam("site_id"))
        .group_by(stock_movements.c.product_id)
    )


class LedgerRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # chains ---------------------------------------------------------------
    def take_chain(self, name: str) -> tuple[int, str]:
        """Lock a chain's head and return (last number, last hash)."""
        row = _TAKE_CHAIN.first(self.conn, {"chain_name": name})
        if row is None:
            _NEW_CHAIN.all(self.conn, {"name": name, "last_seq": 0, "last_hash": journal.GENESIS})
            return 0, journal.GENESIS
        if row[2] is not None:
            self._refuse_received(name)
        return int(row[0]), str(row[1])

    def refuse_received(self, name: str) -> None:
        """Refuse to write chain ``name`` when it is received from a site's database: written
        there only (a sale, a deposit or a session opened here would fork it, and the site's
        next bundle would be refused)."""
        known = select(exchange_chains.c.name).where(exchange_chains.c.name == name)
        if self.conn.execute(known).first() is not None:
            self._refuse_received(name)

    def _refuse_received(self, name: str) -> None:
        kind, _, rest = name.partition(":")
        owner = rest.partition(":")[0]
        table = registers if kind in ("sales", "cash", "z") else sites
        code = self.conn.scalar(select(table.c.code).where(table.c.id == int(owner)))
        raise UserError(N_("{code} sells and keeps its documents in its own database; this one "
                           "receives them from there and cannot write them."), code=code or owner)

    def advance_chain(self, name: str, seq: int, digest: str) -> None:
        _ADVANCE_CHAIN.all(self.conn, {"chain_name": name, "seq": seq, "digest": digest})

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        rows = self.conn.execute(select(chain_heads))
        return {r.name: (int(r.last_seq), r.last_hash) for r in rows}

    # sales ----------------------------------------------------------------
    def append_sale(
        self,
        sale: dict[str, Any],
        lines: Sequence[dict[str, Any]],
        pays: Sequence[dict[str, Any]],
        site_id: int,
    ) -> int:
        """Number, hash and insert a sale or refund with its lines, payments and stock moves."""
        return int(self._insert_sale(sale, lines, pays, site_id)[0]["id"])

    def write_sale(
        self,
        sale: dict[str, Any],
        lines: Sequence[dict[str, Any]],
        pays: Sequence[dict[str, Any]],
        register: Register,
    ) -> Sale:
        """:meth:`append_sale`, returning the sale as :meth:`sale` would read it back.

        Built from the rows just written, which saves reading them back (half a
        millisecond of a checkout); tests/services/test_checkout_written.py checks the two agree.
        """
        if sale["register_id"] != register.id:
            raise ValueError("the sale belongs to another register")
        row, line_ids = self._insert_sale(sale, lines, pays, register.site_id)
        return Sale(
            id=row["id"], kind=SaleKind(row["kind"]), register_id=register.id,
            register_code=register.code, site_id=register.site_id, number=row["number"],
            created_at=parse_utc(row["created_at"]),
            business_day=parse_day(row["business_day"]),  # type: ignore[arg-type]
            cashier_id=row["cashier_id"], client_key=row["client_key"], total=row["total"],
            rounding=row["rounding"], change_given=row["change_given"],
            lines=tuple(
                _to_line({**line, "id": line_id})
                for line, line_id in zip(lines, line_ids, strict=True)
            ),
            payments=tuple(
                Payment(PaymentMethod(p["method"]), p["amount"], p["tendered"]) for p in pays
            ),
            refund_of_sale_id=row["refund_of_sale_id"], manual_ref=row["manual_ref"],
            hash=row["hash"], approved_by_id=row["approved_by_id"],
        )

    def _insert_sale(
        self,
        sale: dict[str, Any],
        lines: Sequence[dict[str, Any]],
        pays: Sequence[dict[str, Any]],
        site_id: int,
    ) -> tuple[dict[str, Any], list[int]]:
        """Write a sale; returns its row as written (with id, number and hash) and its line ids."""
        chain = journal.sales_chain(sale["register_id"])
        last, prev = self.take_chain(chain)
        sale = {**sale, "number": last + 1, "prev_hash": prev}
        sale["hash"] = journal.chain_hash(prev, journal.sale_payload(sale, lines, pays))
        sale["id"] = sale_id = int(_INSERT_SALE.one(self.conn, sale)[0])
        # One INSERT … RETURNING a line: on either database, the id of each line for sure.
        line_ids = [
            int(_INSERT_SALE_LINE.one(self.conn, {**line, "sale_id": sale_id})[0])
            for line in lines
        ]
        if pays:
            _INSERT_PAYMENT.many(self.conn, [{**p, "sale_id": sale_id} for p in pays])
        kind = StockKind.SALE if sale["kind"] == SaleKind.SALE else StockKind.REFUND
        _INSERT_MOVEMENT.many(
            self.conn,
            [
                {
                    "site_id": site_id, "product_id": line["product_id"],
                    "quantity": -line["quantity"], "kind": kind.value,
                    "sale_line_id": line_id, "stock_doc_line_id": None,
                    "created_at": sale["created_at"],
                }
                for line, line_id in zip(lines, line_ids, strict=True)
            ],
        )
        self.advance_chain(chain, sale["number"], sale["hash"])
        SummaryRepo(self.conn).add_sale(sale, lines)
        return sale, line_ids

    def sale_id_by_client_key(self, client_key: str) -> int | None:
        found = _SALE_ID_BY_KEY.scalar(self.conn, {"client_key": client_key})
        return None if found is None else int(found)

    def sale_id_by_number(self, register_id: int, number: int) -> int | None:
        return self.conn.scalar(
            select(sales.c.id).where(sales.c.register_id == register_id, sales.c.number == number)
        )

    def sale(self, sale_id: int) -> Sale:
        """A whole sale or refund as plain data."""
        row = self.conn.execute(
            select(sales, registers.c.code.label("register_code"), registers.c.site_id)
            .join(registers, registers.c.id == sales.c.register_id)
            .where(sales.c.id == sale_id)
        ).one()._mapping
        line_rows = self.conn.execute(
            select(sale_lines).where(sale_lines.c.sale_id == sale_id).order_by(sale_lines.c.line_no)
        )
        pay_rows = self.conn.execute(
            select(payments).where(payments.c.sale_id == sale_id).order_by(payments.c.seq)
        )
        return Sale(
            id=row["id"], kind=SaleKind(row["kind"]), register_id=row["register_id"],
            register_code=row["register_code"], site_id=row["site_id"], number=row["number"],
            created_at=parse_utc(row["created_at"]),
            business_day=parse_day(row["business_day"]),  # type: ignore[arg-type]
            cashier_id=row["cashier_id"], client_key=row["client_key"], total=row["total"],
            rounding=row["rounding"], change_given=row["change_given"],
            lines=tuple(_to_line(r._mapping) for r in line_rows),
            payments=tuple(
                Payment(PaymentMethod(p.method), p.amount, p.tendered) for p in pay_rows
            ),
            refund_of_sale_id=row["refund_of_sale_id"], manual_ref=row["manual_ref"],
            hash=row["hash"], approved_by_id=row["approved_by_id"],
        )

    def refunded(self, line_ids: Iterable[int]) -> dict[int, Refunded]:
        """For each original line: what earlier refunds already gave back (positive amounts)."""
        ids = list(line_ids)
        if not ids:
            return {}
        rows = self.conn.execute(
            select(
                sale_lines.c.refund_of_line_id,
                func.sum(-sale_lines.c.quantity),
                func.sum(-sale_lines.c.gross),
                func.sum(-sale_lines.c.line_discount),
                func.sum(-sale_lines.c.net),
            )
            .where(sale_lines.c.refund_of_line_id.in_(ids))
            .group_by(sale_lines.c.refund_of_line_id)
        )
        return {int(r[0]): Refunded(int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows}

    def last_sale_id(self, register_id: int) -> int | None:
        return self.conn.scalar(
            select(sales.c.id).where(sales.c.register_id == register_id)
            .order_by(sales.c.number.desc()).limit(1)
        )

    # stock ----------------------------------------------------------------
    def stock_on_hand(self, product_ids: Iterable[int], site_id: int) -> dict[int, int]:
        """Stock on hand (sum of movements) of each product at a site."""
        ids = list(set(product_ids))
        if not ids:
            return {}
        params = numbered_values("product", ids)
        params["site_id"] = site_id
        found = {int(r[0]): int(r[1]) for r in _stock_on_hand(len(ids)).all(self.conn, params)}
        return {pid: found.get(pid, 0) for pid in ids}

    def append_stock_doc(self, doc: dict[str, Any], lines: Sequence[dict[str, Any]]) -> int:
        """Number, hash and insert a deposit slip, return slip or adjustment with its moves."""
        chain = journal.stock_chain(doc["site_id"], doc["kind"])
        last, prev = self.take_chain(chain)
        doc = {**doc, "number": last + 1, "prev_hash": prev}
        doc["hash"] = journal.chain_hash(prev, journal.stock_doc_payload(doc, lines))
        doc_id = new_id(self.conn.execute(insert(stock_docs).values(**doc)))
        line_ids = [
            int(r[0])
            for r in self.conn.execute(
                insert(stock_doc_lines).returning(stock_doc_lines.c.id, sort_by_parameter_order=True),
                [{**line, "doc_id": doc_id} for line in lines],
            )
        ]
        sign = -1 if doc["kind"] == StockKind.RETURN else 1
        self.conn.execute(
            insert(stock_movements),
            [
                {
                    "site_id": doc["site_id"], "product_id": line["product_id"],
                    "quantity": sign * line["quantity"], "kind": doc["kind"],
                    "sale_line_id": None, "stock_doc_line_id": line_id,
                    "created_at": doc["created_at"],
                }
                for line, line_id in zip(lines, line_ids, strict=True)
            ],
        )
        self.advance_chain(chain, doc["number"], doc["hash"])
        return doc_id

    def stock_doc_id(self, site_id: int, kind: StockKind, number: int) -> int | None:
        """The id of a site's stock document of ``kind`` numbered ``number``, if any."""
        return self.conn.execute(
            select(stock_docs.c.id).where(stock_docs.c.site_id == site_id,
                                          stock_docs.c.kind == kind.value, stock_docs.c.number == number)
        ).scalar_one_or_none()

    def has_stock_doc(self, doc_id: int) -> bool:
        """True when a stock document with this id exists."""
        return self.conn.execute(select(stock_docs.c.id).where(stock_docs.c.id == doc_id)).first() is not None

    def stock_doc(self, doc_id: int) -> StockDocument:
        row = self.conn.execute(
            select(stock_docs, sites.c.code.label("site_code"))
            .join(sites, sites.c.id == stock_docs.c.site_id).where(stock_docs.c.id == doc_id)
        ).one()._mapping
        lines = self.conn.execute(
            select(stock_doc_lines).where(stock_doc_lines.c.doc_id == doc_id)
            .order_by(stock_doc_lines.c.line_no)
        )
        return StockDocument(
            id=row["id"], kind=StockKind(row["kind"]), site_id=row["site_id"],
            site_code=row["site_code"], cooperative_id=row["cooperative_id"],
            number=row["number"], created_at=parse_utc(row["created_at"]),
            user_id=row["user_id"], reason=row["reason"],
            lines=tuple(StockLine(r.product_id, r.sku, r.quantity, r.unit_price) for r in lines),
            hash=row["hash"],
        )

    # events ---------------------------------------------------------------
    def append_event(
        self, at: str, user_id: int | None, kind: str, detail: dict[str, Any]
    ) -> None:
        """Add an entry to the chained event log."""
        last, prev = self.take_chain(journal.EVENTS_CHAIN)
        row: dict[str, Any] = {
            "seq": last + 1, "at": at, "user_id": user_id, "kind": kind,
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
            "prev_hash": prev,
        }
        row["hash"] = journal.chain_hash(prev, journal.event_payload(row))
        _INSERT_EVENT.all(self.conn, row)
        self.advance_chain(journal.EVENTS_CHAIN, row["seq"], row["hash"])

    def events(self, *, kind: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        query = select(events).order_by(events.c.seq.desc()).limit(limit)
        if kind:
            query = query.where(events.c.kind == kind)
        return [dict(r._mapping) for r in self.conn.execute(query)]


def _to_line(m: Any) -> SaleLine:
    return SaleLine(
        id=m["id"], line_no=m["line_no"], product_id=m["product_id"], sku=m["sku"],
        cooperative_id=m["cooperative_id"], name_ar=m["name_ar"], name_fr=m["name_fr"],
        unit=Unit(m["unit"]), quantity=m["quantity"], unit_price=m["unit_price"],
        gross=m["gross"], line_discount=m["line_discount"],
        ticket_discount=m["ticket_discount"], net=m["net"], vat_rate=m["vat_bp"],
        vat_amount=m["vat_amount"], commission_rate=m["commission_bp"],
        refund_of_line_id=m["refund_of_line_id"], price_overridden=bool(m["price_overridden"]),
        oversold=bool(m["oversold"]),
    )
