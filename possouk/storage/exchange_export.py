"""What a site's database sends to head office: its journals after what head office has
acknowledged, with the rows of the catalog they name (plain JSON-ready data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, select, text

from possouk.storage import exchange_refs as refs
from possouk.storage import journal
from possouk.storage.schema import (
    cash_movements,
    cash_sessions,
    chain_heads,
    closings,
    cooperatives,
    events,
    exchange_acks,
    exchange_chains,
    payments,
    products,
    registers,
    sale_lines,
    sales,
    sites,
    stock_doc_lines,
    stock_docs,
    users,
    z_reports,
)

JOURNAL_PREFIXES = ("sales:", "cash:", "z:", "stock:", "closing:")
"""The chains a site sends (with ``events``); settlements are issued at head office."""

USER_COLUMNS = ("id", "login", "display_name", "role")  # never the PIN's salt and hash


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(query).mappings()]


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[int(row.pop(key))].append(row)
    return grouped


def exported_chains(conn: Connection) -> dict[str, tuple[int, str]]:
    """This database's own journal chains (not those imported from elsewhere) and their heads."""
    imported = set(conn.scalars(select(exchange_chains.c.name)))
    return {
        str(r.name): (int(r.last_seq), str(r.last_hash))
        for r in conn.execute(select(chain_heads))
        if r.name not in imported and (r.name == journal.EVENTS_CHAIN
                                       or str(r.name).startswith(JOURNAL_PREFIXES))
    }


def acknowledged(conn: Connection) -> dict[str, tuple[int, str]]:
    return {str(r.name): (int(r.last_seq), str(r.last_hash))
            for r in conn.execute(select(exchange_acks))}


def _chain_rows(conn: Connection, name: str, after: int) -> list[dict[str, Any]]:
    """The documents of chain ``name`` numbered after ``after``, in order, lines included."""
    kind, _, rest = name.partition(":")
    if kind == "sales":
        register_id = int(rest)
        found = _rows(conn, select(sales).where(sales.c.register_id == register_id,
                                                sales.c.number > after).order_by(sales.c.number))
        ids = select(sales.c.id).where(sales.c.register_id == register_id, sales.c.number > after)
        lines = _by(_rows(conn, select(sale_lines).where(sale_lines.c.sale_id.in_(ids))
                          .order_by(sale_lines.c.sale_id, sale_lines.c.line_no)), "sale_id")
        pays = _by(_rows(conn, select(payments).where(payments.c.sale_id.in_(ids))
                         .order_by(payments.c.sale_id, payments.c.seq)), "sale_id")
        for row in found:
            row["lines"] = lines.get(row["id"], [])
            row["payments"] = [{k: v for k, v in p.items() if k != "id"}
                               for p in pays.get(row["id"], [])]
        return found
    if kind == "stock":
        site_text, _, stock_kind = rest.partition(":")
        where = and_(stock_docs.c.site_id == int(site_text), stock_docs.c.kind == stock_kind,
                     stock_docs.c.number > after)
        found = _rows(conn, select(stock_docs).where(where).order_by(stock_docs.c.number))
        lines = _by(_rows(conn, select(stock_doc_lines)
                          .where(stock_doc_lines.c.doc_id.in_(select(stock_docs.c.id).where(where)))
                          .order_by(stock_doc_lines.c.doc_id, stock_doc_lines.c.line_no)), "doc_id")
        for row in found:
            row["lines"] = lines.get(row["id"], [])
        return found
    if kind == "closing":
        site_text, _, closing_kind = rest.partition(":")
        return _rows(conn, select(closings).where(
            closings.c.site_id == int(site_text), closings.c.kind == closing_kind,
            closings.c.number > after).order_by(closings.c.number))
    if kind in ("cash", "z"):
        table: Table = cash_movements if kind == "cash" else z_reports
        return _rows(conn, select(table).where(table.c.register_id == int(rest),
                                               table.c.number > after).order_by(table.c.number))
    if name == journal.EVENTS_CHAIN:
        return _rows(conn, select(events).where(events.c.seq > after).order_by(events.c.seq))
    raise ValueError(name)


def journal_body(conn: Connection, *, everything: bool) -> dict[str, Any]:
    """Every document of this database's chains after head office's acknowledgement (all of
    them with ``everything``), the cash sessions they name or that are open, and the rows of
    the sites, registers, users, cooperatives and products they name."""
    if conn.dialect.name == "postgresql":
        # Registers keep selling while the bundle is read: one snapshot for every query, so
        # that a chain, the sessions and the catalog rows agree (SQLite's read is one already).
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
    heads = exported_chains(conn)
    acks = {} if everything else acknowledged(conn)
    chains: list[dict[str, Any]] = []
    for name in sorted(heads):
        after = acks.get(name, (0, journal.GENESIS))
        if after[0] > heads[name][0]:
            after = (0, journal.GENESIS)  # acknowledged beyond this database: send it all
        if after[0] == heads[name][0]:
            continue
        rows = _chain_rows(conn, name, after[0])
        if rows and after[0] and rows[0]["prev_hash"] != after[1]:
            # What head office holds is not this chain (a restored database): send it all.
            after, rows = (0, journal.GENESIS), _chain_rows(conn, name, 0)
        chains.append({"name": name, "after": list(after), "rows": rows})

    session_ids = {int(r["session_id"]) for c in chains if c["name"].startswith(("cash:", "z:"))
                   for r in c["rows"]}
    sessions = _rows(conn, select(cash_sessions).where(
        cash_sessions.c.id.in_(session_ids) | (cash_sessions.c.status == "open"))
        .order_by(cash_sessions.c.id))
    return {"chains": chains, "sessions": sessions, **_catalog_named(conn, chains, sessions)}


def _catalog_named(conn: Connection, chains: Sequence[dict[str, Any]],
                   sessions: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    named: dict[str, set[int]] = defaultdict(set)

    def note(row: Mapping[str, Any], columns: refs.Refs) -> None:
        for column, entity in columns.items():
            if row.get(column) is not None:
                named[entity].add(int(row[column]))

    by_kind = {"sales": refs.SALE, "stock": refs.STOCK_DOC, "cash": refs.CASH_MOVE,
               "z": refs.Z_REPORT, "closing": refs.CLOSING, "events": refs.EVENT}
    for chain in chains:
        columns = by_kind[chain["name"].partition(":")[0]]
        line_columns = refs.SALE_LINE if columns is refs.SALE else refs.STOCK_LINE
        for row in chain["rows"]:
            note(row, columns)
            for line in row.get("lines", ()):
                note(line, line_columns)
    for session in sessions:
        note(session, refs.SESSION)
    register_rows = _rows(conn, select(registers).where(registers.c.id.in_(named["register"])))
    named["site"].update(int(r["site_id"]) for r in register_rows)
    product_rows = _rows(conn, select(products).where(products.c.id.in_(named["product"])))
    named["cooperative"].update(int(r["cooperative_id"]) for r in product_rows)
    return {
        "sites": _rows(conn, select(sites).where(sites.c.id.in_(named["site"]))),
        "registers": register_rows,
        "users": _rows(conn, select(*(users.c[c] for c in USER_COLUMNS))
                       .where(users.c.id.in_(named["user"]))),
        "cooperatives": _rows(conn, select(cooperatives)
                              .where(cooperatives.c.id.in_(named["cooperative"]))),
        "products": product_rows,
    }


def chain_number(name: str, row: Mapping[str, Any]) -> int:
    """The number a document has in its chain (``seq`` for the event log)."""
    return int(row["seq"] if name == journal.EVENTS_CHAIN else row["number"])
