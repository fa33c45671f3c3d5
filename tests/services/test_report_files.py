"""The organizers' reports as tables and files: columns, Decimal amounts, totals, refusals,
and a full disk that leaves no file behind."""

from __future__ import annotations

import csv
import errno
import os
import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from possouk.domain.errors import EnvironmentFault, PermissionDenied, UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.report import Dimension, ImpactReport, ProvinceImpact, SalesReport
from possouk.i18n.formatting import format_money
from possouk.services import analytics, refunds, report_files
from possouk.services.events import COMMAND_LINE
from possouk.services.refunds import RefundRequest
from possouk.services.report_files import (
    impact_tables,
    sales_table,
    stock_report,
    stock_table,
    write_report,
)
from possouk.storage.uow import Database
from tests.conftest import Market
from tests.reports.test_deposit_slip import pdf_pages


def _sell(market: Market) -> None:
    market.sell([(market.honey, 2000), (market.figs, 750)],
                [(PaymentMethod.CARD, 10_000), (PaymentMethod.CASH, 23_375)])
    sold = market.sell([(market.soap, 3000), (market.oil, 1000)])
    refunds.refund(market.db, RefundRequest("refund-1", "MEK1", market.supervisor, sold.id, []))
    market.sell([(market.oil, 1500)])


def _today(market: Market) -> date:
    return report_files.today(market.db)


def _report(market: Market, dimension: Dimension) -> SalesReport:
    day = _today(market)
    return analytics.sales_report(market.db, day, day, dimension)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def read_xlsx(path: Path) -> list[list[Any]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


# --- tables ------------------------------------------------------------------------------


def test_sales_by_cooperative_table(market: Market) -> None:
    _sell(market)
    header, rows = sales_table(_report(market, Dimension.COOPERATIVE), "en")
    assert header == ["Code", "Name (French)", "Name (Arabic)", "Receipts", "Sales", "Refunds", "Net",
                      "Store's commission", "Cooperatives' share"]
    coop1, coop2, totals = rows
    # honey 2 × 120.00 + figs 0.750 × 45.00 = 273.75, commission 10 % per line (24.00 + 3.38)
    assert coop1 == ["COOP1", "Coopérative des abeilles", "تعاونية النحل", Decimal(1),
                     Decimal("273.75"), Decimal("0.00"), Decimal("273.75"), Decimal("27.38"),
                     Decimal("246.37")]
    # soap 3 × 12.50 + oil 1 l × 80.00 sold then refunded, then oil 1.5 l × 80.00 = 120.00
    assert coop2[3:] == [Decimal(2), Decimal("237.50"), Decimal("117.50"), Decimal("120.00"),
                         Decimal("18.00"), Decimal("102.00")]
    assert totals[0] == "Total" and totals[3] == Decimal(3)  # every sale once
    assert totals[4:] == [Decimal("511.25"), Decimal("117.50"), Decimal("393.75"), Decimal("45.38"),
                          Decimal("348.37")]
    assert all(isinstance(c, Decimal) for row in rows for c in row[4:])


def test_columns_of_each_dimension(market: Market) -> None:
    _sell(market)
    header, rows = sales_table(_report(market, Dimension.PRODUCT), "fr")
    assert "Quantité" in header and len(header) == 10
    honey = next(r for r in rows if r[0] == "HON-1")
    assert honey[4] == Decimal("2.000")
    oil = next(r for r in rows if r[0] == "OIL-1")
    assert oil[4] == Decimal("1.500")  # 1 + 1.5 sold, 1 given back
    header, rows = sales_table(_report(market, Dimension.CATEGORY), "fr")
    assert [r[:2] for r in rows[:-1]] == [["Cosmétiques", "Cosmétiques"], ["Figues", "Figues"],
                                          ["Miel", "Miel"], ["Huile d'olive", "Huile d'olive"]]
    assert all(r[2] and r[2] != r[1] for r in rows[:-1])  # the Arabic label
    _header, rows = sales_table(_report(market, Dimension.HOUR), "en")
    assert all(str(r[0]).endswith(":59") and ":00–" in str(r[0]) for r in rows[:-1])
    assert all(r[1] is None and r[2] is None for r in rows[:-1])
    _header, rows = sales_table(_report(market, Dimension.CASHIER), "en")
    assert rows[0][:3] == ["amina", "Amina", "Amina"]


def test_top_products_total_says_so(market: Market) -> None:
    _sell(market)
    day = _today(market)
    report = analytics.sales_report(market.db, day, day, Dimension.PRODUCT)
    best = analytics.top_products(market.db, day, day, limit=1)
    from dataclasses import replace

    _header, rows = sales_table(replace(report, rows=tuple(best)), "en", top=1)
    assert rows[0][0] == "HON-1" and rows[1][0] == "Total of these products"
    assert rows[1][3] is None and rows[1][7] == Decimal("240.00")


def test_impact_tables_add_up() -> None:
    report = ImpactReport(
        start=date(2026, 5, 11), end=date(2026, 5, 17), site_code=None, net=100_000, owed=90_000,
        cooperatives=3, cooperatives_listed=5, products=7, women_led_owed=45_000,
        youth_led_owed=30_000,
        by_province=(ProvinceImpact("Fès", 1, 40_000, 36_000), ProvinceImpact("", 2, 60_000, 54_000)),
        visitors_per_day={date(2026, 5, 12): 4, date(2026, 5, 11): 6},
    )
    summary, provinces, days = impact_tables(report, "en")
    figures = {str(label): value for label, value in summary[1]}
    assert summary[0] == ["Figure", "Value"]
    assert figures["Owed to the cooperatives"] == Decimal("900.00")
    assert figures["Women-led share of what is owed"] == Decimal("50.00")
    assert figures["Youth-led share of what is owed"] == Decimal("33.33")
    assert figures["Cooperatives with sales"] == "3 / 5"
    assert figures["Visitors served"] == Decimal(10)
    assert provinces[0] == ["Province", "Cooperatives with sales", "Net sales",
                            "Owed to the cooperatives", "Share of what is owed"]
    assert provinces[1][1] == ["Province not given", Decimal(2), Decimal("600.00"), Decimal("540.00"),
                               Decimal("60.00")]
    assert provinces[1][-1] == ["Total", Decimal(3), Decimal("1000.00"), Decimal("900.00"),
                                Decimal("100.00")]
    assert days[1] == [["2026-05-11", Decimal(6)], ["2026-05-12", Decimal(4)], ["Total", Decimal(10)]]


def test_stock_table(market: Market) -> None:
    market.sell([(market.figs, 750)])
    report = stock_report(market.db)
    header, rows = stock_table(report.rows, "en")
    assert header == ["Code", "Name (French)", "Name (Arabic)", "Products in stock",
                      "Value at shelf prices"]
    # COOP1: 20 honey × 120.00 + 9.250 kg figs × 45.00; COOP2: 30 l oil × 80.00 + 50 soap × 12.50
    assert rows == [
        ["COOP1", "Coopérative des abeilles", "تعاونية النحل", Decimal(2), Decimal("2816.25")],
        ["COOP2", "Coopérative de l'olivier", "تعاونية الزيتون", Decimal(2), Decimal("3025.00")],
        ["Total", None, None, Decimal(4), Decimal("5841.25")],
    ]


# --- files -------------------------------------------------------------------------------


def test_csv_and_xlsx_files(market: Market, tmp_path: Path) -> None:
    _sell(market)
    report = _report(market, Dimension.COOPERATIVE)
    assert write_report(market.db, COMMAND_LINE, tmp_path / "s.csv", report, lang="en") == 3
    header, coop1, _coop2, totals = read_csv(tmp_path / "s.csv")
    assert header[0] == "Code" and coop1[4:] == ["273.75", "0.00", "273.75", "27.38", "246.37"]
    assert totals[:4] == ["Total", "", "", "3"] and totals[6] == "393.75"

    write_report(market.db, COMMAND_LINE, tmp_path / "s.xlsx", report, lang="fr")
    header, coop1, _coop2, totals = read_xlsx(tmp_path / "s.xlsx")
    assert header[:2] == ["Code", "Nom (français)"]
    assert coop1[0] == "COOP1" and isinstance(coop1[4], float) and coop1[4] == pytest.approx(273.75)
    assert isinstance(totals[6], float) and totals[6] == pytest.approx(393.75)


def test_impact_file_holds_its_three_tables(market: Market, tmp_path: Path) -> None:
    _sell(market)
    day = _today(market)
    report = analytics.impact(market.db, day, day)
    rows = write_report(market.db, COMMAND_LINE, tmp_path / "i.csv", report, lang="en")
    lines = read_csv(tmp_path / "i.csv")
    assert lines[0] == ["Figure", "Value"]
    blanks = [i for i, line in enumerate(lines) if not line]
    assert len(blanks) == 2
    assert lines[blanks[0] + 1][0] == "Province" and lines[blanks[1] + 1] == ["Business day", "Visitors"]
    assert lines[-1] == ["Total", "3"]
    assert rows == len(lines) - 5  # three headers and two blank lines are not rows
    write_report(market.db, COMMAND_LINE, tmp_path / "i.xlsx", report, lang="en")
    sheet = read_xlsx(tmp_path / "i.xlsx")
    assert sheet[0] == ["Figure", "Value"] and sheet[-1] == ["Total", 3]


def test_pdf_files(market: Market, tmp_path: Path) -> None:
    _sell(market)
    day = _today(market)
    write_report(market.db, COMMAND_LINE, tmp_path / "s.pdf", _report(market, Dimension.COOPERATIVE))
    write_report(market.db, COMMAND_LINE, tmp_path / "s2.pdf", _report(market, Dimension.COOPERATIVE))
    assert (tmp_path / "s.pdf").read_bytes() == (tmp_path / "s2.pdf").read_bytes()
    (text,) = pdf_pages((tmp_path / "s.pdf").read_bytes())
    assert "Magasin solidaire" in text and "COOP1" in text and "تعاونية النحل" in text
    assert f"RPT-{day.isoformat()}-{day.isoformat()}-cooperative" in text
    assert "393,75" in text and "348,37" in text
    write_report(market.db, COMMAND_LINE, tmp_path / "i.pdf", analytics.impact(market.db, day, day))
    stock = stock_report(market.db)
    write_report(market.db, COMMAND_LINE, tmp_path / "k.pdf", stock)
    impact_text = pdf_pages((tmp_path / "i.pdf").read_bytes())[0]
    assert f"RPT-{day.isoformat()}-{day.isoformat()}-impact" in impact_text
    assert "348,37" in impact_text  # owed to the cooperatives
    stock_text = pdf_pages((tmp_path / "k.pdf").read_bytes())[0]
    assert format_money(stock.value, "fr", currency=False).replace("\u202f", " ") in stock_text
    assert f"STK-{day.isoformat()}" in stock_text


def _events(db: Database) -> list[str]:
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as conn:
        return [str(r[0]) for r in conn.execute("SELECT detail FROM events WHERE kind = 'export'")]


def test_a_report_file_is_logged(market: Market, tmp_path: Path) -> None:
    write_report(market.db, market.organizer, tmp_path / "k.xlsx", stock_report(market.db))
    (detail,) = _events(market.db)
    assert '"exported": "stock report"' in detail and '"file": "k.xlsx"' in detail


def test_refusals_write_nothing(market: Market, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    report = _report(market, Dimension.DAY)
    with pytest.raises(UserError) as caught:
        write_report(market.db, COMMAND_LINE, tmp_path / "s.doc", report)
    assert "“s.doc”" in caught.value.message.format(**caught.value.params)
    with pytest.raises(PermissionDenied):
        write_report(market.db, market.cashier, tmp_path / "s.csv", report)
    with pytest.raises(EnvironmentFault):
        write_report(market.db, COMMAND_LINE, tmp_path / "nowhere" / "s.csv", report)
    assert list(tmp_path.iterdir()) == []
    assert _events(market.db) == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_a_full_disk_leaves_no_half_file(
    market: Market, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"report{suffix}"
    target.write_text("the previous report")
    real_fsync = os.fsync

    def fill_the_disk(fd: int) -> None:  # the data was written; the disk says no when synced
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fill_the_disk)
    with pytest.raises(EnvironmentFault) as caught:
        write_report(market.db, COMMAND_LINE, target, _report(market, Dimension.DAY))
    assert "disk is full" in caught.value.message
    assert target.read_text() == "the previous report"
    assert [p.name for p in folder.iterdir()] == [target.name]
    assert _events(market.db) == []

    monkeypatch.setattr(os, "fsync", real_fsync)
    write_report(market.db, COMMAND_LINE, target, _report(market, Dimension.DAY))
    assert target.read_bytes() != b"the previous report" and len(_events(market.db)) == 1
