"""The back office's cooperatives: figures, edits validated as on creation, deactivation."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import StockKind
from possouk.services import catalog, cooperative_admin, setup, stock, unsold
from possouk.services.cooperative_admin import draft_of
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from tests.conftest import Market


def test_overview_gives_each_cooperative_its_figures(market: Market) -> None:
    market.sell([(market.oil, 2000)])  # 160,00 of COOP2
    found = {f.cooperative.code: f for f in cooperative_admin.overview(market.db)}
    assert (found["COOP2"].products, found["COOP2"].net_sales) == (2, 16000)
    assert found["COOP2"].stock_value == 28 * 8000 + 50 * 1250
    assert found["COOP1"].net_sales == 0


def test_an_edit_is_validated_and_logged_and_the_code_stays(market: Market) -> None:
    coop = next(c for c in catalog.cooperatives(market.db) if c.code == "COOP1")
    done = cooperative_admin.update_cooperative(
        market.db, market.organizer, "COOP1", replace(draft_of(coop), province="Ifrane",
                                                      commission=1200))
    assert (done.province, done.commission, done.code) == ("Ifrane", 1200, "COOP1")
    with market.db.read() as uow:
        [logged] = uow.ledger.events(kind="cooperative_changed")
    assert json.loads(logged["detail"])["fields"] == ["commission_bp", "province"]
    for bad in (dict(ice="123"), dict(rib="0117800000123456789012XX"), dict(commission=10_001),
                dict(name_ar="عسل\u202e"), dict(code="OTHER")):
        with pytest.raises(UserError):
            cooperative_admin.update_cooperative(market.db, market.organizer, "COOP1",
                                                 replace(draft_of(coop), **bad))  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        cooperative_admin.update_cooperative(market.db, market.supervisor, "COOP1", draft_of(coop))
    assert next(c for c in catalog.cooperatives(market.db) if c.code == "COOP1").province == "Ifrane"


def test_deactivation_waits_for_the_goods_to_be_handed_back(market: Market) -> None:
    with pytest.raises(UserError, match="hand its goods back"):
        cooperative_admin.set_active(market.db, market.organizer, "COOP1", False)
    unsold.hand_back(market.db, market.supervisor, "COOP1", "MEK")
    off = cooperative_admin.set_active(market.db, market.organizer, "COOP1", False)
    assert not off.active
    back = cooperative_admin.set_active(market.db, market.organizer, "COOP1", True)
    assert back.active


def test_goods_at_one_site_are_not_hidden_by_an_oversold_other(market: Market) -> None:
    market.allow_oversell()
    market.sell([(market.honey, 25000)])  # 20 on MEK's shelves: −5 there
    unsold.hand_back(market.db, market.supervisor, "COOP1", "MEK")  # the figs go back
    setup.add_site(market.db, COMMAND_LINE, "FES", "فاس", "Fès")
    stock.record(market.db, market.supervisor, StockKind.INTAKE, "FES", "COOP1",
                 [StockInput("HON-1", 5000)])  # 5 on FES's shelves: −5 + 5 = 0 in all
    with pytest.raises(UserError, match="hand its goods back"):
        cooperative_admin.set_active(market.db, market.organizer, "COOP1", False)
    found = {f.cooperative.code: f for f in cooperative_admin.overview(market.db)}
    assert found["COOP1"].stock_value == 5 * 12000
