"""``possouk unsold``: what each cooperative's goods left at a site at the end of an edition.

Shown, written as a bilingual PDF for the cooperative, and with ``--hand-back`` the goods
remaining are given back: one return slip per cooperative, recorded and written as PDF.
Handing back needs a supervisor or an organizer (``--user LOGIN``, PIN from ``--pin`` or
standard input).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_json_option, parse_day
from possouk.cli.output import emit, emit_json, say, table
from possouk.cli.session_cmds import authenticated
from possouk.domain.errors import N_, UserError
from possouk.domain.model import StockDocument, User
from possouk.domain.money import format_plain, format_quantity_plain
from possouk.domain.unsold import UnsoldStock
from possouk.i18n import _, current_language
from possouk.i18n.formatting import format_money
from possouk.services import unsold
from possouk.services.files import write_atomically

__all__ = ["add_commands", "unsold_json"]


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    cmd = add_command(subparsers, "unsold", _("the goods a cooperative left at a site: deposited, "
                                              "sold, returned, adjusted, remaining; and handing "
                                              "them back"), common, unsold_command)
    cmd.add_argument("cooperative", metavar="COOPERATIVE", nargs="?",
                     help=_("the cooperative's code (or --all)"))
    cmd.add_argument("--all", action="store_true",
                     help=_("every cooperative whose goods were at the site (needs --out)"))
    cmd.add_argument("--site", required=True, metavar="CODE", help=_("the site's code"))
    cmd.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                     help=_("the edition's first business day (what was there before is the "
                            "opening stock)"))
    cmd.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                     help=_("the edition's last business day (default: up to now)"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help=_("write the statement as a PDF"))
    cmd.add_argument("--out", metavar="FOLDER", type=Path,
                     help=_("with --all: one PDF per cooperative (and its return slip)"))
    cmd.add_argument("--hand-back", action="store_true",
                     help=_("record the return slip of everything still on hand at the site"))
    cmd.add_argument("--slip", metavar="FILE", type=Path,
                     help=_("with --hand-back: write the return slip as a PDF"))
    cmd.add_argument("--user", metavar="LOGIN", help=_("who hands the goods back"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))
    add_json_option(cmd)


def unsold_json(stock: UnsoldStock, slip: StockDocument | None = None) -> dict[str, Any]:
    return {
        "cooperative": stock.cooperative_code, "site": stock.site_code,
        "from": stock.start.isoformat() if stock.start else None,
        "to": stock.end.isoformat() if stock.end else None,
        "products": [{
            "sku": p.sku, "opening": format_quantity_plain(p.opening),
            "deposited": format_quantity_plain(p.deposited), "sold": format_quantity_plain(p.sold),
            "returned": format_quantity_plain(p.returned),
            "adjusted": format_quantity_plain(p.adjusted),
            "remaining": format_quantity_plain(p.remaining), "price": format_plain(p.price),
            "value": format_plain(p.value)} for p in stock.products],
        "value": format_plain(stock.value),
        "oversold": [p.sku for p in stock.oversold],
        "return_slip": slip.reference if slip else None,
    }


def _show(stock: UnsoldStock) -> None:
    say(N_("Unsold stock of {code} at site {site}"), code=stock.cooperative_code,
        site=stock.site_code)
    if not stock.products:
        say(N_("None of its goods were at this site in this period."))
        return
    arabic = current_language() == "ar"
    table([_("Sku"), _("Product"), _("Opening"), _("Deposited"), _("Sold"), _("Returned"),
           _("Adjusted"), _("Remaining"), _("Value")],
          [[p.sku, p.name_ar if arabic else p.name_fr, format_quantity_plain(p.opening),
            format_quantity_plain(p.deposited), format_quantity_plain(p.sold),
            format_quantity_plain(p.returned), format_quantity_plain(p.adjusted),
            format_quantity_plain(p.remaining), format_money(p.value)] for p in stock.products])
    emit()
    say(N_("Value of the goods remaining: {amount}"), amount=format_money(stock.value))
    if stock.oversold:
        say(N_("Sold beyond the recorded stock (nothing to hand back): {skus}"),
            skus=", ".join(p.sku for p in stock.oversold))


def _hand_back(app: App, user: User, now: UnsoldStock | None,
               slip: Path | None) -> StockDocument | None:
    """Record the return slip of what remains ``now`` and write it; None when nothing remains."""
    from possouk.services import documents  # reportlab loads on first use

    if now is None or not now.to_return:
        return None
    doc = unsold.hand_back(app.db, user, now.cooperative_code, now.site_code)
    if slip is not None:
        write_atomically(slip, documents.deposit_slip_pdf(app.db, doc.reference))
    return doc


def unsold_command(app: App, args: argparse.Namespace) -> int:
    start, end = parse_day(args.start), parse_day(args.end)
    if args.all == bool(args.cooperative):
        raise UserError(N_("Name one cooperative, or give --all."))
    if args.all and args.out is None:
        raise UserError(N_("With --all, say where to write the files: --out FOLDER."))
    if args.hand_back and not args.user:
        raise UserError(N_("Say who hands the goods back: --user LOGIN."))
    if args.slip is not None and not args.hand_back:
        raise UserError(N_("--slip writes the return slip of --hand-back: give both."))
    user = authenticated(app, args.user, args.pin) if args.hand_back else None
    if args.all:
        found = unsold.unsold_stocks(app.db, args.site, start, end)
        # what remains now is handed back, whatever the period looked at
        left = {s.cooperative_code: s for s in (
            unsold.unsold_stocks(app.db, args.site) if end is not None else found)}
        args.out.mkdir(parents=True, exist_ok=True)
        results = []
        for stock in found:
            code = stock.cooperative_code
            write_atomically(args.out / f"unsold-{code}.pdf", unsold.unsold_pdf(app.db, stock))
            slip = (_hand_back(app, user, left.get(code), args.out / f"return-{code}.pdf")
                    if user is not None else None)
            results.append(unsold_json(stock, slip))
        if args.json:
            emit_json({"statements": results, "folder": str(args.out)})
        else:
            say(N_("{count} unsold stock statements written to {folder}."), count=len(found),
                folder=str(args.out))
            handed = [r for r in results if r["return_slip"]]
            if handed:
                say(N_("{count} return slips recorded: {references}."), count=len(handed),
                    references=", ".join(str(r["return_slip"]) for r in handed))
        return 0
    stock = unsold.unsold_stock(app.db, args.cooperative, args.site, start, end)
    if args.pdf is not None:
        write_atomically(args.pdf, unsold.unsold_pdf(app.db, stock))
    slip = None
    if user is not None:
        now = stock if end is None else unsold.unsold_stock(app.db, args.cooperative, args.site)
        slip = _hand_back(app, user, now, args.slip)
        if slip is None:
            raise UserError(N_("Nothing of {code} remains at site {site}: there is nothing to "
                               "hand back."), code=stock.cooperative_code, site=stock.site_code)
    if args.json:
        emit_json(unsold_json(stock, slip))
        return 0
    _show(stock)
    if args.pdf is not None:
        say(N_("Statement written to {path}."), path=str(args.pdf))
    if slip is not None:
        say(N_("Return slip {reference} recorded."), reference=slip.reference)
        if args.slip is not None:
            say(N_("Slip {reference} written to {path}."), reference=slip.reference,
                path=str(args.slip))
    return 0
