"""Sites and head office exchanging their journals and catalog on a file (a USB stick).

A site writes every document head office has not acknowledged into a signed bundle
(:func:`export_journal`); head office imports it (:func:`import_journal`) after checking
the signature and every chain, whole or not at all, as many times as it likes. Head office
writes its catalog — sites, registers, cooperatives, products, users, store settings — with
its acknowledgement of what it received (:func:`export_catalog`); the site takes it in
(:func:`import_catalog`) without touching its documents, and its next export starts after
what head office holds. Statements and payouts are issued at head office only: a database
that takes a head office's catalog refuses them (:func:`refuse_settling_at_a_site`), so no
sale line can be paid at two places.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from possouk import __version__
from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, BundleRefused, EnvironmentFault, UserError
from possouk.domain.model import User
from possouk.domain.permissions import Permission, require
from possouk.services.events import log_event
from possouk.services.exchange_file import Bundle, fingerprint, public_key_hex, read_bundle, write_bundle
from possouk.services.files import write_atomically
from possouk.storage.exchange_catalog import CatalogChanges, apply_catalog, catalog_body
from possouk.storage.exchange_export import journal_body
from possouk.storage.exchange_import import Imported, JournalImport
from possouk.storage.exchange_refs import UnknownId
from possouk.storage.exchange_repo import Origin
from possouk.storage.location import HEAD
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

DATABASE_ID_KEY = "exchange.database_id"
SIGNING_KEY = "exchange.signing_key"
CATALOG_SETTINGS = ("store", "scale_rules")
"""The settings that travel with the catalog (a printer or a backup folder is each machine's)."""

JOURNAL, CATALOG = "journal", "catalog"
SITE, OFFICE = "site", "office"


@dataclass(frozen=True)
class Identity:
    database_id: str
    fingerprint: str


@dataclass(frozen=True)
class Exported:
    path: Path
    counts: dict[str, int]
    sites: list[str]
    size: int
    fingerprint: str

    @property
    def documents(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Received:
    """What importing a journal bundle did (or would do, for a preview)."""

    origin_name: str
    fingerprint: str
    new_origin: bool
    written_at: str
    imported: Imported


@dataclass(frozen=True)
class CatalogReceived:
    origin_name: str
    fingerprint: str
    new_origin: bool
    changes: CatalogChanges
    acknowledged: int


@dataclass(frozen=True)
class OriginStatus:
    origin: Origin
    fingerprint: str
    documents: int


@dataclass(frozen=True)
class ExchangeStatus:
    identity: Identity
    sites: list[OriginStatus] = field(default_factory=list)
    offices: list[OriginStatus] = field(default_factory=list)
    pending: dict[str, int] = field(default_factory=dict)
    """This database's documents head office has not acknowledged, by kind."""
    own_sites: list[str] = field(default_factory=list)
    """The sites this database writes documents for (its bundles' sites), by code."""


# -- this database's identity ------------------------------------------------------------
def _identity(uow: UnitOfWork) -> tuple[str, Ed25519PrivateKey]:
    """This database's id and signing key, made the first time (in a write transaction)."""
    database_id = uow.store.get_setting(DATABASE_ID_KEY)
    raw = uow.store.get_setting(SIGNING_KEY)
    if database_id is None or raw is None:
        database_id = secrets.token_hex(16)
        key = Ed25519PrivateKey.generate()
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()
        uow.store.set_setting(DATABASE_ID_KEY, database_id)
        uow.store.set_setting(SIGNING_KEY, raw)
    return str(database_id), Ed25519PrivateKey.from_private_bytes(bytes.fromhex(str(raw)))


def identity(db: Database) -> Identity:
    """This database's id and key fingerprint (made the first time they are asked for)."""
    with db.read() as uow:
        database_id = uow.store.get_setting(DATABASE_ID_KEY)
        raw = uow.store.get_setting(SIGNING_KEY)
    if database_id is not None and raw is not None:
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(str(raw)))
        return Identity(str(database_id), fingerprint(public_key_hex(key)))
    with db.write() as uow:
        database_id, key = _identity(uow)
        uow.commit()
    return Identity(database_id, fingerprint(public_key_hex(key)))


def _kinds(name: str) -> str:
    return {"sales": "sales", "stock": "stock_documents", "cash": "cash_movements",
            "z": "z_reports", "closing": "closings", "events": "events"}[name.partition(":")[0]]


def _header(kind: str, database_id: str, name: str) -> dict[str, Any]:
    return {"kind": kind, "origin": database_id, "origin_name": name,
            "written_at": utc_text(utc_now()), "program": __version__, "schema": HEAD}


# -- a site's journals -------------------------------------------------------------------
def export_journal(db: Database, actor: User, path: Path, *, everything: bool = False) -> Exported:
    """Write every document head office has not acknowledged (all of them with
    ``everything``) to ``path``, as one signed bundle. The export is logged first."""
    require(actor, Permission.IMPORT_EXPORT)
    with db.write() as uow:
        database_id, key = _identity(uow)
        site_codes = sorted(s.code for s in uow.store.sites())
        log_event(uow, actor, "exchange_export", file=path.name, everything=everything)
        uow.commit()
    with db.read() as uow:
        body = journal_body(uow.connection, everything=everything)
    counts: dict[str, int] = {}
    for chain in body["chains"]:
        counts[_kinds(chain["name"])] = counts.get(_kinds(chain["name"]), 0) + len(chain["rows"])
    written_for = sorted({s["code"] for s in body["sites"]}) or site_codes
    data = write_bundle({**_header(JOURNAL, database_id, " ".join(written_for)), "counts": counts},
                        body, key)
    write_atomically(path, data)
    return Exported(path, counts, written_for, len(data), fingerprint(public_key_hex(key)))


def _readable(bundle: Bundle, name: str) -> None:
    """Refuse a bundle written by a newer possouk (its schema is past this program's)."""
    theirs = str(bundle.header.get("schema", ""))
    if theirs > HEAD:
        raise BundleRefused(N_("{name} was written by a newer possouk (schema {theirs}; this one "
                               "has {ours}): install the newer possouk here first. Nothing of the "
                               "bundle was imported."), name=name, theirs=theirs, ours=HEAD)


def _unreadable(name: str) -> BundleRefused:
    """A signed bundle whose content this possouk cannot place (it names what it does not
    carry, or is laid out otherwise)."""
    return BundleRefused(N_("{name} names documents or catalog rows that it does not carry and "
                            "this database has not received: export everything again at the "
                            "site (--all). Nothing of the bundle was imported."), name=name)


def read_file(path: Path) -> Bundle:
    """A bundle read from ``path`` and checked whole (signature, length)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EnvironmentFault(N_("{path} could not be read ({reason})."), path=str(path),
                               reason=exc.strerror or type(exc).__name__) from exc
    return read_bundle(data, path.name)


def _origin(uow: UnitOfWork, bundle: Bundle, role: str, accept_new: bool) -> tuple[Origin, bool]:
    """The known database that wrote ``bundle``, or a new one when ``accept_new``."""
    own_id = uow.store.get_setting(DATABASE_ID_KEY)
    name = str(bundle.header.get("origin_name", ""))
    key_print = fingerprint(bundle.public_key)
    if bundle.origin == own_id:
        raise BundleRefused(N_("This bundle was written by this very database. "
                               "Nothing of the bundle was imported."))
    origin = uow.exchange.origin(bundle.origin)
    if origin is None:
        if not accept_new:
            message = (N_("This database has never received a bundle from {name} (key {key}). "
                          "Check that key with “possouk exchange status” at the site, then import "
                          "the bundle accepting the new site. "
                          "Nothing of the bundle was imported.") if role == SITE else
                       N_("This database has never received a catalog from {name} (key {key}). "
                          "Check that key with “possouk exchange status” at head office, then "
                          "import the catalog accepting the new head office. "
                          "Nothing of the bundle was imported."))
            raise BundleRefused(message, name=name, key=key_print)
        if role == OFFICE and any(o.role == OFFICE for o in uow.exchange.origins()):
            raise BundleRefused(N_("This database already takes its catalog from another head "
                                   "office. Nothing of the bundle was imported."))
        return uow.exchange.add_origin(bundle.origin, bundle.public_key, role, name,
                                       utc_text(utc_now())), True
    if origin.public_key != bundle.public_key:
        raise BundleRefused(N_("The bundle says it comes from {name} but is signed with another "
                               "key ({key}) than that database's. Nothing of the bundle was imported."),
                            name=origin.name, key=key_print)
    if origin.role != role:
        raise BundleRefused(N_("{name} does not send this kind of bundle to this database. "
                               "Nothing of the bundle was imported."), name=origin.name)
    return origin, False


def import_journal(db: Database, actor: User, path: Path, *, accept_new_site: bool = False,
                   preview: bool = False) -> Received:
    """Import a site's bundle, whole or not at all; importing it again changes nothing.

    With ``preview`` everything is checked and counted as an import would, then undone."""
    require(actor, Permission.IMPORT_EXPORT)
    bundle = read_file(path)
    if bundle.kind != JOURNAL:
        raise BundleRefused(N_("{name} is head office's catalog, to import at a site with "
                               "“possouk exchange import-catalog”. Nothing of the bundle was imported."),
                            name=path.name)
    _readable(bundle, path.name)
    with db.write() as uow:
        origin, new = _origin(uow, bundle, SITE, accept_new_site or preview)
        try:
            done = JournalImport(uow.connection, origin.id, origin.name).apply(bundle.body)
        except (UnknownId, KeyError) as error:
            raise _unreadable(path.name) from error
        if done.documents or done.sessions or new:
            now = utc_text(utc_now())
            uow.exchange.note_import(origin.id, str(bundle.header.get("origin_name", origin.name)),
                                     now, str(bundle.header["written_at"]))
            log_event(uow, actor, "exchange_import", file=path.name, origin=origin.name,
                      sales=done.sales, documents=done.documents, new_site=new)
        if not preview:
            uow.commit()
    return Received(origin.name, fingerprint(bundle.public_key), new,
                    str(bundle.header["written_at"]), done)


# -- head office's catalog ---------------------------------------------------------------
def export_catalog(db: Database, actor: User, path: Path) -> int:
    """Write this database's catalog, store settings and acknowledgement of every site's
    journals to ``path``; returns the bundle's size in bytes."""
    require(actor, Permission.IMPORT_EXPORT)
    with db.write() as uow:
        database_id, key = _identity(uow)
        body = catalog_body(uow.connection)
        body["settings"] = {k: uow.store.get_setting(k) for k in CATALOG_SETTINGS
                            if uow.store.get_setting(k) is not None}
        body["acknowledged"] = {
            o.database_id: {n: list(v) for n, v in uow.exchange.received(o.id).items()}
            for o in uow.exchange.origins() if o.role == SITE}
        name = uow.store.store().name_fr or "head office"
        log_event(uow, actor, "exchange_catalog_export", file=path.name,
                  products=len(body["products"]))
        uow.commit()
    data = write_bundle(_header(CATALOG, database_id, name), body, key)
    write_atomically(path, data)
    return len(data)


def import_catalog(db: Database, actor: User, path: Path, *, accept_new_office: bool = False,
                   preview: bool = False) -> CatalogReceived:
    """Take head office's catalog in (adding and updating rows by code, never a document) and
    its acknowledgement of this database's journals."""
    require(actor, Permission.IMPORT_EXPORT)
    bundle = read_file(path)
    if bundle.kind != CATALOG:
        raise BundleRefused(N_("{name} holds a site's journals, to import at head office with "
                               "“possouk exchange import”. "
                               "Nothing of the bundle was imported."), name=path.name)
    _readable(bundle, path.name)
    with db.write() as uow:
        database_id, _key = _identity(uow)
        origin, new = _origin(uow, bundle, OFFICE, accept_new_office or preview)
        now = utc_text(utc_now())
        try:
            changes = apply_catalog(uow.connection, bundle.body, now)
        except KeyError as error:
            raise _unreadable(path.name) from error
        for key, value in bundle.body.get("settings", {}).items():
            if key in CATALOG_SETTINGS and uow.store.get_setting(key) != value:
                uow.store.set_setting(key, value)
                changes.note("settings", key, False)
        acks = {name: (int(v[0]), str(v[1]))
                for name, v in bundle.body.get("acknowledged", {}).get(database_id, {}).items()}
        uow.exchange.set_acknowledged(acks)
        uow.exchange.note_import(origin.id, str(bundle.header.get("origin_name", "")), now,
                                 str(bundle.header["written_at"]))
        log_event(uow, actor, "exchange_catalog_import", file=path.name, origin=origin.name,
                  added=sum(len(v) for v in changes.added.values()),
                  changed=sum(len(v) for v in changes.changed.values()), new_office=new)
        if not preview:
            uow.commit()
    return CatalogReceived(origin.name, fingerprint(bundle.public_key), new, changes,
                           sum(seq for seq, _ in acks.values()))


# -- where things stand ------------------------------------------------------------------
def status(db: Database) -> ExchangeStatus:
    """This database's key, the sites and head office it exchanges with, and what waits."""
    me = identity(db)
    with db.read() as uow:
        held = uow.exchange.received_documents()
        rows = [OriginStatus(o, fingerprint(o.public_key),
                             held.get(o.id, 0) + uow.exchange.remote_event_count(o.id))
                for o in uow.exchange.origins()]
        pending: dict[str, int] = {}
        for name, count in uow.exchange.pending().items():
            if count:
                pending[_kinds(name)] = pending.get(_kinds(name), 0) + count
        own = uow.exchange.own_sites()
    return ExchangeStatus(me, [r for r in rows if r.origin.role == SITE],
                          [r for r in rows if r.origin.role == OFFICE], pending, own)


def refuse_settling_at_a_site(uow: UnitOfWork) -> None:
    """Statements, shared costs and payouts are issued at head office only: a database that
    takes its catalog from a head office refuses them (a line paid at two places otherwise)."""
    office = next((o for o in uow.exchange.origins() if o.role == OFFICE), None)
    if office is not None:
        raise UserError(N_("This database is a site of {office}: statements, shared costs and "
                           "payouts are made at head office, which receives this site's sales."),
                        office=office.name)
