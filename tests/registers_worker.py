"""One register's process for the concurrency test (tests/storage/test_registers_concurrency.py):
sells ``count`` sales of random lines at a register, as fast as it can."""

from __future__ import annotations

import random
import sys
import uuid

from possouk.domain.errors import UserError
from possouk.domain.model import PaymentMethod
from possouk.services import users
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.storage.uow import open_database


def sell(url: str, register: str, count: int, seed: int) -> tuple[int, int]:
    """(sales recorded, sales refused for lack of stock)."""
    db = open_database(url, upgrade=False)
    cashier = users.authenticate(db, "amina", "1111")
    rng = random.Random(seed)
    with db.read() as uow:
        products = [p for p in uow.catalog.products() if p.active]
    done = refused = 0
    for _ in range(count):
        picks = rng.sample(products, k=rng.randint(1, 3))
        lines = [CartLine(p.id, 1000 * rng.randint(1, 2)) for p in picks]
        total = sum((line.quantity * p.price + 500) // 1000 for line, p in zip(lines, picks, strict=True))
        request = CheckoutRequest(client_key=uuid.uuid4().hex, register_code=register,
                                  cashier=cashier, lines=lines,
                                  payments=[PaymentInput(PaymentMethod.CASH, total)])
        try:
            checkout(db, request)
            done += 1
        except UserError:
            refused += 1
    db.close()
    return done, refused


if __name__ == "__main__":
    url, register, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print(*sell(url, register, count, seed))
