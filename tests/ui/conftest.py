"""The window's tests: Qt offscreen, the real ledger of ``market``, a till at register MEK1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from possouk.i18n import current_language, set_language
from possouk.ui.screens.sale import SaleScreen
from possouk.ui.till import Till
from tests.conftest import Market


@pytest.fixture
def till(market: Market) -> Till:
    """A till at register MEK1 over the market's ledger, nobody logged in."""
    return Till(market.db, "MEK1")


@pytest.fixture
def cashier_till(till: Till) -> Till:
    """The same till with amina (cashier) logged in."""
    till.login("amina", "1111")
    return till


@pytest.fixture
def sale(qtbot: QtBot, cashier_till: Till) -> SaleScreen:
    """The sale screen of ``cashier_till``, shown at 1280 × 800."""
    screen = SaleScreen(cashier_till)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activated()
    return screen


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    """Screens switch the language: put it back for the next test."""
    before = current_language()
    yield
    set_language(before)
