"""Small helpers shared by the repositories: time text and row → dataclass mapping."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import CursorResult, Row

from possouk.domain.model import Cooperative, Product, Role, Site, Unit, User


def utc_text(moment: datetime) -> str:
    """A timezone-aware time as sortable UTC text with microseconds."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: possouk stores UTC times only")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def to_site(row: Row[Any]) -> Site:
    m = row._mapping
    return Site(
        id=m["id"], code=m["code"], name_ar=m["name_ar"], name_fr=m["name_fr"],
        starts_on=parse_day(m["starts_on"]), ends_on=parse_day(m["ends_on"]),
        allow_oversell=bool(m["allow_oversell"]),
    )


def to_cooperative(row: Row[Any]) -> Cooperative:
    m = row._mapping
    return Cooperative(
        id=m["id"], code=m["code"], name_ar=m["name_ar"], name_fr=m["name_fr"],
        registration=m["registration"], ice=m["ice"], province=m["province"],
        phone=m["phone"], contact=m["contact"], rib=m["rib"],
        commission=m["commission_bp"], minimum_payout=m["minimum_payout"],
        women_led=bool(m["women_led"]), youth_led=bool(m["youth_led"]),
        active=bool(m["active"]),
    )


def to_product(row: Row[Any]) -> Product:
    """Map a products row joined with the cooperative code (column ``cooperative_code``)."""
    m = row._mapping
    return Product(
        id=m["id"], cooperative_id=m["cooperative_id"], cooperative_code=m["cooperative_code"],
        sku=m["sku"], barcode=m["barcode"], name_ar=m["name_ar"], name_fr=m["name_fr"],
        category=m["category"], unit=Unit(m["unit"]), price=m["price"],
        min_price=m["min_price"], vat=m["vat_bp"], active=bool(m["active"]),
        scale_code=m["scale_code"],
    )


def to_user(row: Row[Any]) -> User:
    m = row._mapping
    return User(
        id=m["id"], login=m["login"], display_name=m["display_name"], role=Role(m["role"]),
        active=bool(m["active"]), locked=bool(m["locked"]),
    )
