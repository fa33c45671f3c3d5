"""Names of the fields a user types into, as messages: errors say "the Arabic name",
not "name_ar". The key is the field's name in the code and in import files."""

from __future__ import annotations

from possouk.domain.errors import N_

FIELD_LABELS: dict[str, str] = {
    "name": N_("name"),
    "name_ar": N_("Arabic name"),
    "name_fr": N_("French name"),
    "code": N_("code"),
    "sku": N_("sku"),
    "login": N_("login"),
    "category": N_("category"),
    "registration": N_("registration number"),
    "province": N_("province"),
    "contact": N_("contact"),
    "note": N_("note"),
    "address": N_("address"),
    "if_number": N_("IF number"),
    "rc": N_("RC number"),
    "receipt_footer": N_("receipt footer"),
    "ref": N_("reference"),
    "cooperative_code": N_("cooperative code"),
    "site": N_("site"),
    "register": N_("register"),
    "cashier": N_("cashier"),
    "datetime": N_("date and time"),
    "payment": N_("payment"),
    "reason": N_("reason"),
}


def field_label(key: str) -> str:
    """The message naming a field (untranslated), or the key itself when unknown."""
    return FIELD_LABELS.get(key, key)
