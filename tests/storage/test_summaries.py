"""The running sums kept with each sale give what the sale lines give, for every dimension."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from possouk.domain.report import Dimension
from possouk.services.demo import build_demo
from possouk.storage.report_queries import Grouped
from possouk.storage.schema import (
    summary_categories,
    summary_cooperatives,
    summary_products,
    summary_receipts,
)
from possouk.storage.summary_repo import _local_hour_of
from possouk.storage.uow import Database, open_database

START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path)
    build_demo(db, sales=150, seed=7)
    return db


def _figures(grouped: dict[str, Grouped]) -> dict[str, tuple[int, ...]]:
    return {k: (g.receipts, g.sales, g.refunds, g.sales_commission, g.refunds_commission)
            for k, g in grouped.items()}


@pytest.mark.parametrize("dimension", [d for d in Dimension if d is not Dimension.HOUR])
@pytest.mark.parametrize("site", [None, 1])
def test_each_dimension(demo: Database, dimension: Dimension, site: int | None) -> None:
    with demo.read() as uow:
        kept = uow.reports.sales_by(dimension, START, END, site)
        counted = uow.reports.sales_by_lines(dimension, START, END, site)
    assert _figures(kept) == _figures(counted)
    assert kept  # the demo sold something on every dimension
    if dimension is Dimension.PRODUCT:
        assert {k: g.quantity for k, g in kept.items()} == {k: g.quantity for k, g in counted.items()}


def test_hours_are_the_store_s_local_hours(demo: Database) -> None:
    with demo.read() as uow:
        kept = uow.reports.sales_by(Dimension.HOUR, START, END, None)
        counted = uow.reports.sales_by_lines(Dimension.HOUR, START, END, None)
    folded: dict[str, list[int]] = {}
    for utc_hour, g in counted.items():
        sums = folded.setdefault(f"{_local_hour_of(utc_hour):02d}", [0, 0, 0])
        sums[0] += g.receipts
        sums[1] += g.sales
        sums[2] += g.refunds
    assert {k: [g.receipts, g.sales, g.refunds] for k, g in kept.items()} == folded
    assert min(kept) >= "09" and max(kept) <= "21"  # the demo sells 10:00–20:00, Morocco time


def test_a_rebuild_gives_the_same_sums(demo: Database) -> None:
    tables = (summary_receipts, summary_cooperatives, summary_categories, summary_products)

    def rows() -> list[list[tuple[object, ...]]]:
        with demo.read() as uow:
            return [sorted(tuple(r) for r in uow.connection.execute(select(t))) for t in tables]

    before = rows()
    with demo.write() as uow:
        uow.summaries.rebuild()
        uow.commit()
    assert rows() == before
