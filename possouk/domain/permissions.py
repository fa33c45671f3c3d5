"""Who may do what. Services check these; screens only hide what is refused anyway."""

from __future__ import annotations

from enum import StrEnum

from possouk.domain.errors import N_, PermissionDenied
from possouk.domain.people import Role, User


class Permission(StrEnum):
    SELL = "sell"
    LINE_DISCOUNT = "line_discount"
    TICKET_DISCOUNT = "ticket_discount"
    PRICE_OVERRIDE = "price_override"
    PRICE_UNDER_MINIMUM = "price_under_minimum"
    REFUND = "refund"
    MANAGE_STOCK = "manage_stock"
    MANAGE_CATALOG = "manage_catalog"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    IMPORT_EXPORT = "import_export"
    MOVE_CASH = "move_cash"  # cash in and out of a drawer during a session
    CLOSE_ANY_SESSION = "close_any_session"  # close a session another person opened
    APPROVE_DIFFERENCE = "approve_difference"  # accept a closing beyond the tolerance
    CLOSE_PERIOD = "close_period"  # day, month and year closings of a site
    VIEW_REPORTS = "view_reports"  # the dashboard and the reports
    SETTLE = "settle"  # statements, shared costs and payouts to the cooperatives


_CASHIER = frozenset({Permission.SELL, Permission.LINE_DISCOUNT})
_SUPERVISOR = _CASHIER | {
    Permission.TICKET_DISCOUNT,
    Permission.PRICE_OVERRIDE,
    Permission.PRICE_UNDER_MINIMUM,
    Permission.REFUND,
    Permission.MANAGE_STOCK,
    Permission.MOVE_CASH,
    Permission.CLOSE_ANY_SESSION,
    Permission.APPROVE_DIFFERENCE,
    Permission.VIEW_REPORTS,
}
_ORGANIZER = _SUPERVISOR | {
    Permission.MANAGE_CATALOG,
    Permission.MANAGE_USERS,
    Permission.MANAGE_SETTINGS,
    Permission.IMPORT_EXPORT,
    Permission.CLOSE_PERIOD,
    Permission.SETTLE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASHIER: _CASHIER,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ORGANIZER: frozenset(_ORGANIZER),
}


def allows(user: User, permission: Permission) -> bool:
    """True when the user is active and their role grants the permission."""
    return user.active and not user.locked and permission in ROLE_PERMISSIONS[user.role]


def require(user: User, permission: Permission) -> None:
    """Raise :class:`PermissionDenied` unless the user may do this."""
    if not allows(user, permission):
        raise PermissionDenied(
            N_("{user} is not allowed to do this ({permission})."),
            user=user.display_name,
            permission=permission.value,
        )
