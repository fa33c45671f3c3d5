"""Barcode label sheets for products, chosen by cooperative or by sku, as PDF bytes."""

from __future__ import annotations

from collections.abc import Sequence

from possouk.domain.errors import N_, UserError
from possouk.domain.model import Cooperative, Product
from possouk.reports import labels as label_report
from possouk.reports.labels import GRIDS, Grid, LabelData, sheets_needed
from possouk.services.catalog import require_cooperative, require_product_sku
from possouk.storage.uow import Database, UnitOfWork

__all__ = ["MAX_COPIES", "label_data", "labels_pdf", "render_labels", "sheet_grid", "sheets_needed"]

MAX_COPIES = 100
NOTHING_CHOSEN = N_("Choose the products to label: a cooperative, or one or more skus.")


def _label(product: Product, cooperative: Cooperative) -> LabelData:
    return LabelData(product.sku, product.barcode, product.name_ar, product.name_fr, product.price,
                     product.unit, cooperative.name_fr, cooperative.name_ar)


def _cooperative(uow: UnitOfWork, cache: dict[int, Cooperative], cooperative_id: int) -> Cooperative:
    if cooperative_id not in cache:
        cache[cooperative_id] = uow.catalog.cooperative(cooperative_id)
    return cache[cooperative_id]


def label_data(db: Database, *, cooperative_code: str | None = None,
               skus: Sequence[str] = ()) -> list[LabelData]:
    """One label per product: the active products of a cooperative (sku order), then ``skus``.

    A product named twice gets one label (ask for copies instead). Raises
    :class:`UserError` for an unknown cooperative or sku, or when nothing is chosen.
    """
    if cooperative_code is None and not skus:
        raise UserError(NOTHING_CHOSEN)
    chosen: list[Product] = []
    cache: dict[int, Cooperative] = {}
    with db.read() as uow:
        if cooperative_code is not None:
            cooperative = require_cooperative(uow, cooperative_code)
            cache[cooperative.id] = cooperative
            products = [p for p in uow.catalog.products(cooperative_id=cooperative.id) if p.active]
            if not products:
                raise UserError(N_("The cooperative {code} has no product on sale: there is no "
                                   "label to print."), code=cooperative.code)
            chosen.extend(products)
        chosen.extend(require_product_sku(uow, sku) for sku in skus)
        seen: set[int] = set()
        labels = []
        for product in chosen:
            if product.id not in seen:
                seen.add(product.id)
                labels.append(_label(product, _cooperative(uow, cache, product.cooperative_id)))
    return labels


def sheet_grid(grid: str, copies: int = 1) -> Grid:
    """The :class:`Grid` named ``grid`` ("3x8", "4x10"), once ``copies`` is checked too.

    Raises :class:`UserError` for an unknown grid or a number of copies outside 1–100.
    """
    layout = GRIDS.get(grid.strip().lower())
    if layout is None:
        raise UserError(N_("There is no label sheet {grid}; choose one of: {choices}."),
                        grid=grid, choices=", ".join(GRIDS))
    if not 1 <= copies <= MAX_COPIES:
        raise UserError(N_("The number of copies must be between 1 and {most}."), most=MAX_COPIES)
    return layout


def render_labels(labels: Sequence[LabelData], *, grid: str = "3x8", copies: int = 1,
                  outline: bool = False) -> bytes:
    """Draw ``labels`` on A4 sheets of the named ``grid``, ``copies`` of each, as PDF bytes.

    Raises :class:`UserError` as :func:`sheet_grid` does, or when ``labels`` is empty.
    """
    layout = sheet_grid(grid, copies)
    if not labels:
        raise UserError(NOTHING_CHOSEN)
    return label_report.label_sheet_pdf(labels, layout, copies, outline=outline)


def labels_pdf(db: Database, *, cooperative_code: str | None = None, skus: Sequence[str] = (),
               grid: str = "3x8", copies: int = 1, outline: bool = False) -> bytes:
    """Label sheets (PDF bytes) for a cooperative's products and/or products by sku.

    See :func:`label_data` for the choice of products and :func:`render_labels`
    for the sheet; every refusal is a :class:`UserError`, raised before drawing.
    """
    sheet_grid(grid, copies)  # refuse bad options before reading anything
    labels = label_data(db, cooperative_code=cooperative_code, skus=skus)
    return render_labels(labels, grid=grid, copies=copies, outline=outline)
