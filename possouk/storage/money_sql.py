"""Money rules of possouk.domain written in SQL, for sums over millions of lines.

Each function here mirrors a domain function exactly (tests/storage/test_money_sql.py
checks them against each other): integers only, the same rounding.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case

__all__ = ["line_commission"]


def line_commission(net: ColumnElement[Any], rate: ColumnElement[Any]) -> ColumnElement[Any]:
    """:func:`possouk.domain.closing.line_commission`: ``net × rate / 10,000`` rounded half away
    from zero, in integer arithmetic (``//`` renders as integer division in SQLite and
    PostgreSQL; its operands are never negative here)."""
    return case((net >= 0, (net * rate * 2 + 10_000) // 20_000),
                else_=-((-net * rate * 2 + 10_000) // 20_000))
