"""Two sites exchanging their journals with head office on files, against one database that
saw every sale: the same figures; and every bundle that is not whole refused whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.cash import pieces_for
from possouk.domain.closing import ClosingKind
from possouk.domain.errors import BundleRefused, UserError
from possouk.domain.model import PaymentMethod, StockKind
from possouk.domain.report import Dimension
from possouk.services import analytics, audit, catalog, exchange, sessions, settlements, stock
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import Database, open_database
from tests import postgres
from tests.services.exchange_scenario import Site, build_catalog, new_site_database, person

CASH = PaymentMethod.CASH


def _figures(db: Database) -> dict[str, Any]:
    """What the organizers read, by codes (ids differ from one database to another)."""
    drafts = {s.cooperative_code: (s.products, s.sales, s.refunds, s.commission, s.net_payable)
              for s in settlements.drafts(db)}
    levels = sorted((lv.site_code, lv.sku, lv.on_hand) for lv in stock.levels(db))
    with db.read() as uow:
        days = sorted((c.site_code, c.kind.value, c.period, c.figures)
                      for c in (uow.closings.get(i) for i in uow.closings.ids(None, ClosingKind.DAY)))
        registers = {r.code: uow.sessions.last_grand_total(r.id) for r in uow.store.registers()}
    today = business_day(utc_now(), 240)
    reports = {
        (dimension.value, site): analytics.sales_report(db, today, today, dimension,
                                                        site_code=site).rows
        for dimension in (Dimension.SITE, Dimension.COOPERATIVE, Dimension.REGISTER,
                          Dimension.PRODUCT)
        for site in (None, "MEK", "ELH")
    }
    impact = {site: analytics.impact(db, today, today, site_code=site) for site in (None, "MEK", "ELH")}
    return {"drafts": drafts, "stock": levels, "days": days, "grand_totals": registers,
            "reports": reports, "impact": impact}


@pytest.fixture
def office(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "office.sqlite3")
    build_catalog(db)
    return db


def _catalog_file(office: Database, tmp_path: Path, name: str = "catalog.pxb") -> Path:
    path = tmp_path / name
    exchange.export_catalog(office, COMMAND_LINE, path)
    return path


def test_two_sites_exchanged_both_ways_settle_as_one_database(office: Database, tmp_path: Path) -> None:
    single = open_database(tmp_path / "single.sqlite3")
    build_catalog(single)
    first = _catalog_file(office, tmp_path)
    meknes = Site(new_site_database(tmp_path / "mek.sqlite3", first), "MEK")
    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", first), "ELH")
    alone = {code: Site(single, code) for code in ("MEK", "ELH")}

    day_one = {site.code: site.first_day() for site in (meknes, hajeb)}
    alone_one = {code: alone[code].first_day() for code in ("MEK", "ELH")}
    bundles = {}
    for site in (meknes, hajeb):
        bundles[site.code] = tmp_path / f"{site.code}-1.pxb"
        done = exchange.export_journal(site.db, COMMAND_LINE, bundles[site.code])
        assert done.counts["sales"] == len(day_one[site.code])
    # Head office, El Hajeb's first: the order does not matter.
    for code in ("ELH", "MEK"):
        got = exchange.import_journal(office, COMMAND_LINE, bundles[code], accept_new_site=True)
        assert got.new_origin and got.imported.sales == len(day_one[code])

    # Head office changes the honey's price; the catalog travels back with the acknowledgement.
    for db in (office, single):
        catalog.change_price(db, COMMAND_LINE, "HON-1", 13000)
    second = _catalog_file(office, tmp_path, "catalog-2.pxb")
    for site in (meknes, hajeb):
        back = exchange.import_catalog(site.db, COMMAND_LINE, second)
        assert back.changes.prices == 1 and back.acknowledged > 0
        assert exchange.status(site.db).pending == {"events": 1}  # this very import, logged
        assert audit.verify(site.db).ok  # the site's own documents untouched

    for site in (meknes, hajeb):
        site.second_day(day_one[site.code][2])
        alone[site.code].second_day(alone_one[site.code][2])
        again = tmp_path / f"{site.code}-2.pxb"
        done = exchange.export_journal(site.db, COMMAND_LINE, again)
        assert done.counts["sales"] == 3  # two sales and the refund: day one was acknowledged
        got = exchange.import_journal(office, COMMAND_LINE, again)
        assert not got.new_origin and got.imported.sales == 3 and got.imported.closings == 1
        # The same bundle twice, and the first one late: nothing changes.
        for repeat in (again, bundles[site.code]):
            assert exchange.import_journal(office, COMMAND_LINE, repeat).imported.documents == 0

    figures = _figures(office)
    assert figures == _figures(single)
    by_site = {row.key: row.net for row in figures["reports"][("site", None)]}
    assert set(by_site) == {"MEK", "ELH"} and all(by_site.values())  # per site, still apart
    report = audit.verify(office)
    assert report.ok, [f.describe() for f in report.findings]
    assert report.sales == 3 + 4 + 2 * 3  # day one, then two sales and a refund at each
    # Settled at head office, statement by statement, as the single database settles them.
    for db in (office, single):
        for code in ("COOP1", "COOP2", "COOP3"):
            settlements.issue(db, person(db, "salma"), code)
    assert ([(s.cooperative_code, s.net_payable, s.products) for s in settlements.statements(office)]
            == [(s.cooperative_code, s.net_payable, s.products) for s in settlements.statements(single)])
    assert audit.verify(office).ok


@pytest.fixture
def two(office: Database, tmp_path: Path) -> tuple[Site, Path]:
    """El Hajeb after its first day, its bundle written; head office knows it."""
    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", _catalog_file(office, tmp_path)), "ELH")
    hajeb.first_day()
    bundle = tmp_path / "ELH.pxb"
    exchange.export_journal(hajeb.db, COMMAND_LINE, bundle)
    return hajeb, bundle


def _office_counts(db: Database) -> tuple[int, ...]:
    path = db.path
    assert path is not None
    with closing(sqlite3.connect(path)) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "sales", "sale_lines", "stock_docs", "stock_movements", "cash_movements", "z_reports",
            "remote_events", "exchange_ids", "exchange_origins", "cash_sessions", "users",
            "products"))


def test_a_changed_byte_refuses_the_bundle_whole(office: Database, two: tuple[Site, Path]) -> None:
    _, bundle = two
    data = bytearray(bundle.read_bytes())
    before = _office_counts(office)
    for where in (len(data) // 2, 40, len(data) - 10):
        changed = bytearray(data)
        changed[where] ^= 0x01
        bundle.write_bytes(bytes(changed))
        with pytest.raises(BundleRefused, match="changed after it was written"):
            exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) == before


def test_a_bundle_cut_short_is_refused_whole(office: Database, two: tuple[Site, Path]) -> None:
    _, bundle = two
    data = bundle.read_bytes()
    before = _office_counts(office)
    for size in (len(data) - 1, len(data) // 2, 30):
        bundle.write_bytes(data[:size])
        with pytest.raises(BundleRefused, match="cut short"):
            exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    bundle.write_bytes(b"PK\x03\x04 a zip")
    with pytest.raises(BundleRefused, match="not a possouk exchange bundle"):
        exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) == before


def test_a_register_unknown_at_head_office_refuses_the_bundle(office: Database, tmp_path: Path) -> None:
    from possouk.services import setup

    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", _catalog_file(office, tmp_path)), "ELH")
    setup.add_register(hajeb.db, COMMAND_LINE, "ELH9", "ELH")  # made at the site only
    hajeb.first_day()
    sessions.open_session(hajeb.db, person(hajeb.db, "amina"), "ELH9", pieces_for(10_000))
    checkout(hajeb.db, CheckoutRequest(
        client_key="elh9-1", register_code="ELH9", cashier=person(hajeb.db, "amina"),
        lines=[CartLine(hajeb.product_id("SOAP-1"), 1000)], payments=[PaymentInput(CASH, 1250)]))
    bundle = tmp_path / "ELH.pxb"
    exchange.export_journal(hajeb.db, COMMAND_LINE, bundle)
    before = _office_counts(office)
    with pytest.raises(BundleRefused, match="register ELH9, unknown in this database"):
        exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) == before


def test_an_unknown_database_is_refused_until_its_key_is_accepted(office: Database,
                                                                 two: tuple[Site, Path]) -> None:
    hajeb, bundle = two
    key = exchange.identity(hajeb.db).fingerprint
    before = _office_counts(office)
    with pytest.raises(BundleRefused, match=f"never received a bundle from ELH \\(key {key}\\)"):
        exchange.import_journal(office, COMMAND_LINE, bundle)
    preview = exchange.import_journal(office, COMMAND_LINE, bundle, preview=True)
    assert preview.new_origin and preview.imported.sales == 4
    assert _office_counts(office) == before
    exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) != before
    # Another database claiming to be El Hajeb's (its id copied, another key) is refused.
    impostor = open_database(bundle.parent / "impostor.sqlite3")
    exchange.import_catalog(impostor, COMMAND_LINE, _catalog_file(office, bundle.parent, "c.pxb"),
                            accept_new_office=True)
    with hajeb.db.read() as uow:
        hajeb_id = uow.store.get_setting(exchange.DATABASE_ID_KEY)
    with impostor.write() as uow:
        uow.store.set_setting(exchange.DATABASE_ID_KEY, hajeb_id)
        uow.commit()
    Site(impostor, "ELH").first_day()
    forged = bundle.parent / "forged.pxb"
    exchange.export_journal(impostor, COMMAND_LINE, forged, everything=True)
    with pytest.raises(BundleRefused, match="signed with another key"):
        exchange.import_journal(office, COMMAND_LINE, forged)


def test_a_document_changed_at_the_site_refuses_the_bundle(office: Database, two: tuple[Site, Path],
                                                           tmp_path: Path) -> None:
    hajeb, _ = two
    path = hajeb.db.path
    assert path is not None
    hajeb.db.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TRIGGER possouk_final_sale_lines_update")
        conn.execute("UPDATE sale_lines SET net = net - 100 WHERE id = (SELECT min(id) FROM sale_lines)")
        conn.commit()
    db = open_database(path)
    bundle = tmp_path / "altered.pxb"
    exchange.export_journal(db, COMMAND_LINE, bundle)
    before = _office_counts(office)
    with pytest.raises(BundleRefused, match=r"Document no\. 1 of ELH1 in the bundle does not follow"):
        exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) == before


def test_bundles_out_of_order_and_a_gap(office: Database, tmp_path: Path) -> None:
    cat = _catalog_file(office, tmp_path)
    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", cat), "ELH")
    sold = hajeb.first_day()
    early = tmp_path / "1.pxb"
    exchange.export_journal(hajeb.db, COMMAND_LINE, early)
    hajeb.second_day(sold[2])
    late = tmp_path / "2.pxb"  # nothing acknowledged yet: it holds the first day too
    exchange.export_journal(hajeb.db, COMMAND_LINE, late)
    assert exchange.import_journal(office, COMMAND_LINE, late, accept_new_site=True).imported.sales == 7
    assert exchange.import_journal(office, COMMAND_LINE, early).imported.documents == 0
    # Acknowledged by a catalog, then a new office database (restored from an old backup)
    # receives a bundle that starts after what it holds: refused, saying what to do.
    exchange.import_catalog(hajeb.db, COMMAND_LINE, _catalog_file(office, tmp_path, "c2.pxb"))
    later_db = hajeb.db
    other = open_database(tmp_path / "other-office.sqlite3")
    build_catalog(other)
    stock.record(later_db, person(later_db, "karim"), StockKind.INTAKE, "ELH", "COOP1",
                 [StockInput("HON-1", 1000)])
    gap = tmp_path / "3.pxb"
    exchange.export_journal(later_db, COMMAND_LINE, gap)
    with pytest.raises(BundleRefused, match=r"after no. \d+, and this database has them up to no. 0"):
        exchange.import_journal(other, COMMAND_LINE, gap, accept_new_site=True)
    everything = tmp_path / "all.pxb"
    exchange.export_journal(later_db, COMMAND_LINE, everything, everything=True)
    assert exchange.import_journal(other, COMMAND_LINE, everything,
                                   accept_new_site=True).imported.stock_documents == 4
    assert audit.verify(other).ok


def test_a_site_does_not_settle(office: Database, two: tuple[Site, Path]) -> None:
    hajeb, _ = two
    with pytest.raises(UserError, match="statements, shared costs and payouts are made at head office"):
        settlements.issue(hajeb.db, person(hajeb.db, "salma"), "COOP1")


def test_a_changed_imported_row_fails_verify(office: Database, two: tuple[Site, Path]) -> None:
    _, bundle = two
    exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert audit.verify(office).ok
    path = office.path
    assert path is not None
    office.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TRIGGER possouk_final_sale_lines_update")
        conn.execute("UPDATE sale_lines SET quantity = quantity + 1000 WHERE id = "
                     "(SELECT max(id) FROM sale_lines)")
        conn.commit()
    findings = audit.verify(open_database(path)).findings
    assert [(f.chain.code, f.kind) for f in findings] == [("ELH1", "altered"), ("", "unprotected")]


@pytest.mark.skipif(not postgres.available(),
                    reason="needs a PostgreSQL test server (scripts/pg-test-server)")
def test_head_office_on_postgresql(tmp_path: Path) -> None:
    """The ids of a site's sales written in blocks on PostgreSQL too (its sequences follow)."""
    url = postgres.new_database()
    office = open_database(url)
    try:
        build_catalog(office)
        hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", _catalog_file(office, tmp_path)), "ELH")
        sold = hajeb.first_day()
        bundle = tmp_path / "ELH.pxb"
        exchange.export_journal(hajeb.db, COMMAND_LINE, bundle)
        for accept in (True, False):
            exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=accept)
        # The office sells at Meknès afterwards: its own ids follow the imported ones.
        meknes = Site(office, "MEK")
        meknes.first_day()
        hajeb.second_day(sold[2])
        exchange.export_journal(hajeb.db, COMMAND_LINE, bundle)
        assert exchange.import_journal(office, COMMAND_LINE, bundle).imported.sales == 3
        report = audit.verify(office)
        assert report.ok, [f.describe() for f in report.findings]
        assert report.sales == 4 + 3 + 3
        # A site on a PostgreSQL server of its own (several registers) sends its bundle too.
        site_url = postgres.new_database()
        site = open_database(site_url)
        try:
            exchange.import_catalog(site, COMMAND_LINE, _catalog_file(office, tmp_path, "c.pxb"),
                                    accept_new_office=True)
            Site(site, "ELH").first_day()
            from_server = tmp_path / "server.pxb"
            assert exchange.export_journal(site, COMMAND_LINE, from_server).counts["sales"] == 4
            other = open_database(tmp_path / "other.sqlite3")
            build_catalog(other)
            assert exchange.import_journal(other, COMMAND_LINE, from_server,
                                           accept_new_site=True).imported.sales == 4
            assert audit.verify(other).ok
        finally:
            site.close()
            postgres.drop_database(site_url)
    finally:
        office.close()
        postgres.drop_database(url)


def test_head_office_does_not_write_a_sites_documents(office: Database, two: tuple[Site, Path]) -> None:
    _, bundle = two
    exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    for write in (
        lambda: stock.record(office, person(office, "karim"), StockKind.INTAKE, "ELH", "COOP1",
                             [StockInput("HON-1", 1000)]),
        lambda: sessions.open_session(office, person(office, "amina"), "ELH1", pieces_for(10_000)),
    ):
        with pytest.raises(UserError, match="in its own database; this one receives them"):
            write()
    # Meknès, whose documents are not received, is written here as before.
    stock.record(office, person(office, "karim"), StockKind.INTAKE, "MEK", "COOP1",
                 [StockInput("HON-1", 1000)])
    assert audit.verify(office).ok


@pytest.mark.parametrize("table", ["exchange_ids", "exchange_chains", "remote_events"])
@pytest.mark.parametrize("action", ["UPDATE", "DELETE"])
def test_what_was_received_is_final(office: Database, two: tuple[Site, Path], table: str,
                                    action: str) -> None:
    _, bundle = two
    exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    path = office.path
    assert path is not None
    office.close()
    statement = (f"UPDATE {table} SET origin_id = origin_id + 1" if action == "UPDATE"
                 else f"DELETE FROM {table}")
    with closing(sqlite3.connect(path)) as conn, pytest.raises(sqlite3.DatabaseError,
                                                              match="final documents"):
        conn.execute(statement)
    assert audit.verify(open_database(path)).ok


def test_a_site_knows_which_sites_it_writes_for(office: Database, two: tuple[Site, Path]) -> None:
    hajeb, _ = two
    assert exchange.status(hajeb.db).own_sites == ["ELH"]
    assert exchange.status(office).own_sites == []


def test_what_a_site_adds_to_the_catalog_reaches_head_office(office: Database, tmp_path: Path) -> None:
    """A cooperative arrives at El Hajeb on the morning: it is added there, sells, and head
    office settles it like the others."""
    from possouk.domain.model import Role, Unit
    from possouk.services import users
    from possouk.services.catalog import CooperativeDraft, ProductDraft

    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", _catalog_file(office, tmp_path)), "ELH")
    catalog.add_cooperative(hajeb.db, COMMAND_LINE, CooperativeDraft(
        "COOP9", "تعاونية الأعشاب", "Coopérative des herbes", commission=500))
    catalog.add_product(hajeb.db, COMMAND_LINE, ProductDraft(
        "COOP9", "HERB-9", "زعتر", "Thym", "medicinal herbs", Unit.KG, 6000))
    users.add_user(hajeb.db, COMMAND_LINE, "hind", "Hind", Role.CASHIER, "4444")
    hajeb.first_day()
    stock.record(hajeb.db, person(hajeb.db, "karim"), StockKind.INTAKE, "ELH", "COOP9",
                 [StockInput("HERB-9", 5000)])
    sessions.open_session(hajeb.db, person(hajeb.db, "hind"), "ELH1", pieces_for(10_000))
    checkout(hajeb.db, CheckoutRequest(
        client_key="herbs", register_code="ELH1", cashier=person(hajeb.db, "hind"),
        lines=[CartLine(hajeb.product_id("HERB-9"), 500)], payments=[PaymentInput(CASH, 3000)]))
    bundle = tmp_path / "ELH.pxb"
    exchange.export_journal(hajeb.db, COMMAND_LINE, bundle)
    got = exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert (got.imported.new_cooperatives, got.imported.new_products, got.imported.new_users) == (
        ["COOP9"], ["HERB-9"], ["hind"])
    assert audit.verify(office).ok
    assert "HERB-9" in [p.sku for p in catalog.search(office, "thym")]  # indexed for search
    [herbs] = [s for s in settlements.drafts(office) if s.cooperative_code == "COOP9"]
    assert herbs.sales == 3000 and herbs.commission == 150
    with office.read() as uow:
        hind = uow.users.by_login("hind")
    assert hind is not None and not hind.active  # known by her sales, no PIN opens it here
    with pytest.raises(UserError):
        users.authenticate(office, "hind", "4444")


def test_a_catalog_whose_barcode_is_another_products_here_is_refused(office: Database,
                                                                      tmp_path: Path) -> None:
    from possouk.domain.model import Unit
    from possouk.services.catalog import ProductDraft

    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", _catalog_file(office, tmp_path)), "ELH")
    local = catalog.add_product(hajeb.db, COMMAND_LINE, ProductDraft(
        "COOP1", "LOCAL-1", "عسل", "Miel du site", "honey", Unit.PIECE, 9000))
    catalog.add_product(office, COMMAND_LINE, ProductDraft(
        "COOP2", "NEW-1", "زيت", "Huile", "olive oil", Unit.LITRE, 9000, barcode=local.barcode))
    with hajeb.db.read() as uow:
        before = len(uow.catalog.products())
    with pytest.raises(BundleRefused, match="which is product LOCAL-1's in this database"):
        exchange.import_catalog(hajeb.db, COMMAND_LINE, _catalog_file(office, tmp_path, "c2.pxb"))
    with hajeb.db.read() as uow:
        assert len(uow.catalog.products()) == before


def _resigned(site: Database, bundle: Path,
              change: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    """``bundle`` changed by ``change(header, body)`` and signed again with the site's own key:
    what a newer possouk, or a faulty one, would write."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from possouk.services.exchange_file import read_bundle, write_bundle

    opened = read_bundle(bundle.read_bytes(), bundle.name)
    header = {k: v for k, v in opened.header.items()
              if k not in ("public_key", "body_length", "body_sha256")}
    change(header, opened.body)
    with site.read() as uow:
        raw = uow.store.get_setting(exchange.SIGNING_KEY)
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(str(raw)))
    bundle.write_bytes(write_bundle(header, opened.body, key))


def test_a_bundle_this_possouk_cannot_place_is_refused(office: Database, two: tuple[Site, Path]) -> None:
    hajeb, bundle = two
    exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True, preview=True)
    before = _office_counts(office)
    _resigned(hajeb.db, bundle, lambda header, body: header.update(schema="9999"))
    with pytest.raises(BundleRefused, match=r"written by a newer possouk \(schema 9999"):
        exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    def drop_a_product(header: dict[str, Any], body: dict[str, Any]) -> None:
        header.update(schema="0011")
        body["products"].pop()

    _resigned(hajeb.db, bundle, drop_a_product)
    with pytest.raises(BundleRefused, match="names documents or catalog rows that it does not carry"):
        exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
    assert _office_counts(office) == before
