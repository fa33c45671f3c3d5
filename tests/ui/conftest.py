"""The window's tests: Qt offscreen, the real ledger of ``market``, a till at register MEK1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from possouk.i18n import current_language, set_language
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


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    """Screens switch the language: put it back for the next test."""
    before = current_language()
    yield
    set_language(before)
