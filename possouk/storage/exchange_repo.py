"""The bookkeeping of the exchange: the other databases known here, and how far each chain
was acknowledged or received."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from possouk.storage import journal
from possouk.storage.exchange_export import acknowledged, exported_chains
from possouk.storage.schema import (
    chain_heads,
    exchange_acks,
    exchange_chains,
    exchange_origins,
    registers,
    remote_events,
    sites,
)

JOURNAL_KINDS = ("sales", "cash", "z", "stock", "closing")


@dataclass(frozen=True)
class Origin:
    id: int
    database_id: str
    public_key: str
    role: str
    name: str
    first_seen_at: str
    last_import_at: str | None
    last_bundle_at: str | None
    bundles: int


class ExchangeRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def origin(self, database_id: str) -> Origin | None:
        row = self.conn.execute(select(exchange_origins)
                                .where(exchange_origins.c.database_id == database_id)).first()
        return None if row is None else Origin(**row._mapping)

    def origins(self) -> list[Origin]:
        return [Origin(**r._mapping) for r in self.conn.execute(
            select(exchange_origins).order_by(exchange_origins.c.role, exchange_origins.c.name))]

    def add_origin(self, database_id: str, public_key: str, role: str, name: str, at: str) -> Origin:
        self.conn.execute(insert(exchange_origins).values(
            database_id=database_id, public_key=public_key, role=role, name=name,
            first_seen_at=at, bundles=0))
        found = self.origin(database_id)
        assert found is not None
        return found

    def note_import(self, origin_id: int, name: str, at: str, written_at: str) -> None:
        newest = self.conn.scalar(select(exchange_origins.c.last_bundle_at)
                                  .where(exchange_origins.c.id == origin_id))
        self.conn.execute(update(exchange_origins).where(exchange_origins.c.id == origin_id).values(
            name=name, last_import_at=at, bundles=exchange_origins.c.bundles + 1,
            last_bundle_at=max(str(newest or ""), written_at)))

    def received(self, origin_id: int) -> dict[str, tuple[int, str]]:
        """How far this database holds each chain of the origin, by the origin's chain name."""
        return {str(remote): (int(seq), str(digest)) for remote, seq, digest in self.conn.execute(
            select(exchange_chains.c.remote_name, chain_heads.c.last_seq, chain_heads.c.last_hash)
            .join(chain_heads, chain_heads.c.name == exchange_chains.c.name)
            .where(exchange_chains.c.origin_id == origin_id))}

    def received_documents(self) -> dict[int, int]:
        """The documents held here of each origin (the sum of its chains' heads)."""
        found: dict[int, int] = {}
        for origin_id, seq in self.conn.execute(
                select(exchange_chains.c.origin_id, chain_heads.c.last_seq)
                .join(chain_heads, chain_heads.c.name == exchange_chains.c.name)):
            found[int(origin_id)] = found.get(int(origin_id), 0) + int(seq)
        return found

    def remote_event_count(self, origin_id: int) -> int:
        return int(self.conn.scalar(select(func.count()).select_from(remote_events)
                                    .where(remote_events.c.origin_id == origin_id)) or 0)

    # at a site ---------------------------------------------------------------------------
    def set_acknowledged(self, acks: dict[str, tuple[int, str]]) -> None:
        """Replace head office's acknowledgement of this database's chains (those it names)."""
        for name, (seq, digest) in acks.items():
            self.conn.execute(delete(exchange_acks).where(exchange_acks.c.name == name))
            self.conn.execute(insert(exchange_acks).values(name=name, last_seq=seq, last_hash=digest))

    def own_sites(self) -> list[str]:
        """The codes of the sites this database's own chains hold documents of."""
        site_ids: set[int] = set()
        register_ids: set[int] = set()
        for name, (seq, _digest) in exported_chains(self.conn).items():
            kind, _, rest = name.partition(":")
            if not seq or kind not in JOURNAL_KINDS:
                continue
            owner = int(rest.partition(":")[0])
            (register_ids if kind in ("sales", "cash", "z") else site_ids).add(owner)
        site_ids.update(self.conn.scalars(select(registers.c.site_id)
                                          .where(registers.c.id.in_(register_ids))))
        return sorted(self.conn.scalars(select(sites.c.code).where(sites.c.id.in_(site_ids))))

    def pending(self) -> dict[str, int]:
        """Documents of each of this database's chains that head office has not acknowledged."""
        acks = acknowledged(self.conn)
        out: dict[str, int] = {}
        for name, (seq, _digest) in exported_chains(self.conn).items():
            acked = acks.get(name, (0, journal.GENESIS))[0]
            out[name] = seq - acked if acked <= seq else seq
        return out

