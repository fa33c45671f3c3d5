"""Parked carts kept in the database, per register: closing the window or a crash loses none.

A parked cart is not a sale (nothing is recorded in the ledger); it is kept as a
setting of the register, rewritten whole each time a cart is parked or recalled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from possouk.services.cart import Cart, cart_from_data, cart_to_data
from possouk.storage.uow import Database

__all__ = ["Parked", "load_parked", "save_parked"]


@dataclass
class Parked:
    """A cart set aside, when, and by whom."""

    cart: Cart
    parked_at: float  # time.time(); kept to the second
    cashier: str


def _key(register_code: str) -> str:
    return f"parked_carts:{register_code}"


def save_parked(db: Database, register_code: str, parked: Sequence[Parked]) -> None:
    """Keep the register's parked carts (replacing what was kept)."""
    data = [{"cart": cart_to_data(p.cart), "parked_at": p.parked_at, "cashier": p.cashier}
            for p in parked]
    with db.write() as uow:
        uow.store.set_setting(_key(register_code), data)
        uow.commit()


def load_parked(db: Database, register_code: str) -> list[Parked]:
    """The register's parked carts as they were kept, with today's products."""
    with db.read() as uow:
        kept = uow.store.get_setting(_key(register_code)) or []
        ids = {int(line["product_id"]) for p in kept for line in p["cart"].get("items", [])}
        products = uow.catalog.products_by_ids(ids) if ids else {}
    parked = [Parked(cart_from_data(p["cart"], products), int(p["parked_at"]), str(p["cashier"]))
              for p in kept]
    return [p for p in parked if p.cart.items]
