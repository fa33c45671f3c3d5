"""``possouk session open|move|x|close|list`` and ``possouk z`` on the market's ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from possouk.cli.session_cmds import parse_count
from possouk.domain.errors import UserError
from tests.cli.conftest import Cli
from tests.conftest import Market


def test_a_day_at_the_register(market: Market, cli: Cli, tmp_path: Path) -> None:
    # The market opened MEK1 with 200,00; a sale of 120,00 paid in cash.
    market.sell([(market.honey, 1000)])
    assert cli("session", "list", "--json").json()[0]["float"] == "200.00"

    drop = cli("session", "move", "MEK1", "out", "--reason", "safe_drop", "--amount", "100",
               "--user", "amina", "--pin", "1111")
    assert drop.code == 1 and "not allowed" in drop.err  # a cashier needs a supervisor
    drop = cli("session", "move", "MEK1", "out", "--reason", "safe_drop", "--amount", "100",
               "--user", "amina", "--supervisor", "karim", stdin="1111\n2222\n")
    assert drop.code == 0, drop.err
    assert "Cash movement 1 recorded at register MEK1: -100.00\u00a0MAD." in drop.out

    x = cli("session", "x", "MEK1", "--json").json()
    assert (x["expected_cash"], x["cash_out"], x["sales"]) == ("220.00", "100.00", 1)

    closing = cli("session", "close", "MEK1", "--user", "amina", "--pin", "1111",
                  "--count", "200=1", "--count", "20=1", "--json")
    assert closing.code == 0, closing.err
    z = closing.json()
    assert z["reference"] == "MEK1-Z0001" and z["grand_total"] == "120.00"
    assert z["methods"]["cash"] == {"expected": "220.00", "found": "220.00", "difference": "0.00"}

    listed = cli("z")
    assert "MEK1-Z0001" in listed.out and "120.00\u00a0MAD" in listed.out
    pdf = tmp_path / "z.pdf"
    written = cli("z", "mek1-z1", "--pdf", str(pdf))
    assert written.code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert "Every register is closed." in cli("session", "list").out
    assert cli("verify").code == 0


def test_a_difference_needs_a_supervisor_and_a_reason(market: Market, cli: Cli) -> None:
    args = ("session", "close", "MEK1", "--user", "amina", "--pin", "1111", "--count", "200=1",
            "--count", "2=1", "--count", "0.50=1")
    refused = cli(*args)
    assert refused.code == 1 and "a supervisor must accept it" in refused.err
    refused = cli(*args, "--supervisor", "karim", "--supervisor-pin", "2222")
    assert refused.code == 1 and "Say why the count differs" in refused.err
    done = cli(*args, "--supervisor", "karim", "--supervisor-pin", "2222", "--reason", "a coin")
    assert done.code == 0, done.err
    assert "+2.50\u00a0MAD" in done.out


def test_a_wrong_pin_is_refused_and_counted(market: Market, cli: Cli) -> None:
    result = cli("session", "close", "MEK1", "--user", "amina", "--pin", "9999", "--count", "200=1")
    assert result.code == 1 and "PIN" in result.err
    assert cli("session", "list", "--json").json()[0]["register"] == "MEK1"  # still open


@pytest.mark.parametrize(("words", "message"), [
    (["200"], "VALUE=PIECES"),
    (["3=1"], "not a Moroccan note or coin"),
    (["abc=1"], "not an amount"),
    (["200=x"], "whole number"),
    (["200=-2"], "cannot be negative"),
    (["0.05=1"], "not a Moroccan note or coin"),
])
def test_bad_counts_are_explained(words: list[str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_count(words)


def test_counts_in_dirhams() -> None:
    assert parse_count(["200=2", "0.50=3", "0,10=1", "200=1"]).total == 60_160


def test_opening_needs_the_register_closed(market: Market, cli: Cli) -> None:
    result = cli("session", "open", "MEK1", "--user", "amina", "--pin", "1111", "--count", "100=1")
    assert result.code == 1 and "already open" in result.err
