"""The SQL money rules equal the domain's, value for value (SQLite here; PostgreSQL in issue 9)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select

from possouk.domain.closing import line_commission
from possouk.domain.money import MAX_AMOUNT
from possouk.storage import money_sql

_metadata = MetaData()
_lines = Table("lines", _metadata, Column("net", Integer), Column("bp", Integer))
_engine = create_engine("sqlite://")
_metadata.create_all(_engine)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-MAX_AMOUNT, MAX_AMOUNT), st.integers(0, 10_000)),
                min_size=1, max_size=20))
def test_line_commission_in_sql(rows: list[tuple[int, int]]) -> None:
    with _engine.begin() as conn:
        conn.execute(_lines.delete())
        conn.execute(insert(_lines), [{"net": n, "bp": b} for n, b in rows])
        got = list(conn.scalars(select(money_sql.line_commission(_lines.c.net, _lines.c.bp))))
    assert got == [line_commission(n, b) for n, b in rows]


def test_halves_go_away_from_zero() -> None:
    with _engine.begin() as conn:
        conn.execute(_lines.delete())
        conn.execute(insert(_lines), [{"net": 5, "bp": 1000}, {"net": -5, "bp": 1000},
                                      {"net": 4, "bp": 1000}, {"net": 15, "bp": 1000}])
        got = list(conn.scalars(select(money_sql.line_commission(_lines.c.net, _lines.c.bp))))
    assert got == [1, -1, 0, 2]
