"""``possouk settle``, ``payout``, ``cost`` and ``statements``."""

from __future__ import annotations

from pathlib import Path

from possouk.domain.calendar import business_day, utc_now
from tests.cli.conftest import Cli
from tests.conftest import Market


def _today() -> str:
    return business_day(utc_now(), 240).isoformat()


def test_draft_issue_and_pay(market: Market, cli: Cli, tmp_path: Path) -> None:
    market.sell([(market.honey, 1000)])  # 120,00 at 10 %: 108,00 for COOP1
    draft = cli("settle", "COOP1", "--json").json()
    assert (draft["issued"], draft["net_payable"], draft["commission"]) == (False, "108.00", "12.00")
    assert draft["lines"] == [{"sku": "HON-1", "quantity": "1", "unit_price": "120.00",
                               "amount": "120.00", "commission": "12.00"}]
    pdf = tmp_path / "draft.pdf"
    assert cli("settle", "COOP1", "--pdf", str(pdf)).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")

    refused = cli("settle", "COOP1", "--issue")
    assert refused.code == 1 and "--user" in refused.err
    refused = cli("settle", "COOP1", "--issue", "--user", "karim", "--pin", "2222")
    assert refused.code == 1 and "not allowed" in refused.err
    issued = cli("settle", "COOP1", "--issue", "--user", "salma", "--pin", "3333", "--json").json()
    assert (issued["reference"], issued["balance_due"]) == ("REL-000001", "108.00")
    again = cli("settle", "COOP1", "--issue", "--user", "salma", "--pin", "3333")
    assert again.code == 1 and "Nothing to settle" in again.err

    too_much = cli("payout", "COOP1", "200", "--method", "cheque", "--reference", "C-1",
                   "--user", "salma", "--pin", "3333")
    assert too_much.code == 1 and "is owed 108.00" in too_much.err
    no_rib = cli("payout", "COOP1", "50", "--method", "transfer", "--reference", "V-1",
                 "--user", "salma", "--pin", "3333")
    assert no_rib.code == 1 and "no RIB" in no_rib.err
    paid = cli("payout", "COOP1", "50", "--method", "cash", "--register", "MEK1",
               "--user", "salma", "--pin", "3333", "--json").json()
    assert (paid["payout"], paid["balance_due"], paid["reference"]) == ("PAY-000001", "58.00",
                                                                       "MEK1-C0001")
    cheque = cli("payout", "COOP1", "8", "--method", "cheque", "--reference", "C-2", "--print",
                 "--user", "salma", "--pin", "3333")
    assert cheque.code == 2 and "PAY-000002" in cheque.out  # recorded; its paper waits (no printer)
    assert "PAY-000002" in cheque.err and "print-queue --retry" in cheque.err
    queued = cli("payout", "COOP1", "10", "--method", "cheque", "--reference", "C-3", "--print",
                 "--user", "salma", "--pin", "3333", "--json")
    assert queued.code == 2 and queued.json()["printed"] is False
    listed = cli("statements", "--json").json()
    assert [s["reference"] for s in listed["statements"]] == ["REL-000001"]
    assert [p["amount"] for p in listed["payouts"]] == ["50.00", "8.00", "10.00"]
    assert cli("verify").code == 0


def test_costs_and_the_batch(market: Market, cli: Cli, tmp_path: Path) -> None:
    market.sell([(market.honey, 1000), (market.soap, 2000)])
    day = _today()
    added = cli("cost", "add", "--site", "MEK", "--from", day, "--to", day, "--amount", "10",
                "--rule", "equal", "--label", "Stand", "--user", "salma", "--pin", "3333")
    assert added.code == 0, added.err
    assert cli("cost", "list", "--json").json()[0]["shares"] == {"COOP1": "5.00", "COOP2": "5.00"}
    batch = cli("settle", "--all", "--out", str(tmp_path / "out"), "--json").json()
    assert [s["cooperative"] for s in batch["statements"]] == ["COOP1", "COOP2"]
    assert all(not s["issued"] for s in batch["statements"])  # drafts without --issue
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["DRAFT-COOP1.pdf", "DRAFT-COOP2.pdf", "statements.csv", "statements.xlsx",
                     "summary.pdf"]
    assert "COOP2" in (tmp_path / "out" / "statements.csv").read_text(encoding="utf-8")


def test_bad_input(market: Market, cli: Cli) -> None:
    assert "Name one cooperative" in cli("settle").err
    assert "--out FOLDER" in cli("settle", "--all").err
    backwards = cli("settle", "COOP1", "--from", "2026-05-10", "--to", "2026-05-01")
    assert backwards.code == 1 and "ends before it starts" in backwards.err
    empty = cli("settle", "COOP1", "--issue", "--user", "salma", "--pin", "3333")
    assert empty.code == 1 and "Nothing to settle" in empty.err
