"""Writing a site's journals, received in a bundle, into this database (head office).

Everything happens in the caller's one write transaction: a refusal raises
:class:`BundleRefused` and nothing stays. Each chain of the bundle is checked link by link
against its own hashes (the site's ids), then continues this database's copy of it: what is
already here must be the same documents (then it is skipped: importing twice changes
nothing), and what follows must start where the copy ends. The documents are written with
this database's ids; ``exchange_ids`` pairs every id they name with the site's.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text, update

from possouk.domain.errors import N_, BundleRefused
from possouk.domain.text import search_terms
from possouk.storage import exchange_refs as refs
from possouk.storage import journal
from possouk.storage.catalog_repo import CatalogRepo
from possouk.storage.exchange_export import chain_number
from possouk.storage.rows import new_id
from possouk.storage.schema import (
    cash_movements,
    cash_sessions,
    chain_heads,
    closings,
    cooperatives,
    exchange_chains,
    payments,
    products,
    registers,
    remote_events,
    sale_lines,
    sales,
    sites,
    stock_doc_lines,
    stock_docs,
    stock_movements,
    users,
    z_reports,
)
from possouk.storage.summary_repo import SummaryRepo


@dataclass
class Imported:
    """What an import wrote (all zero when the bundle brought nothing new)."""

    sales: int = 0
    stock_documents: int = 0
    cash_movements: int = 0
    z_reports: int = 0
    closings: int = 0
    events: int = 0
    sessions: int = 0
    new_products: list[str] = field(default_factory=list)
    new_cooperatives: list[str] = field(default_factory=list)
    new_users: list[str] = field(default_factory=list)
    already_here: int = 0

    @property
    def documents(self) -> int:
        return (self.sales + self.stock_documents + self.cash_movements + self.z_reports
                + self.closings + self.events)


def recomputed_hash(name: str, row: Mapping[str, Any]) -> str:
    """The hash of a bundle's document, from its own values (the site's ids)."""
    kind = name.partition(":")[0]
    payload: Any
    if kind == "sales":
        payload = journal.sale_payload(row, row["lines"], row["payments"])
    elif kind == "stock":
        payload = journal.stock_doc_payload(row, row["lines"])
    elif kind == "cash":
        payload = journal.cash_move_payload(row)
    elif kind == "z":
        payload = journal.z_payload(row)
    elif kind == "closing":
        payload = journal.closing_payload(row)
    else:
        payload = journal.event_payload(row)
    return journal.chain_hash(row["prev_hash"], payload)


def reserve_ids(conn: Connection, table: Table, count: int) -> int:
    """The first of ``count`` new ids of ``table``, for rows written with explicit ids (one
    INSERT for thousands of rows). The caller holds the database's write lock."""
    if conn.dialect.name == "postgresql":
        sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
        first = int(conn.scalar(text(f"SELECT nextval({sequence})")) or 0)
        if count > 1:
            conn.execute(text(f"SELECT setval({sequence}, :last)"), {"last": first + count - 1})
        return first
    return int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def _many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5_000):
        conn.execute(insert(table), list(rows[start:start + 5_000]))


class JournalImport:
    """One bundle's journals into this database, for origin ``origin_id``."""

    def __init__(self, conn: Connection, origin_id: int, origin_name: str) -> None:
        self.conn = conn
        self.origin_id = origin_id
        self.origin_name = origin_name
        self.pairs = refs.IdPairs(conn, origin_id)
        self.done = Imported()
        self.register_codes: dict[int, str] = {}  # remote register id → code
        self.site_codes: dict[int, str] = {}  # remote site id → code
        self.local_site_of_register: dict[int, int] = {}  # local register id → local site id

    # -- the catalog the documents name ----------------------------------------------------
    def map_catalog(self, body: Mapping[str, Any]) -> None:
        """Pair the bundle's sites, registers, users, cooperatives and products with this
        database's, by code, login and SKU. Unknown sites and registers refuse the bundle;
        unknown users, cooperatives and products are added (a site may add them)."""
        conn, pairs = self.conn, self.pairs
        local_sites = {str(r.code): int(r.id) for r in conn.execute(select(sites.c.id, sites.c.code))}
        for site in body["sites"]:
            self.site_codes[int(site["id"])] = site["code"]
            if site["code"] not in local_sites:
                raise BundleRefused(N_("The bundle comes from site {code}, unknown in this "
                                       "database: add the site here first. "
                                       "Nothing of the bundle was imported."),
                                    code=site["code"])
            pairs.pair("site", int(site["id"]), local_sites[site["code"]])
        local_registers = {str(r.code): (int(r.id), int(r.site_id))
                           for r in conn.execute(select(registers))}
        for register in body["registers"]:
            code = str(register["code"])
            self.register_codes[int(register["id"])] = code
            if code not in local_registers:
                raise BundleRefused(N_("The bundle holds the documents of register {code}, "
                                       "unknown in this database: add the register here first. "
                                       "Nothing of the bundle was imported."), code=code)
            local_id, local_site = local_registers[code]
            if pairs.local("site", int(register["site_id"])) != local_site:
                raise BundleRefused(N_("Register {code} belongs to another site in this "
                                       "database than in the bundle. Nothing of the bundle was imported."),
                                    code=code)
            pairs.pair("register", int(register["id"]), local_id)
            self.local_site_of_register[local_id] = local_site
        self._map_users(body["users"])
        self._map_cooperatives(body["cooperatives"])
        self._map_products(body["products"])

    def _map_users(self, rows: Sequence[Mapping[str, Any]]) -> None:
        known = {str(r.login): int(r.id) for r in self.conn.execute(select(users.c.id, users.c.login))}
        for row in rows:
            local = known.get(row["login"])
            if local is None:
                # Known here only by the documents: no PIN opens it (a random salt and hash).
                local = new_id(self.conn.execute(insert(users).values(
                    login=row["login"], display_name=row["display_name"], role=row["role"],
                    pin_salt=secrets.token_hex(16), pin_hash=secrets.token_hex(32),
                    failed_pins=0, locked=False, active=False)))
                self.done.new_users.append(row["login"])
            self.pairs.pair("user", int(row["id"]), local)

    def _map_cooperatives(self, rows: Sequence[Mapping[str, Any]]) -> None:
        known = {str(r.code): int(r.id)
                 for r in self.conn.execute(select(cooperatives.c.id, cooperatives.c.code))}
        for row in rows:
            local = known.get(row["code"])
            if local is None:
                local = new_id(self.conn.execute(insert(cooperatives).values(
                    **{k: v for k, v in row.items() if k != "id"})))
                self.done.new_cooperatives.append(row["code"])
            self.pairs.pair("cooperative", int(row["id"]), local)

    def _map_products(self, rows: Sequence[Mapping[str, Any]]) -> None:
        known = {str(r.sku): int(r.id) for r in self.conn.execute(select(products.c.id, products.c.sku))}
        catalog = CatalogRepo(self.conn)
        for row in rows:
            local = known.get(row["sku"])
            if local is None:
                values = refs.translate({k: v for k, v in row.items() if k != "id"}, refs.PRODUCT,
                                        self.pairs.local)
                taken = catalog.product_by_barcode(values["barcode"])
                if taken is not None:
                    raise BundleRefused(N_("Product {sku} of the bundle has the barcode {barcode}, "
                                           "which is product {other}'s in this database. "
                                           "Nothing of the bundle was imported."),
                                        sku=row["sku"], barcode=values["barcode"], other=taken.sku)
                if values.get("scale_code") is not None and catalog.product_by_scale_code(
                        int(values["scale_code"])) is not None:
                    values["scale_code"] = None  # the scale's code is a site's own choice
                local = catalog.add_product(values, search_terms(values["name_ar"], values["name_fr"],
                                                                 values["category"]))
                self.done.new_products.append(row["sku"])
            self.pairs.pair("product", int(row["id"]), local)

    # -- chains ---------------------------------------------------------------------------
    def _owner_code(self, name: str) -> str:
        kind, _, rest = name.partition(":")
        if kind in ("sales", "cash", "z"):
            return self.register_codes.get(int(rest), rest)
        if kind in ("stock", "closing"):
            return self.site_codes.get(int(rest.partition(":")[0]), rest)
        return self.origin_name

    def local_chain_name(self, name: str) -> str:
        kind, _, rest = name.partition(":")
        if kind in ("sales", "cash", "z"):
            return f"{kind}:{self.pairs.local('register', int(rest))}"
        if kind in ("stock", "closing"):
            site_text, _, sub = rest.partition(":")
            return f"{kind}:{self.pairs.local('site', int(site_text))}:{sub}"
        return f"events:{self.origin_id}"

    def new_rows(self, chain: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        """Check one chain of the bundle; return its local name and the documents not yet here."""
        name = str(chain["name"])
        code = self._owner_code(name)
        local_name = self.local_chain_name(name)
        owner = self.conn.execute(select(exchange_chains.c.origin_id, exchange_chains.c.remote_name)
                                  .where(exchange_chains.c.name == local_name)).first()
        head = self.conn.execute(select(chain_heads.c.last_seq, chain_heads.c.last_hash)
                                 .where(chain_heads.c.name == local_name)).first()
        have, have_hash = (int(head[0]), str(head[1])) if head else (0, journal.GENESIS)
        if owner is None and have and not name == journal.EVENTS_CHAIN:
            raise BundleRefused(N_("The documents of {code} are written in this database, not "
                                   "received from a site. Nothing of the bundle was imported."), code=code)
        if owner is not None and (int(owner[0]) != self.origin_id or owner[1] != name):
            raise BundleRefused(N_("The documents of {code} come to this database from another "
                                   "site's database. Nothing of the bundle was imported."), code=code)
        after, prev = int(chain["after"][0]), str(chain["after"][1])
        if after > have:
            raise BundleRefused(
                N_("The bundle continues the documents of {code} after no. {after}, and this "
                   "database has them up to no. {have}: import the bundles written before it "
                   "first, or export again with --all at the site. Nothing of the bundle was imported."),
                code=code, after=after, have=have)
        expected = after + 1
        fresh: list[dict[str, Any]] = []
        for row in chain["rows"]:
            number = chain_number(name, row)
            if number != expected or row["prev_hash"] != prev or recomputed_hash(name, row) != row["hash"]:
                raise BundleRefused(N_("Document no. {number} of {code} in the bundle does not "
                                       "follow its chain: it was changed at the site. "
                                       "Nothing of the bundle was imported."),
                                    number=number, code=code)
            if number == have and row["hash"] != have_hash:
                raise BundleRefused(N_("Document no. {number} of {code} in the bundle differs "
                                       "from the one received before. Nothing of the bundle was imported."),
                                    number=number, code=code)
            if number > have:
                fresh.append(row)
            else:
                self.done.already_here += 1
            prev, expected = row["hash"], number + 1
        if fresh and fresh[0]["prev_hash"] != have_hash:
            raise BundleRefused(N_("Document no. {number} of {code} in the bundle differs "
                                   "from the one received before. Nothing of the bundle was imported."),
                                number=chain_number(name, fresh[0]) - 1, code=code)
        return local_name, fresh

    def apply(self, body: Mapping[str, Any]) -> Imported:
        """Check and write every chain of the bundle (refusing it whole on the first fault)."""
        self.map_catalog(body)
        checked = [(chain["name"], *self.new_rows(chain)) for chain in body["chains"]]
        self._sessions(body["sessions"])
        sale_rows = [(local, row) for name, local, rows in checked if name.startswith("sales:")
                     for row in rows]
        self._sales(sale_rows)
        for name, _local, rows in checked:
            kind = name.partition(":")[0]
            if kind == "stock":
                self._stock_docs(rows)
            elif kind in ("cash", "z", "closing"):
                self._simple(kind, rows)
            elif name == journal.EVENTS_CHAIN:
                self._events(rows)
        for name, local, rows in checked:
            if rows:
                self._advance(name, local, rows[-1])
        self.pairs.flush()
        touched = {self.pairs.local("register", int(r["register_id"])) for _, r in sale_rows}
        if touched:
            SummaryRepo(self.conn).rebuild(register_ids=touched)
        return self.done

    def _advance(self, name: str, local: str, last: Mapping[str, Any]) -> None:
        number, digest = chain_number(name, last), str(last["hash"])
        known = select(exchange_chains.c.name).where(exchange_chains.c.name == local)
        if self.conn.execute(known).first() is None:
            self.conn.execute(insert(exchange_chains).values(name=local, origin_id=self.origin_id,
                                                             remote_name=name))
        updated = self.conn.execute(update(chain_heads).where(chain_heads.c.name == local)
                                    .values(last_seq=number, last_hash=digest))
        if not updated.rowcount:
            self.conn.execute(insert(chain_heads).values(name=local, last_seq=number, last_hash=digest))

    # -- documents ------------------------------------------------------------------------
    def _sessions(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            values = refs.translate({k: v for k, v in row.items() if k != "id"}, refs.SESSION,
                                    self.pairs.local)
            found = self.conn.execute(select(cash_sessions.c.id, cash_sessions.c.status).where(
                cash_sessions.c.register_id == values["register_id"],
                cash_sessions.c.number == values["number"])).first()
            if found is None:
                local = new_id(self.conn.execute(insert(cash_sessions).values(**values)))
                self.done.sessions += 1
            else:
                local = int(found[0])
                if found[1] == "open" and values["status"] != "open":
                    self.conn.execute(update(cash_sessions).where(cash_sessions.c.id == local).values(
                        status=values["status"], closed_at=values["closed_at"],
                        closed_by_id=values["closed_by_id"]))
                    self.done.sessions += 1
            self.pairs.pair("session", int(row["id"]), local)

    def _sales(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        """The new sales of every register at once, oldest first: a refund at one register may
        name a sale of another, written before it."""
        if not rows:
            return
        rows.sort(key=lambda item: (item[1]["created_at"], item[0], item[1]["number"]))
        line_count = sum(len(r["lines"]) for _, r in rows)
        next_sale = reserve_ids(self.conn, sales, len(rows))
        next_line = reserve_ids(self.conn, sale_lines, line_count)
        sale_batch: list[dict[str, Any]] = []
        line_batch: list[dict[str, Any]] = []
        pay_batch: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        local = self.pairs.local
        for _, row in rows:
            sale = refs.translate({k: v for k, v in row.items() if k not in ("lines", "payments")},
                                  refs.SALE, local)
            sale["id"] = next_sale
            self.pairs.pair("sale", int(row["id"]), next_sale)
            site_id = self.local_site_of_register[sale["register_id"]]
            movement_kind = "sale" if sale["kind"] == "sale" else "refund"
            for line in row["lines"]:
                values = refs.translate(line, refs.SALE_LINE, local)
                values["id"], values["sale_id"] = next_line, next_sale
                self.pairs.pair("sale_line", int(line["id"]), next_line)
                line_batch.append(values)
                moves.append({"site_id": site_id, "product_id": values["product_id"],
                              "quantity": -int(values["quantity"]), "kind": movement_kind,
                              "sale_line_id": next_line, "stock_doc_line_id": None,
                              "created_at": sale["created_at"]})
                next_line += 1
            pay_batch.extend({**p, "sale_id": next_sale} for p in row["payments"])
            sale_batch.append(sale)
            next_sale += 1
        _many(self.conn, sales, sale_batch)
        _many(self.conn, sale_lines, line_batch)
        _many(self.conn, payments, pay_batch)
        _many(self.conn, stock_movements, moves)
        self.done.sales += len(sale_batch)

    def _stock_docs(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            doc = refs.translate({k: v for k, v in row.items() if k not in ("id", "lines")},
                                 refs.STOCK_DOC, self.pairs.local)
            doc_id = new_id(self.conn.execute(insert(stock_docs).values(**doc)))
            sign = -1 if doc["kind"] == "return" else 1
            for line in row["lines"]:
                values = refs.translate({k: v for k, v in line.items() if k != "id"},
                                        refs.STOCK_LINE, self.pairs.local)
                line_id = new_id(self.conn.execute(insert(stock_doc_lines).values(
                    **values, doc_id=doc_id)))
                self.conn.execute(insert(stock_movements).values(
                    site_id=doc["site_id"], product_id=values["product_id"],
                    quantity=sign * int(values["quantity"]), kind=doc["kind"], sale_line_id=None,
                    stock_doc_line_id=line_id, created_at=doc["created_at"]))
            self.done.stock_documents += 1

    def _simple(self, kind: str, rows: Sequence[Mapping[str, Any]]) -> None:
        table, columns = {"cash": (cash_movements, refs.CASH_MOVE), "z": (z_reports, refs.Z_REPORT),
                          "closing": (closings, refs.CLOSING)}[kind]
        batch = [refs.translate({k: v for k, v in row.items() if k != "id"}, columns, self.pairs.local)
                 for row in rows]
        _many(self.conn, table, batch)
        counted = {"cash": "cash_movements", "z": "z_reports", "closing": "closings"}[kind]
        setattr(self.done, counted, getattr(self.done, counted) + len(batch))

    def _events(self, rows: Sequence[Mapping[str, Any]]) -> None:
        batch = [{**refs.translate({k: v for k, v in row.items() if k != "id"}, refs.EVENT,
                                   self.pairs.local), "origin_id": self.origin_id} for row in rows]
        _many(self.conn, remote_events, batch)
        self.done.events += len(batch)


def counts_by_origin(conn: Connection) -> dict[int, dict[str, int]]:
    """How many documents of each kind every origin's chains hold here (their heads)."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for origin_id, remote, seq in conn.execute(
            select(exchange_chains.c.origin_id, exchange_chains.c.remote_name, chain_heads.c.last_seq)
            .join(chain_heads, chain_heads.c.name == exchange_chains.c.name)):
        kind = str(remote).partition(":")[0]
        found[int(origin_id)][kind] = found[int(origin_id)].get(kind, 0) + int(seq)
    return found
