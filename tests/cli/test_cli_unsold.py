"""``possouk unsold``: the unsold stock statement and handing the goods back."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import Cli
from tests.conftest import Market


def test_the_statement_then_the_goods_handed_back(market: Market, cli: Cli, tmp_path: Path) -> None:
    market.sell([(market.honey, 2000), (market.figs, 1500)])
    shown = cli("unsold", "COOP1", "--site", "MEK", "--json").json()
    assert (shown["cooperative"], shown["site"], shown["from"], shown["to"]) == ("COOP1", "MEK",
                                                                                None, None)
    honey = next(p for p in shown["products"] if p["sku"] == "HON-1")
    assert (honey["deposited"], honey["sold"], honey["remaining"], honey["value"]) == (
        "20", "2", "18", "2160.00")
    assert shown["value"] == "2542.50"  # 18 × 120,00 + 8,5 kg × 45,00
    assert shown["return_slip"] is None

    text = cli("unsold", "COOP1", "--site", "MEK", "--lang", "en")
    assert text.code == 0 and "HON-1" in text.out and "2,542.50" in text.out

    refused = cli("unsold", "COOP1", "--site", "MEK", "--hand-back")
    assert refused.code == 1 and "--user" in refused.err
    refused = cli("unsold", "COOP1", "--site", "MEK", "--hand-back", "--user", "amina",
                  "--pin", "1111")
    assert refused.code == 1 and "not allowed" in refused.err

    pdf, slip = tmp_path / "unsold.pdf", tmp_path / "return.pdf"
    done = cli("unsold", "COOP1", "--site", "MEK", "--pdf", str(pdf), "--hand-back", "--slip",
               str(slip), "--user", "karim", "--pin", "2222", "--json").json()
    assert done["return_slip"] == "MEK-R-00001"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Coopérative des abeilles" in text and "2 542,50" in text.replace("\u202f", " ")
    assert "MEK-R-00001" in PdfReader(slip).pages[0].extract_text()
    after = cli("unsold", "COOP1", "--site", "MEK", "--json").json()
    assert all(p["remaining"] == "0" for p in after["products"])
    again = cli("unsold", "COOP1", "--site", "MEK", "--hand-back", "--user", "karim",
                "--pin", "2222")
    assert again.code == 1 and "nothing to hand back" in again.err
    assert cli("verify").code == 0


def test_every_cooperative_at_once(market: Market, cli: Cli, tmp_path: Path) -> None:
    market.sell([(market.soap, 3000)])
    out = tmp_path / "edition"
    batch = cli("unsold", "--all", "--site", "MEK", "--out", str(out), "--hand-back",
                "--user", "karim", "--pin", "2222", "--json").json()
    assert [s["cooperative"] for s in batch["statements"]] == ["COOP1", "COOP2"]
    assert [s["return_slip"] for s in batch["statements"]] == ["MEK-R-00001", "MEK-R-00002"]
    assert sorted(p.name for p in out.iterdir()) == [
        "return-COOP1.pdf", "return-COOP2.pdf", "unsold-COOP1.pdf", "unsold-COOP2.pdf"]


def test_bad_requests(market: Market, cli: Cli, tmp_path: Path) -> None:
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    both = cli("unsold", "COOP1", "--all", "--site", "MEK", "--out", str(tmp_path))
    assert both.code == 1 and "--all" in both.err
    no_out = cli("unsold", "--all", "--site", "MEK")
    assert no_out.code == 1 and "--out" in no_out.err
    backwards = cli("unsold", "COOP1", "--site", "MEK", "--from", "2026-05-10", "--to", "2026-05-01")
    assert backwards.code == 1 and "ends before it starts" in backwards.err
    slip_alone = cli("unsold", "COOP1", "--site", "MEK", "--slip", str(tmp_path / "s.pdf"))
    assert slip_alone.code == 1 and "--hand-back" in slip_alone.err
    no_site = cli("unsold", "COOP1", "--site", "XYZ")
    assert no_site.code == 1 and "no site" in no_site.err
    assert not list(tmp_path.iterdir())
