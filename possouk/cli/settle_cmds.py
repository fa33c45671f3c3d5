"""``possouk settle``, ``possouk payout``, ``possouk cost`` and ``possouk statements``.

Without ``--issue`` a statement is a draft: shown, written as a PDF marked DRAFT,
nothing recorded. Issuing, costs and payouts need an organizer (``--user LOGIN``,
PIN from ``--pin`` or standard input).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group, add_json_option, parse_day
from possouk.cli.output import emit, emit_json, fields, say, table
from possouk.cli.session_cmds import authenticated
from possouk.domain.errors import N_, UserError
from possouk.domain.money import format_plain, format_quantity_plain, parse_amount
from possouk.domain.settlement import CostRule, PayoutMethod, Statement
from possouk.i18n import _, current_language
from possouk.i18n.formatting import format_money
from possouk.services import settlements
from possouk.services.files import write_atomically

__all__ = ["add_commands", "statement_json"]


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``settle``, ``payout``, ``cost`` and ``statements``."""
    cmd = add_command(subparsers, "settle", _("the statement of what a cooperative's goods earned: "
                                              "shown, written as PDF, issued"), common, settle)
    cmd.add_argument("cooperative", metavar="COOPERATIVE", nargs="?",
                     help=_("the cooperative's code (or --all)"))
    cmd.add_argument("--all", action="store_true", help=_("every cooperative with something to "
                                                          "settle (needs --out)"))
    cmd.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                     help=_("first business day (default: the first line not yet settled)"))
    cmd.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                     help=_("last business day (default: the last line not yet settled)"))
    cmd.add_argument("--issue", action="store_true",
                     help=_("issue it: number it and settle its lines for good"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help=_("write the statement as a PDF"))
    cmd.add_argument("--out", metavar="FOLDER", type=Path,
                     help=_("with --all: one PDF per cooperative, a summary PDF, CSV and XLSX"))
    cmd.add_argument("--user", metavar="LOGIN", help=_("the organizer who issues"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))
    add_json_option(cmd)

    cmd = add_command(subparsers, "payout", _("record a payment to a cooperative"), common, payout)
    cmd.add_argument("cooperative", metavar="COOPERATIVE", help=_("the cooperative's code"))
    cmd.add_argument("amount", metavar="AMOUNT", help=_("in dirhams, e.g. 500.00"))
    cmd.add_argument("--method", required=True, choices=[m.value for m in PayoutMethod],
                     help=_("cash (from a register's drawer), transfer or cheque"))
    cmd.add_argument("--reference", default="",
                     help=_("the transfer's reference or the cheque's number"))
    cmd.add_argument("--register", metavar="CODE",
                     help=_("for cash: the open register whose drawer pays"))
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print its paper on the receipt printer, for the cooperative's "
                            "representative to sign (a cash payout opens the drawer)"))
    cmd.add_argument("--user", required=True, metavar="LOGIN", help=_("the organizer who pays"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))
    add_json_option(cmd)

    costs = add_group(subparsers, "cost", _("the shared costs of an edition (transport, stand…)"),
                      common)
    cmd = add_command(costs, "add", _("enter a shared cost and split it between the cooperatives "
                                      "that sold in its period"), common, cost_add)
    cmd.add_argument("--site", required=True, metavar="CODE", help=_("the site's code"))
    cmd.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD",
                     help=_("first business day"))
    cmd.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD",
                     help=_("last business day"))
    cmd.add_argument("--amount", required=True, metavar="AMOUNT", help=_("in dirhams, e.g. 500.00"))
    cmd.add_argument("--rule", required=True, choices=[r.value for r in CostRule],
                     help=_("equal shares, pro rata of sales, or pro rata of quantities"))
    cmd.add_argument("--label", required=True, help=_("what the cost is"))
    cmd.add_argument("--user", required=True, metavar="LOGIN", help=_("the organizer"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))
    cmd = add_command(costs, "list", _("list the shared costs and their shares"), common, cost_list)
    add_json_option(cmd)

    cmd = add_command(subparsers, "statements", _("list the issued statements and the payouts"),
                      common, statements_command)
    cmd.add_argument("--cooperative", metavar="CODE", help=_("only this cooperative's"))
    add_json_option(cmd)


def statement_json(statement: Statement) -> dict[str, Any]:
    return {
        "reference": statement.reference or None, "issued": statement.issued,
        "cooperative": statement.cooperative_code,
        "from": statement.start.isoformat() if statement.start else None,
        "to": statement.end.isoformat() if statement.end else None,
        "gross_sales": format_plain(statement.gross_sales),
        "refunds": format_plain(statement.refunds), "discounts": format_plain(statement.discounts),
        "commission": format_plain(statement.commission),
        "shared_costs": format_plain(statement.shared_costs),
        "net_payable": format_plain(statement.net_payable),
        "previously_payable": format_plain(statement.previously_payable),
        "already_paid": format_plain(statement.already_paid),
        "balance_due": format_plain(statement.balance_due),
        "lines": [{"sku": p.sku, "quantity": format_quantity_plain(p.quantity),
                   "unit_price": format_plain(p.unit_price), "amount": format_plain(p.net),
                   "commission": format_plain(p.commission)}
                  for p in statement.products],
        "costs": [{"cost": c.cost_number, "label": c.label, "rule": c.rule.value,
                   "amount": format_plain(c.amount)} for c in statement.costs],
        "hash": statement.hash or None,
    }


def _show(statement: Statement) -> None:
    title = (N_("Statement {reference} of {code}") if statement.issued
             else N_("Draft statement of {code} (not issued)"))
    say(title, reference=statement.reference, code=statement.cooperative_code)
    if statement.products:
        table([_("Sku"), _("Product"), _("Quantity"), _("Net"), _("Store's commission")],
              [[p.sku, p.name_ar if current_language() == "ar" else p.name_fr,
                format_quantity_plain(p.quantity), format_money(p.net), format_money(p.commission)]
               for p in statement.products])
        emit()
    fields([
        (_("Gross sales"), format_money(statement.gross_sales)),
        (_("Discounts"), format_money(statement.discounts)),
        (_("Refunds"), format_money(statement.refunds)),
        (_("Store's commission"), format_money(statement.commission)),
        (_("Shared costs"), format_money(statement.shared_costs)),
        (_("Net payable"), format_money(statement.net_payable)),
        (_("Already paid"), format_money(statement.already_paid)),
        (_("Balance due"), format_money(statement.balance_due)),
    ])


def _period(args: argparse.Namespace) -> tuple[Any, Any]:
    return parse_day(args.start), parse_day(args.end)


def settle(app: App, args: argparse.Namespace) -> int:
    from possouk.services import statement_files  # reportlab loads on first use

    start, end = _period(args)
    if args.all == bool(args.cooperative):
        raise UserError(N_("Name one cooperative, or give --all."))
    if args.issue and not args.user:
        raise UserError(N_("Say who issues: --user LOGIN (an organizer)."))
    user = authenticated(app, args.user, args.pin) if args.issue else None
    if args.all:
        if args.out is None:
            raise UserError(N_("With --all, say where to write the files: --out FOLDER."))
        done = settlements.drafts(app.db, start, end)
        if user is not None:
            done = [settlements.issue(app.db, user, d.cooperative_code, start, end) for d in done]
        period = " – ".join(d.isoformat() for d in (start, end) if d) or _("not yet settled")
        files = statement_files.write_batch(app.db, done, args.out, period, current_language())
        if args.json:
            emit_json({"statements": [statement_json(s) for s in done],
                       "files": [str(p) for p in files.statements],
                       "summary": str(files.summary), "csv": str(files.csv),
                       "xlsx": str(files.xlsx)})
        else:
            say(N_("{count} statements written to {folder}, with summary.pdf, statements.csv and "
                   "statements.xlsx."), count=len(done), folder=str(args.out))
        return 0
    statement = (settlements.issue(app.db, user, args.cooperative, start, end) if user
                 else settlements.draft(app.db, args.cooperative, start, end))
    if args.json:
        emit_json(statement_json(statement))
    else:
        _show(statement)
    if args.pdf is not None:
        write_atomically(args.pdf, statement_files.statement_pdf(app.db, statement))
        say(N_("Statement written to {path}."), path=str(args.pdf))
    return 0


def payout(app: App, args: argparse.Namespace) -> int:
    from possouk.cli import printing_cmds

    user = authenticated(app, args.user, args.pin)
    done = settlements.pay(app.db, user, args.cooperative, parse_amount(args.amount),
                           PayoutMethod(args.method), args.reference, register_code=args.register)
    left = settlements.balance(app.db, done.cooperative_code).due
    printed = None
    if args.to_printer:  # the payout is recorded: its paper follows, or waits in the queue
        from possouk.services import printing

        printed = printing.print_payout(app.db, done.document,
                                        open_drawer=done.method is PayoutMethod.CASH)
    if args.json:
        emit_json({"payout": done.document, "cooperative": done.cooperative_code,
                   "amount": format_plain(done.amount), "method": done.method.value,
                   "reference": done.reference, "balance_due": format_plain(left),
                   "printed": None if printed is None else printed.printed})
        return 0 if printed is None or printed.printed else printing_cmds.EXIT_ENVIRONMENT
    say(N_("Payout {payout} to {code}: {amount} ({reference}). Still due: {left}."),
        payout=done.document, code=done.cooperative_code, amount=format_money(done.amount),
        reference=done.reference, left=format_money(left))
    return 0 if printed is None else printing_cmds.report(printed)


def cost_add(app: App, args: argparse.Namespace) -> int:
    user = authenticated(app, args.user, args.pin)
    start, end = _period(args)
    cost, shares = settlements.add_cost(app.db, user, args.site, args.label,
                                        parse_amount(args.amount), CostRule(args.rule), start, end)
    say(N_("Shared cost {number} ({label}, {amount}) split between {count} cooperatives."),
        number=cost.number, label=cost.label, amount=format_money(cost.amount), count=len(shares))
    table([_("Cooperative"), _("Share")],
          [[s.cooperative_code, format_money(s.amount)] for s in shares])
    return 0


def cost_list(app: App, args: argparse.Namespace) -> int:
    found = settlements.costs(app.db)
    if args.json:
        emit_json([{"number": c.number, "site": c.site_code, "label": c.label,
                    "amount": format_plain(c.amount), "rule": c.rule.value,
                    "from": c.start.isoformat(), "to": c.end.isoformat(),
                    "shares": {s.cooperative_code: format_plain(s.amount) for s in shares}}
                   for c, shares in found])
        return 0
    if not found:
        say(N_("No shared cost yet."))
        return 0
    table([_("No."), _("Site"), _("Label"), _("Amount"), _("Rule"), _("Cooperatives")],
          [[str(c.number), c.site_code, c.label, format_money(c.amount), c.rule.value,
            str(len(shares))] for c, shares in found])
    return 0


def statements_command(app: App, args: argparse.Namespace) -> int:
    issued = settlements.statements(app.db, args.cooperative)
    paid = settlements.payouts(app.db, args.cooperative)
    if args.json:
        emit_json({"statements": [statement_json(s) for s in issued],
                   "payouts": [{"payout": p.document, "cooperative": p.cooperative_code,
                                "amount": format_plain(p.amount), "method": p.method.value,
                                "reference": p.reference, "paid_at": p.paid_at.isoformat()}
                               for p in paid]})
        return 0
    if not issued and not paid:
        say(N_("No statement issued yet."))
        return 0
    table([_("Statement"), _("Cooperative"), _("Net payable"), _("Balance due")],
          [[s.reference, s.cooperative_code, format_money(s.net_payable),
            format_money(s.balance_due)] for s in issued])
    if paid:
        emit()
        table([_("Payout"), _("Cooperative"), _("Amount"), _("Method"), _("Reference")],
              [[p.document, p.cooperative_code, format_money(p.amount), p.method.value, p.reference]
               for p in paid])
    return 0
