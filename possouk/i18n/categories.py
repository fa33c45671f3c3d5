"""Labels of the product categories the catalog uses, for tiles and lists.

Categories are stored as short English keys (``"honey"``, ``"olive oil"``),
the same for every language; the window shows them translated. A key the
table does not know (a category typed in an import) is shown as typed.
"""

from __future__ import annotations

from possouk.i18n import N_, gettext

__all__ = ["CATEGORY_LABELS", "category_label"]

CATEGORY_LABELS: dict[str, str] = {
    # Translators: a product category (a tile on the cashier's screen)
    "honey": N_("Honey"),
    # Translators: a product category: dried figs and fig products
    "figs": N_("Figs"),
    # Translators: a product category: aromatic and medicinal plants
    "herbs": N_("Herbs"),
    # Translators: a product category
    "olive oil": N_("Olive oil"),
    # Translators: a product category: soaps, argan oil, ghassoul
    "cosmetics": N_("Cosmetics"),
    # Translators: a product category: couscous, flours, local grain products
    "cereals": N_("Cereals"),
    # Translators: a product category: traditional woodwork
    "carpentry": N_("Carpentry"),
    # Translators: a product category: embroidery, weaving, carpets
    "textiles": N_("Textiles"),
    # Translators: a product category: milk, cheese, butter
    "dairy": N_("Dairy"),
}


def category_label(key: str) -> str:
    """The label of category ``key`` in the current language; an unknown key as typed."""
    msgid = CATEGORY_LABELS.get(key.strip().casefold())
    return gettext(msgid) if msgid is not None else key
