"""The back office's user management: creation with a PIN typed twice, roles, PIN resets,
deactivation (never the last organizer, never oneself), unlocking, the event log."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import Role
from possouk.services import user_admin, users
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market


def test_create_with_two_different_pins_is_refused_and_writes_nothing(market: Market) -> None:
    with pytest.raises(UserError) as refused:
        user_admin.create_user(market.db, market.organizer, "nadia", "Nadia", Role.CASHIER,
                               "4444", "4445")
    assert refused.value.message == user_admin.PINS_DIFFER
    assert "nadia" not in {u.login for u in users.users(market.db)}


def test_create_checks_the_pin_like_add_user(market: Market) -> None:
    with pytest.raises(UserError, match="4 to 12 digits"):
        user_admin.create_user(market.db, market.organizer, "nadia", "Nadia", Role.CASHIER,
                               "12", "12")
    created = user_admin.create_user(market.db, market.organizer, "nadia", "Nadia", "cashier",
                                     "4444", " 4444 ")
    assert created.role is Role.CASHIER
    assert users.authenticate(market.db, "nadia", "4444").login == "nadia"


def test_only_organizers_manage_users(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        user_admin.create_user(market.db, market.supervisor, "nadia", "Nadia", Role.CASHIER,
                               "4444", "4444")
    with pytest.raises(PermissionDenied):
        user_admin.change_role(market.db, market.supervisor, "amina", Role.ORGANIZER)
    with pytest.raises(PermissionDenied):
        user_admin.event_log(market.db, market.supervisor)


def test_change_role_is_logged(market: Market) -> None:
    changed = user_admin.change_role(market.db, market.organizer, "amina", Role.SUPERVISOR)
    assert changed.role is Role.SUPERVISOR
    page = user_admin.event_log(market.db, market.organizer, kind="user_role_changed")
    [entry] = page.entries
    assert entry.login == "salma"
    assert entry.detail == {"login": "amina", "before": "cashier", "after": "supervisor"}


def test_the_last_organizer_keeps_the_role(market: Market) -> None:
    with pytest.raises(UserError, match="last active organizer"):
        user_admin.change_role(market.db, market.organizer, "salma", Role.SUPERVISOR)
    user_admin.create_user(market.db, market.organizer, "omar", "Omar", Role.ORGANIZER,
                           "5555", "5555")
    assert user_admin.change_role(market.db, market.organizer, "salma", Role.SUPERVISOR).role \
        is Role.SUPERVISOR


def test_nobody_deactivates_themselves(market: Market) -> None:
    with pytest.raises(UserError, match="your own account"):
        user_admin.set_active(market.db, market.organizer, "salma", False)


def test_cannot_deactivate_the_last_organizer(market: Market) -> None:
    # The command line acts as an organizer that is no account: salma is the last one.
    with pytest.raises(UserError, match="last active organizer"):
        user_admin.set_active(market.db, COMMAND_LINE, "salma", False)
    assert {u.login: u.active for u in users.users(market.db)}["salma"]
    omar = user_admin.create_user(market.db, market.organizer, "omar", "Omar", Role.ORGANIZER,
                                  "5555", "5555")
    user_admin.set_active(market.db, omar, "salma", False)  # omar remains
    with pytest.raises(UserError, match="last active organizer"):
        user_admin.set_active(market.db, COMMAND_LINE, "omar", False)
    active = {u.login for u in users.users(market.db) if u.active}
    assert "omar" in active and "salma" not in active


def test_reset_pin_then_log_in_with_the_new_one(market: Market) -> None:
    for _attempt in range(5):
        with pytest.raises(UserError):
            users.authenticate(market.db, "amina", "9999")
    with pytest.raises(UserError, match="two PINs differ"):
        user_admin.reset_pin(market.db, market.organizer, "amina", "7777", "7778")
    user_admin.reset_pin(market.db, market.organizer, "amina", "7777", "7777")
    assert users.authenticate(market.db, "amina", "7777").login == "amina"  # unlocked too
    with pytest.raises(UserError):
        users.authenticate(market.db, "amina", "1111")
    [entry] = user_admin.event_log(market.db, market.organizer, kind="user_pin_reset").entries
    assert "7777" not in str(entry.detail)


def test_deactivated_users_cannot_log_in_and_come_back(market: Market) -> None:
    user_admin.set_active(market.db, market.organizer, "amina", False)
    with pytest.raises(UserError):
        users.authenticate(market.db, "amina", "1111")
    user_admin.set_active(market.db, market.organizer, "amina", True)
    assert users.authenticate(market.db, "amina", "1111").active


def test_unlock(market: Market) -> None:
    for _attempt in range(5):
        with pytest.raises(UserError):
            users.authenticate(market.db, "karim", "0000")
    assert {u.login: u.locked for u in users.users(market.db)}["karim"]
    user_admin.unlock(market.db, market.organizer, "karim")
    assert users.authenticate(market.db, "karim", "2222").login == "karim"


def test_event_log_filters_by_user_and_kind_newest_first(market: Market) -> None:
    users.authenticate(market.db, "amina", "1111")
    users.authenticate(market.db, "karim", "2222")
    with pytest.raises(UserError):
        users.authenticate(market.db, "amina", "0000")
    users.authenticate(market.db, "amina", "1111")
    kinds = user_admin.event_kinds(market.db, market.organizer)
    assert {"login", "login_failed", "user_added"} <= set(kinds)
    page = user_admin.event_log(market.db, market.organizer, login="amina", kind="login")
    assert [e.login for e in page.entries] == ["amina", "amina"]
    assert page.total == 2
    seqs = [e.seq for e in page.entries]
    assert seqs == sorted(seqs, reverse=True)
    everyone = user_admin.event_log(market.db, market.organizer, kind="login")
    assert {e.login for e in everyone.entries} == {"amina", "karim"}
    amina = user_admin.event_log(market.db, market.organizer, login="amina")
    assert {e.kind for e in amina.entries} >= {"login", "login_failed"}


def test_event_log_pages(market: Market) -> None:
    for _time in range(7):
        users.authenticate(market.db, "karim", "2222")
    first = user_admin.event_log(market.db, market.organizer, kind="login", limit=5)
    assert len(first.entries) == 5 and first.total == 7 and first.has_older and not first.has_newer
    second = user_admin.event_log(market.db, market.organizer, kind="login", offset=5, limit=5)
    assert len(second.entries) == 2 and second.has_newer and not second.has_older
    assert second.entries[0].seq < first.entries[-1].seq


def test_a_locked_organizer_does_not_count_as_another_one(market: Market) -> None:
    users.add_user(market.db, market.organizer, "hind", "Hind", Role.ORGANIZER, "5555")
    for _attempt in range(5):  # hind locks herself out
        with pytest.raises(UserError):
            users.authenticate(market.db, "hind", "0000")
    with pytest.raises(UserError, match="last active organizer"):
        user_admin.change_role(market.db, market.organizer, "salma", "supervisor")
