"""Users: scrypt PINs with a salt, lockout after five wrong PINs, permissions."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import Role
from possouk.services import users
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market


def test_pin_is_salted_scrypt(market: Market) -> None:
    users.add_user(market.db, COMMAND_LINE, "nora", "Nora", Role.CASHIER, "1111")
    with market.db.read() as uow:
        rows = uow.connection.exec_driver_sql(
            "SELECT pin_salt, pin_hash FROM users WHERE login IN ('amina', 'nora')").all()
    (salt1, hash1), (salt2, hash2) = rows
    assert salt1 != salt2 and hash1 != hash2  # same PIN, different salt and hash
    assert "1111" not in hash1 and len(hash1) == 64


def test_login_and_lockout_after_five_wrong_pins(market: Market) -> None:
    assert users.authenticate(market.db, "amina", "1111").login == "amina"
    for _ in range(4):
        with pytest.raises(UserError, match="wrong PIN"):
            users.authenticate(market.db, "amina", "9999")
    with pytest.raises(UserError, match="now locked"):
        users.authenticate(market.db, "amina", "9999")
    with pytest.raises(UserError, match="locked"):
        users.authenticate(market.db, "amina", "1111")  # even the right PIN
    with market.db.read() as uow:
        kinds = [e["kind"] for e in uow.ledger.events(limit=20)]
    assert "lockout" in kinds and kinds.count("login_failed") >= 5
    with pytest.raises(PermissionDenied):
        users.unlock(market.db, market.cashier, "amina")
    users.unlock(market.db, market.organizer, "amina")
    assert users.authenticate(market.db, "amina", "1111").login == "amina"


def test_a_right_pin_resets_the_count(market: Market) -> None:
    for _ in range(4):
        with pytest.raises(UserError):
            users.authenticate(market.db, "amina", "0000")
    users.authenticate(market.db, "amina", "1111")
    for _ in range(4):
        with pytest.raises(UserError):
            users.authenticate(market.db, "amina", "0000")
    assert users.authenticate(market.db, "amina", "1111").login == "amina"


def test_unknown_user(market: Market) -> None:
    with pytest.raises(UserError, match="Unknown user"):
        users.authenticate(market.db, "ghost", "1234")


@pytest.mark.parametrize("pin", ["12", "abcd", "1234567890123", "١٢٣٤"])
def test_bad_pin_format(market: Market, pin: str) -> None:
    with pytest.raises(UserError, match="PIN"):
        users.add_user(market.db, COMMAND_LINE, "x", "X", Role.CASHIER, pin)


def test_only_organizers_manage_users(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        users.add_user(market.db, market.supervisor, "x", "X", Role.CASHIER, "1234")


def test_duplicate_login_and_bad_role(market: Market) -> None:
    with pytest.raises(UserError, match="taken"):
        users.add_user(market.db, COMMAND_LINE, "amina", "A", Role.CASHIER, "1234")
    with pytest.raises(UserError, match="role"):
        users.add_user(market.db, COMMAND_LINE, "boss", "B", "king", "1234")
