"""Store identity and settings, sites, registers and named sequences."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from possouk.domain.model import Register, Site, Store
from possouk.storage.engine import Prepared
from possouk.storage.rows import day_text, new_id, parse_day, to_site
from possouk.storage.schema import registers, sequences, settings, sites

STORE_KEY = "store"
_STORE_FIELDS = frozenset(f.name for f in fields(Store))

# Read on every sale: prepared once (see possouk.storage.engine.Prepared).
_SETTING = Prepared(select(settings.c.value).where(settings.c.key == bindparam("key")))
_REGISTER_COLUMNS = (registers.c.id, registers.c.code, registers.c.site_id, sites.c.code)
_REGISTER_BY_CODE = Prepared(
    select(*_REGISTER_COLUMNS).join(sites, sites.c.id == registers.c.site_id)
    .where(registers.c.code == bindparam("code"))
)
_SITE = Prepared(
    select(sites.c.id, sites.c.code, sites.c.name_ar, sites.c.name_fr, sites.c.starts_on,
           sites.c.ends_on, sites.c.allow_oversell)
    .where(sites.c.id == bindparam("site_id"))
)


class StoreRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # settings -----------------------------------------------------------
    def get_setting(self, key: str) -> Any | None:
        """A setting's value (decoded JSON), or None when it was never set."""
        value = _SETTING.scalar(self.conn, {"key": key})
        return None if value is None else json.loads(value)

    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        done = self.conn.execute(update(settings).where(settings.c.key == key).values(value=text))
        if done.rowcount == 0:
            self.conn.execute(insert(settings).values(key=key, value=text))

    def store(self) -> Store:
        data = self.get_setting(STORE_KEY) or {}
        return Store(**{k: v for k, v in data.items() if k in _STORE_FIELDS})

    def save_store(self, store: Store) -> None:
        self.set_setting(STORE_KEY, asdict(store))

    # sequences ----------------------------------------------------------
    def next_in_sequence(self, name: str, start: int = 1) -> int:
        """Take the next number of a named sequence (inside the current transaction)."""
        current = self.conn.scalar(
            select(sequences.c.value).where(sequences.c.name == name).with_for_update()
        )
        if current is None:
            self.conn.execute(insert(sequences).values(name=name, value=start))
            return start
        self.conn.execute(
            update(sequences).where(sequences.c.name == name).values(value=current + 1)
        )
        return int(current) + 1

    # sites and registers --------------------------------------------------
    def add_site(
        self, code: str, name_ar: str, name_fr: str, starts_on: date | None,
        ends_on: date | None, allow_oversell: bool,
    ) -> int:
        return new_id(self.conn.execute(insert(sites).values(
            code=code, name_ar=name_ar, name_fr=name_fr, starts_on=day_text(starts_on),
            ends_on=day_text(ends_on), allow_oversell=allow_oversell,
        )))

    def update_site(self, site_id: int, **values: Any) -> None:
        for key in ("starts_on", "ends_on"):
            if key in values:
                values[key] = day_text(values[key])
        self.conn.execute(update(sites).where(sites.c.id == site_id).values(**values))

    def sites(self) -> list[Site]:
        return [to_site(r) for r in self.conn.execute(select(sites).order_by(sites.c.code))]

    def site_by_code(self, code: str) -> Site | None:
        row = self.conn.execute(select(sites).where(sites.c.code == code)).first()
        return to_site(row) if row else None

    def site(self, site_id: int) -> Site:
        r = _SITE.one(self.conn, {"site_id": site_id})
        return Site(id=r[0], code=r[1], name_ar=r[2], name_fr=r[3], starts_on=parse_day(r[4]),
                    ends_on=parse_day(r[5]), allow_oversell=bool(r[6]))

    def add_register(self, code: str, site_id: int) -> int:
        return new_id(self.conn.execute(
            insert(registers).values(code=code, site_id=site_id)
        ))

    def _register_query(self) -> Any:
        return select(
            registers.c.id, registers.c.code, registers.c.site_id, sites.c.code.label("site_code")
        ).join(sites, sites.c.id == registers.c.site_id)

    def registers(self) -> list[Register]:
        rows = self.conn.execute(self._register_query().order_by(registers.c.code))
        return [Register(r.id, r.code, r.site_id, r.site_code) for r in rows]

    def register_by_code(self, code: str) -> Register | None:
        r = _REGISTER_BY_CODE.first(self.conn, {"code": code})
        return Register(r[0], r[1], r[2], r[3]) if r else None

    def register(self, register_id: int) -> Register:
        r = self.conn.execute(self._register_query().where(registers.c.id == register_id)).one()
        return Register(r.id, r.code, r.site_id, r.site_code)

    def take_block(self, name: str, count: int) -> int:
        """Reserve ``count`` consecutive numbers of a sequence; return the first."""
        current = self.conn.scalar(
            select(sequences.c.value).where(sequences.c.name == name).with_for_update()
        )
        if current is None:
            self.conn.execute(insert(sequences).values(name=name, value=count))
            return 1
        self.conn.execute(
            update(sequences).where(sequences.c.name == name).values(value=current + count)
        )
        return int(current) + 1
