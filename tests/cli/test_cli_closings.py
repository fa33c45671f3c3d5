"""``possouk close-day|close-month|close-year`` and ``possouk closings``."""

from __future__ import annotations

from datetime import date

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.cash import pieces_for
from possouk.services import sessions
from tests.cli.conftest import Cli
from tests.conftest import Market


def _today() -> str:
    return business_day(utc_now(), 240).isoformat()


def test_closing_a_day(market: Market, cli: Cli) -> None:
    market.sell([(market.honey, 1000)])
    preview = cli("close-day", "--site", "MEK", "--date", _today(), "--preview", "--json").json()
    assert (preview["net"], preview["by_cooperative"]["COOP1"]["owed"]) == ("120.00", "108.00")

    refused = cli("close-day", "--site", "MEK", "--date", _today(), "--user", "salma", "--pin", "3333")
    assert refused.code == 1 and "Register MEK1 is still open" in refused.err
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(32_000), {})

    refused = cli("close-day", "--site", "MEK", "--date", _today(), "--user", "karim", "--pin", "2222")
    assert refused.code == 1 and "not allowed" in refused.err
    assert cli("close-day", "--site", "MEK", "--date", _today()).code == 1  # who closes?

    done = cli("close-day", "--site", "MEK", "--date", _today(), "--user", "salma", stdin="3333\n")
    assert done.code == 0, done.err
    assert "Day closing MEK-J0001" in done.out and "108.00" in done.out

    listed = cli("closings", "--json").json()
    assert [c["reference"] for c in listed] == ["MEK-J0001"]
    shown = cli("closings", "--site", "MEK", "--period", _today(), "--json").json()
    assert shown["net"] == "120.00" and shown["by_register"]["MEK1"]["sales"] == 1
    assert cli("verify").code == 0


def test_a_month_not_over(market: Market, cli: Cli) -> None:
    month = date.fromisoformat(_today()).strftime("%Y-%m")
    result = cli("close-month", "--site", "MEK", "--month", month, "--user", "salma", "--pin", "3333")
    assert result.code == 1 and "is not over" in result.err
    result = cli("close-year", "--site", "MEK", "--year", "twenty", "--user", "salma", "--pin", "3333")
    assert result.code == 1 and "is not a year" in result.err
    assert "No closing yet." in cli("closings").out
