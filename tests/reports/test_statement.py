"""The settlement statement and the organizers' summary, as PDFs read back.

Statements are built by hand (no database): a product weighed in kilograms, a
product sold by the piece with one piece given back, two shared costs. The text
is read back with pypdf and NFKC-normalised (see tests/reports/test_deposit_slip.py),
so Arabic is compared in logical order. Words that are new msgids are looked up
with ``tr`` so the tests hold before and after the catalogs translate them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from possouk.domain.model import Cooperative, Store, Unit
from possouk.domain.settlement import CostRule, CostShare, Statement, StatementPart
from possouk.i18n.formatting import format_money
from possouk.i18n.words import amount_in_words
from possouk.reports.document import tr
from possouk.reports.statement import (
    DRAFT,
    NO_COSTS,
    REFUNDS_INCLUDED,
    RULE_LABELS,
    mask_rib,
    statement_pdf,
    statements_summary_pdf,
)
from tests.reports.test_deposit_slip import pdf_pages

RIB = "011780000012345678901234"
STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", address="Place Lahdim, Meknès",
              ice="001234567000089", if_number="12345678")
COOP = Cooperative(7, "COOP1", "تعاونية النحل الذهبي", "Coopérative de l'abeille dorée",
                   registration="RC-2014/0371", ice="002345678000012", province="Ifrane", rib=RIB)


def line(sku: str, unit: Unit, quantity: int, unit_price: int, discount: int = 0,
         *, refund: bool = False) -> StatementPart:
    gross = quantity * unit_price // 1000
    net = gross - discount
    names = {"HONEY": ("عسل الزعتر", "Miel de thym"), "SOAP": ("صابون بلدي", "Savon noir")}
    name_ar, name_fr = names.get(sku, names["SOAP"])
    return StatementPart(sku, name_ar, name_fr, unit, unit_price, refund, 1, quantity, gross,
                         discount, net, net // 10)


LINES = (
    line("HONEY", Unit.KG, 1250, 12000, 500),  # 1.250 kg at 120.00: 150.00, 5.00 off: 145.00
    line("SOAP", Unit.PIECE, 3000, 2500),  # 3 pieces: 75.00
    line("SOAP", Unit.PIECE, -1000, 2500, refund=True),  # one piece given back: -25.00
)
COSTS = (
    CostShare(1, 1, 1, "Location du stand", CostRule.EQUAL, "COOP1", 3000),
    CostShare(2, 2, 2, "Transport", CostRule.QUANTITY, "COOP1", 1234),
)


def statement(*, issued: bool, lines: tuple[StatementPart, ...] = LINES,
              costs: tuple[CostShare, ...] = COSTS) -> Statement:
    draft = Statement(7, "COOP1", date(2026, 5, 1), date(2026, 5, 31), lines, costs,
                      already_paid=50000, previously_payable=60000)
    if not issued:
        return draft
    return replace(draft, number=1, issued_at=datetime(2026, 6, 1, 9, 30, tzinfo=UTC), hash="9f" * 32)


def text_of(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def money(centimes: int) -> str:
    return format_money(centimes, "fr").replace("\u00a0", " ").replace("\u202f", " ")


def test_the_figures_of_the_hand_built_statement() -> None:
    s = statement(issued=True)
    assert (s.gross_sales, s.discounts, s.sales, s.refunds) == (22500, 500, 22000, 2500)
    assert s.commission == 1950  # 14.50 + 7.50 - 2.50
    assert s.net_payable == 22000 - 2500 - 1950 - 4234 == 13316
    assert s.balance_due == 60000 + 13316 - 50000 == 23316


def test_an_issued_statement_shows_the_cooperative_the_figures_and_the_words() -> None:
    s = statement(issued=True)
    text = text_of(statement_pdf(s, STORE, COOP))
    assert "تعاونية النحل الذهبي" in text  # logical order, joined letters read back as base letters
    assert "Coopérative de l'abeille dorée" in text
    assert "COOP1" in text and "RC-2014/0371" in text and "002345678000012" in text and "Ifrane" in text
    assert "REL-000001" in text and "9f9f9f9f9f9f9f9f" in text  # the reference and the hash's start
    assert money(s.net_payable) in text  # 133,16 MAD
    assert money(s.balance_due) in text  # 233,16 MAD
    assert amount_in_words(s.net_payable, "fr") in text.replace("\n", " ")
    assert amount_in_words(s.net_payable, "ar") in text.replace("\n", " ")
    assert "1,250 kg" in text and "3 pce" not in text and "2 pce" in text  # soap: 3 sold, 1 back
    assert "عسل الزعتر" in text and "Miel de thym" in text
    assert tr(RULE_LABELS[CostRule.EQUAL], "fr") in text and tr(RULE_LABELS[CostRule.QUANTITY], "ar") in text
    assert tr(REFUNDS_INCLUDED, "fr") in text


def test_draft_is_said_only_on_drafts() -> None:
    draft = text_of(statement_pdf(statement(issued=False), STORE, COOP))
    issued = text_of(statement_pdf(statement(issued=True), STORE, COOP))
    for lang in ("fr", "ar"):
        assert tr(DRAFT, lang) in draft
        assert tr(DRAFT, lang) not in issued
    assert "REL-0" not in draft


def test_the_rib_is_masked_but_its_last_four_digits() -> None:
    text = text_of(statement_pdf(statement(issued=True), STORE, COOP))
    assert RIB not in text and RIB[:20] not in text
    assert "•••• •••• 1234" in text
    assert mask_rib("") == "—"
    assert mask_rib("123") == "•••• ••••"


def test_same_data_gives_the_same_bytes() -> None:
    for issued in (False, True):
        s = statement(issued=issued)
        assert statement_pdf(s, STORE, COOP) == statement_pdf(s, STORE, COOP)


def test_no_refund_and_no_cost() -> None:
    s = statement(issued=True, lines=LINES[:2], costs=())
    text = text_of(statement_pdf(s, STORE, COOP))
    assert tr(REFUNDS_INCLUDED, "fr") not in text
    # pypdf reads a right-to-left line's final full stop first: compare the words
    assert tr(NO_COSTS, "fr") in text and tr(NO_COSTS, "ar").rstrip(".") in text
    assert money(s.net_payable) in text


def test_a_negative_net_payable_is_written_as_such_and_a_large_one_is_never_cut() -> None:
    costly = (CostShare(3, 3, 3, "Stand", CostRule.SALES, "COOP1", 50000),)
    s = statement(issued=True, costs=costly)
    assert s.net_payable < 0
    text = text_of(statement_pdf(s, STORE, COOP)).replace("\n", " ")
    assert amount_in_words(-s.net_payable, "fr") in text
    big = (line("HONEY", Unit.KG, 987_654, 977_777),)  # about 9.66 million dirhams
    s = statement(issued=True, lines=big)
    text = text_of(statement_pdf(s, STORE, COOP)).replace("\n", " ")
    assert amount_in_words(s.net_payable, "fr") in text
    assert amount_in_words(s.net_payable, "ar") in text


def test_forty_products_paginate() -> None:
    many = tuple(line(f"P{n:03d}", Unit.PIECE, 1000, 1000 + n) for n in range(1, 81))
    pages = pdf_pages(statement_pdf(statement(issued=True, lines=many), STORE, COOP))
    assert len(pages) >= 2
    assert all(f"page {n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("REL-000001" in page for page in pages)
    everything = "\n".join(pages)
    assert all(f"P{n:03d}" in everything for n in range(1, 81))


def amount(centimes: int) -> str:
    return format_money(centimes, "fr", currency=False).replace("\u202f", " ")


def test_the_summary_lists_every_cooperative_with_totals() -> None:
    other = Cooperative(8, "COOP2", "تعاونية الأركان", "Coopérative de l'argan", rib=RIB)
    first = statement(issued=True)
    second = statement(issued=False, lines=LINES[:2], costs=())
    pdf = statements_summary_pdf([(first, COOP), (second, other)], STORE, "Mai 2026")
    text = text_of(pdf)
    assert "COOP1" in text and "COOP2" in text and "REL-000001" in text
    assert "تعاونية الأركان" in text
    assert amount(first.sales + second.sales) in text  # 220,00 + 220,00
    assert amount(first.net_payable + second.net_payable) in text
    assert amount(first.balance_due + second.balance_due) in text
    assert amount(first.shared_costs) in text
    assert "Mai 2026" in text and RIB not in text
    assert pdf == statements_summary_pdf([(first, COOP), (second, other)], STORE, "Mai 2026")

