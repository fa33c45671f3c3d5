"""Which columns of an exchanged document name another row, and turning them from one
database's ids into another's.

A site's documents are hashed with the site's ids. The head office stores them with its
own ids and pairs the two in ``exchange_ids``; the same tables below serve the import
(site ids → head office ids) and ``verify`` (back to the site's, to recompute its hashes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, select

from possouk.storage import journal
from possouk.storage.schema import exchange_ids

Refs = Mapping[str, str]
"""Column name → the entity its id names."""

SALE = {"register_id": "register", "cashier_id": "user", "approved_by_id": "user",
        "refund_of_sale_id": "sale"}
SALE_LINE = {"product_id": "product", "cooperative_id": "cooperative",
             "refund_of_line_id": "sale_line"}
STOCK_DOC = {"site_id": "site", "cooperative_id": "cooperative", "user_id": "user"}
STOCK_LINE = {"product_id": "product"}
SESSION = {"register_id": "register", "opened_by_id": "user", "closed_by_id": "user"}
CASH_MOVE = {"register_id": "register", "session_id": "session", "user_id": "user"}
Z_REPORT = {"register_id": "register", "session_id": "session", "closed_by_id": "user",
            "approved_by_id": "user"}
CLOSING = {"site_id": "site", "closed_by_id": "user"}
EVENT = {"user_id": "user"}
PRODUCT = {"cooperative_id": "cooperative"}

Lookup = Callable[[str, int], int]


class UnknownId(LookupError):
    """An id with no pair: the document names a row the bundle did not describe."""

    def __init__(self, entity: str, value: int) -> None:
        super().__init__(f"{entity} {value}")
        self.entity = entity
        self.value = value


def translate(row: Mapping[Any, Any], refs: Refs, lookup: Lookup) -> dict[str, Any]:
    """``row`` with each id of ``refs`` replaced by ``lookup(entity, id)``; None stays None."""
    out = dict(row)
    for column, entity in refs.items():
        value = out.get(column)
        if value is not None:
            out[column] = lookup(entity, int(value))
    return out


def translate_values(values: Sequence[Any], positions: Mapping[int, str], lookup: Lookup) -> list[Any]:
    """The same for a row already read as its values in hash order (``verify``'s fast path)."""
    out = list(values)
    for index, entity in positions.items():
        if out[index] is not None:
            out[index] = lookup(entity, int(out[index]))
    return out


def positions(fields: Sequence[str], refs: Refs) -> dict[int, str]:
    return {fields.index(column): entity for column, entity in refs.items() if column in fields}


SALE_LINE_POSITIONS = positions(journal.SALE_LINE_FIELDS, SALE_LINE)


class IdPairs:
    """The id pairs of one origin, both ways, loaded once."""

    def __init__(self, conn: Connection, origin_id: int) -> None:
        self.conn = conn
        self.origin_id = origin_id
        self.to_local: dict[str, dict[int, int]] = defaultdict(dict)
        self.to_remote: dict[str, dict[int, int]] = defaultdict(dict)
        for entity, remote, local in conn.execute(
                select(exchange_ids.c.entity, exchange_ids.c.remote_id, exchange_ids.c.local_id)
                .where(exchange_ids.c.origin_id == origin_id)):
            self.to_local[entity][int(remote)] = int(local)
            self.to_remote[entity][int(local)] = int(remote)
        self._new: list[dict[str, Any]] = []

    def local(self, entity: str, remote: int) -> int:
        try:
            return self.to_local[entity][remote]
        except KeyError:
            raise UnknownId(entity, remote) from None

    def remote(self, entity: str, local: int) -> int:
        try:
            return self.to_remote[entity][local]
        except KeyError:
            raise UnknownId(entity, local) from None

    def pair(self, entity: str, remote: int, local: int) -> None:
        """Record a new pair (written by :meth:`flush`); an existing pair is kept."""
        if remote in self.to_local[entity]:
            return
        self.to_local[entity][remote] = local
        self.to_remote[entity][local] = remote
        self._new.append({"origin_id": self.origin_id, "entity": entity, "remote_id": remote,
                          "local_id": local})

    def pair_many(self, entity: str, pairs: Iterable[tuple[int, int]]) -> None:
        for remote, local in pairs:
            self.pair(entity, remote, local)

    def flush(self) -> None:
        from sqlalchemy import insert

        for start in range(0, len(self._new), 5_000):
            self.conn.execute(insert(exchange_ids), self._new[start:start + 5_000])
        self._new.clear()
