"""The child process of the crash test: records sales (and a few refunds) until it is killed.

Usage: ``python crash_child.py DB_PATH SEED``. Prints ``ready`` once the database
is open, then ``sale N`` / ``refund N`` after each commit (flushed), so the
parent knows which numbers were promised to a customer before the SIGKILL.
"""

from __future__ import annotations

import random
import sys
import uuid

from possouk.domain.model import PaymentMethod, Product, Sale, Unit, User
from possouk.services import catalog, refunds, users
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.storage.uow import Database, open_database

REGISTER = "MEK1"


def _quantity(rng: random.Random, product: Product) -> int:
    if product.unit is Unit.PIECE:
        return 1000 * rng.randint(1, 3)
    return rng.randint(100, 2500)  # 0.100 – 2.500 kg or l


def _sell(db: Database, rng: random.Random, cashier: User, products: list[Product]) -> Sale:
    picked = rng.sample(products, rng.randint(1, min(3, len(products))))
    lines = [(p, _quantity(rng, p)) for p in picked]
    total = sum((q * p.price + 500) // 1000 for p, q in lines)
    if rng.random() < 0.3 and total > 100:
        card = rng.randint(1, total - 1)
        pays = [PaymentInput(PaymentMethod.CARD, card), PaymentInput(PaymentMethod.CASH, total - card)]
    else:
        pays = [PaymentInput(PaymentMethod.CASH, total + rng.choice((0, 0, 500, 1000)))]
    return checkout(db, CheckoutRequest(
        client_key=uuid.uuid4().hex, register_code=REGISTER, cashier=cashier,
        lines=[CartLine(p.id, q) for p, q in lines], payments=pays,
    ))


def main(argv: list[str]) -> None:
    path, seed = argv[1], int(argv[2])
    rng = random.Random(seed)
    db = open_database(path)
    people = {u.login: u for u in users.users(db)}
    cashier, supervisor = people["amina"], people["karim"]
    products = [p for p in catalog.products(db) if p.active]
    sold: list[Sale] = []
    print("ready", flush=True)
    while True:
        if sold and rng.random() < 0.1:
            original = sold.pop(rng.randrange(len(sold)))
            line = rng.choice(original.lines)
            back = refunds.refund(db, refunds.RefundRequest(
                uuid.uuid4().hex, REGISTER, supervisor, original.id,
                [refunds.RefundLine(line.id, line.quantity if line.unit is not Unit.PIECE else 1000)],
            ))
            print(f"refund {back.number}", flush=True)
        else:
            sale = _sell(db, rng, cashier, products)
            sold.append(sale)
            print(f"sale {sale.number}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
