"""The catalog head office sends to its sites, and a site taking it in.

Rows travel by their codes (sites, registers, cooperatives), SKU (products) and login
(users); each side keeps its own ids. Taking a catalog in adds and updates those rows and
never touches a document: a site's sales, stock and closings stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from possouk.domain.errors import N_, BundleRefused
from possouk.domain.text import search_terms
from possouk.storage.catalog_repo import CatalogRepo
from possouk.storage.schema import cooperatives, products, registers, sites, users

USER_COLUMNS = ("login", "display_name", "role", "pin_salt", "pin_hash", "active")


@dataclass
class CatalogChanges:
    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    prices: int = 0

    def note(self, what: str, key: str, new: bool) -> None:
        (self.added if new else self.changed).setdefault(what, []).append(key)

    @property
    def empty(self) -> bool:
        return not self.added and not self.changed


def _rows(conn: Connection, table: Table, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    picked = [table.c[c] for c in columns] if columns else [table]
    return [dict(r) for r in conn.execute(select(*picked).order_by(table.c.id)).mappings()]


def catalog_body(conn: Connection) -> dict[str, Any]:
    """Every site, register, cooperative, product and user of this database (users with their
    PIN's salt and hash, so that they log in at the sites with the same PIN)."""
    site_codes = {r["id"]: r["code"] for r in _rows(conn, sites)}
    coop_codes = {r["id"]: r["code"] for r in _rows(conn, cooperatives)}
    return {
        "sites": [{k: v for k, v in r.items() if k != "id"} for r in _rows(conn, sites)],
        "registers": [{"code": r["code"], "site": site_codes[r["site_id"]]}
                      for r in _rows(conn, registers)],
        "cooperatives": [{k: v for k, v in r.items() if k != "id"} for r in _rows(conn, cooperatives)],
        "products": [{**{k: v for k, v in r.items() if k not in ("id", "cooperative_id")},
                      "cooperative": coop_codes[r["cooperative_id"]]} for r in _rows(conn, products)],
        "users": _rows(conn, users, ("id", *USER_COLUMNS)),
    }


def _differs(row: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return any(row[k] != v for k, v in values.items())


def apply_catalog(conn: Connection, body: Mapping[str, Any], at: str) -> CatalogChanges:
    """Add and update this database's catalog from head office's (in the caller's transaction)."""
    changes = CatalogChanges()
    _upsert(conn, sites, "code", [{k: v for k, v in r.items()} for r in body["sites"]], "sites",
            changes)
    site_ids = {r.code: r.id for r in conn.execute(select(sites.c.id, sites.c.code))}
    _upsert(conn, registers, "code", [{"code": r["code"], "site_id": site_ids[r["site"]]}
                                      for r in body["registers"]], "registers", changes)
    _upsert(conn, cooperatives, "code", list(body["cooperatives"]), "cooperatives", changes)
    coop_ids = {r.code: r.id for r in conn.execute(select(cooperatives.c.id, cooperatives.c.code))}
    _products(conn, body["products"], coop_ids, changes, at)
    users_rows = [{k: r[k] for k in USER_COLUMNS} for r in body["users"]]
    _upsert(conn, users, "login", users_rows, "users", changes)
    return changes


def _upsert(conn: Connection, table: Table, key: str, rows: Sequence[dict[str, Any]], what: str,
            changes: CatalogChanges) -> None:
    existing = {r[key]: r for r in _rows(conn, table)}
    for values in rows:
        row = existing.get(values[key])
        if row is None:
            conn.execute(insert(table).values(**values))
            changes.note(what, str(values[key]), True)
        elif _differs(row, values):
            conn.execute(update(table).where(table.c.id == row["id"]).values(**values))
            changes.note(what, str(values[key]), False)


def _products(conn: Connection, rows: Sequence[Mapping[str, Any]], coop_ids: Mapping[str, int],
              changes: CatalogChanges, at: str) -> None:
    catalog = CatalogRepo(conn)
    existing = {r["sku"]: r for r in _rows(conn, products)}
    by_barcode = {r["barcode"]: r["sku"] for r in existing.values()}
    by_scale = {r["scale_code"]: r["sku"] for r in existing.values() if r["scale_code"] is not None}
    history: list[dict[str, Any]] = []
    for incoming in rows:
        values = {k: v for k, v in incoming.items() if k != "cooperative"}
        values["cooperative_id"] = coop_ids[incoming["cooperative"]]
        sku = values["sku"]
        owner = by_barcode.get(values["barcode"])
        if owner is not None and owner != sku:
            raise BundleRefused(N_("Product {sku} of head office has the barcode {barcode}, which "
                                   "is product {other}'s in this database. "
                                   "Nothing of the bundle was imported."),
                                sku=sku, barcode=values["barcode"], other=owner)
        scale_owner = by_scale.get(values.get("scale_code"))
        if scale_owner is not None and scale_owner != sku:
            values["scale_code"] = existing[sku]["scale_code"] if sku in existing else None
        terms = search_terms(values["name_ar"], values["name_fr"], values["category"])
        row = existing.get(sku)
        if row is None:
            product_id = catalog.add_product(values, terms)
            history.append({"product_id": product_id, "price": values["price"],
                            "min_price": values["min_price"], "changed_at": at, "user_id": None})
            changes.note("products", sku, True)
        elif _differs(row, values):
            catalog.update_product(row["id"], values)
            if (row["name_ar"], row["name_fr"], row["category"]) != (
                    values["name_ar"], values["name_fr"], values["category"]):
                catalog.set_terms(row["id"], terms)
            if (row["price"], row["min_price"]) != (values["price"], values["min_price"]):
                history.append({"product_id": row["id"], "price": values["price"],
                                "min_price": values["min_price"], "changed_at": at, "user_id": None})
                changes.prices += 1
            changes.note("products", sku, False)
    catalog.add_price_history(history)
