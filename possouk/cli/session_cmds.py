"""Cash sessions from a terminal: ``possouk session open|move|x|close|list`` and ``possouk z``.

The person doing it logs in with ``--user LOGIN`` and a PIN (``--pin``, else the
first line of standard input, or asked on a terminal); a supervisor's approval
with ``--supervisor LOGIN`` and ``--supervisor-pin`` (else the next line).
Counts are given by denomination in dirhams: ``--count 200=3 --count 0.50=4``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from possouk.app import App
from possouk.cli import printing_cmds
from possouk.cli.common import Subparsers, add_command, add_group, add_json_option
from possouk.cli.output import emit, emit_json, fields, say, table
from possouk.domain.cash import (
    DENOMINATIONS,
    CashCount,
    MoveKind,
    MoveReason,
    SessionFigures,
    ZReport,
    count_from,
)
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, User
from possouk.domain.money import format_plain, parse_amount
from possouk.i18n import _
from possouk.i18n.formatting import format_datetime, format_money, format_signed_money
from possouk.services import sessions, users

__all__ = ["add_commands", "authenticated", "parse_count"]

_DECLARED = (("card", PaymentMethod.CARD), ("mobile", PaymentMethod.MOBILE),
             ("transfer", PaymentMethod.TRANSFER))


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``session`` and ``z``."""
    group = add_group(subparsers, "session", _("open and close the cash drawer of a register"),
                      common)

    cmd = add_command(group, "open", _("open a register with its float counted"), common,
                      session_open)
    _register_and_user(cmd)
    _count_option(cmd, _("the float counted"))

    cmd = add_command(group, "move", _("put cash into the drawer or take it out, with a reason"),
                      common, session_move)
    _register_and_user(cmd)
    cmd.add_argument("direction", choices=[k.value for k in MoveKind],
                     help=_("in: into the drawer; out: out of it"))
    cmd.add_argument("--reason", required=True, choices=[r.value for r in MoveReason if r.chosen_by_hand],
                     help=_("why the cash moves"))
    cmd.add_argument("--amount", required=True, metavar="AMOUNT", help=_("in dirhams, e.g. 500.00"))
    cmd.add_argument("--note", default="", help=_("what it is for (needed with the reason other)"))
    _supervisor(cmd)
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print the slip on the receipt printer"))

    cmd = add_command(group, "x", _("show the figures of the open session (the X report)"),
                      common, session_x)
    cmd.add_argument("register", metavar="REGISTER", help=_("the register's code"))
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print the X report on the receipt printer"))
    add_json_option(cmd)

    cmd = add_command(group, "close", _("close a register: count the cash, enter the terminals' "
                                        "totals, write the Z report"), common, session_close)
    _register_and_user(cmd)
    _count_option(cmd, _("the cash counted in the drawer"))
    for option, _method in _DECLARED:
        cmd.add_argument(f"--{option}", metavar="AMOUNT",
                         help=_("the total on the terminal's slips for this method"))
    cmd.add_argument("--reason", default="", help=_("why the count differs, when it does"))
    _supervisor(cmd)
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print the Z report on the receipt printer"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help=_("write the Z report as a PDF"))
    add_json_option(cmd)

    cmd = add_command(group, "list", _("list the open sessions"), common, session_list)
    add_json_option(cmd)

    cmd = add_command(subparsers, "z", _("show, print or write a Z report"), common, z_command)
    cmd.add_argument("reference", metavar="REFERENCE", nargs="?",
                     help=_("the Z report's number, e.g. MEK1-Z0001 (without it: list them)"))
    cmd.add_argument("--register", metavar="CODE", help=_("only this register's Z reports"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help=_("write the Z report as a PDF"))
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print the Z report on the receipt printer"))
    add_json_option(cmd)


def _register_and_user(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("register", metavar="REGISTER", help=_("the register's code"))
    cmd.add_argument("--user", required=True, metavar="LOGIN", help=_("who does it"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))


def _supervisor(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--supervisor", metavar="LOGIN", help=_("a supervisor who approves it"))
    cmd.add_argument("--supervisor-pin", metavar="PIN",
                     help=_("the supervisor's PIN (else the next line of standard input)"))


def _count_option(cmd: argparse.ArgumentParser, what: str) -> None:
    cmd.add_argument("--count", action="append", default=[], metavar="VALUE=PIECES",
                     help=_("{what}: pieces of one note or coin, e.g. 200=3 or 0.50=4 "
                            "(repeat for each)").format(what=what))


def parse_count(words: list[str]) -> CashCount:
    """``["200=3", "0.50=4"]`` → a :class:`CashCount`; a sentence for anything else."""
    pieces: dict[int, int] = {}
    for word in words:
        value_text, equals, number_text = word.partition("=")
        if not equals:
            raise UserError(N_("Write each count as VALUE=PIECES, like 200=3: “{text}” is not."),
                            text=word)
        value = parse_amount(value_text.strip())
        if value not in DENOMINATIONS:
            raise UserError(N_("{value} is not a Moroccan note or coin."), value=value_text.strip())
        number_text = number_text.strip()
        if not number_text.lstrip("-").isdigit():
            raise UserError(N_("The number of pieces must be a whole number."))
        pieces[value] = pieces.get(value, 0) + int(number_text)
    return count_from(pieces)


def _pin(given: str | None, prompt: str) -> str:
    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line.strip():
        raise UserError(N_("No PIN was given: use --pin, or write the PIN on standard input."))
    return line.strip()


def authenticated(app: App, login: str, pin: str | None) -> User:
    """The user ``login`` once their PIN (``--pin``, else standard input) is checked."""
    return users.authenticate(app.db, login, _pin(pin, _("PIN: ")))


def _user(app: App, args: argparse.Namespace) -> User:
    return authenticated(app, args.user, args.pin)


def _approver(app: App, args: argparse.Namespace) -> User | None:
    if not getattr(args, "supervisor", None):
        return None
    return users.authenticate(app.db, args.supervisor,
                              _pin(args.supervisor_pin, _("Supervisor's PIN: ")))


def session_open(app: App, args: argparse.Namespace) -> int:
    user = _user(app, args)
    session = sessions.open_session(app.db, user, args.register, parse_count(args.count))
    say(N_("Register {register} is open (session {session}) with a float of {amount}."),
        register=session.register_code, session=session.reference,
        amount=format_money(session.opening.total))
    return 0


def session_move(app: App, args: argparse.Namespace) -> int:
    user = _user(app, args)
    move = sessions.move_cash(app.db, user, args.register, MoveKind(args.direction),
                              MoveReason(args.reason), parse_amount(args.amount), args.note,
                              approver=_approver(app, args))
    say(N_("Cash movement {number} recorded at register {register}: {amount}."),
        number=move.number, register=move.register_code, amount=format_money(move.signed))
    if args.to_printer:
        from possouk.services import printing  # the printer stack loads on first use

        return printing_cmds.report(printing.print_cash_movement(app.db, args.register,
                                                                 move.number))
    return 0


def figures_json(figures: SessionFigures) -> dict[str, Any]:
    return {
        "opening_float": format_plain(figures.opening_float), "sales": figures.sales_count,
        "refunds": figures.refunds_count, "sales_total": format_plain(figures.sales_total),
        "refunds_total": format_plain(figures.refunds_total), "net": format_plain(figures.net),
        "discounts": format_plain(figures.discounts), "price_overrides": figures.price_overrides,
        "by_method": {m.value: format_plain(a) for m, a in sorted(figures.by_method.items())},
        "cash_received": format_plain(figures.cash_received),
        "change_given": format_plain(figures.change_given),
        "cash_refunded": format_plain(figures.cash_refunded),
        "cash_in": format_plain(figures.cash_in), "cash_out": format_plain(figures.cash_out),
        "expected_cash": format_plain(figures.expected_cash),
        "first_receipt": figures.first_receipt, "last_receipt": figures.last_receipt,
        "manual_entries": figures.manual_entries,
        "manual_total": format_plain(figures.manual_total), "last_hash": figures.last_hash,
    }


def _show_figures(figures: SessionFigures) -> None:
    fields([
        (_("Opening float"), format_money(figures.opening_float)),
        (_("Number of sales"), str(figures.sales_count)),
        (_("Number of refunds"), str(figures.refunds_count)),
        (_("Sales"), format_money(figures.sales_total)),
        (_("Refunds"), format_money(figures.refunds_total)),
        (_("Net"), format_money(figures.net)),
        *[(_(_METHOD_LABELS[m]), format_money(a)) for m, a in sorted(figures.by_method.items())],
        (_("Cash received"), format_money(figures.cash_received)),
        (_("Change given"), format_money(figures.change_given)),
        (_("Cash refunded"), format_money(figures.cash_refunded)),
        (_("Cash in"), format_money(figures.cash_in)),
        (_("Cash out"), format_money(figures.cash_out)),
        (_("Expected cash"), format_money(figures.expected_cash)),
    ])


_METHOD_LABELS = {PaymentMethod.CASH: N_("Cash"), PaymentMethod.CARD: N_("Card"),
                  PaymentMethod.MOBILE: N_("Mobile payment"),
                  PaymentMethod.TRANSFER: N_("Bank transfer")}


def session_x(app: App, args: argparse.Namespace) -> int:
    session, figures = sessions.figures(app.db, args.register)
    if args.json:
        emit_json({"session": session.reference, "business_day": session.business_day.isoformat(),
                   "opened_at": session.opened_at.isoformat(), **figures_json(figures)})
    else:
        say(N_("Session {session}, open since {since} (read only: nothing is closed)."),
            session=session.reference, since=format_datetime(session.opened_at))
        _show_figures(figures)
    if args.to_printer:
        from possouk.services import printing  # the printer stack loads on first use

        return printing_cmds.report(printing.print_x(app.db, args.register))
    return 0


def z_json(report: ZReport) -> dict[str, Any]:
    return {
        "reference": report.reference, "session": report.session_number,
        "business_day": report.business_day.isoformat(), "closed_at": report.created_at.isoformat(),
        "opened_by": report.opened_by, "closed_by": report.closed_by,
        "approved_by": report.approved_by, "reason": report.reason,
        "figures": figures_json(report.figures),
        "counted": {str(v): n for v, n in report.counted.pieces},
        "methods": {m.value: {"expected": format_plain(report.expected(m)),
                              "found": format_plain(report.found(m)),
                              "difference": format_plain(report.difference(m))}
                    for m in PaymentMethod
                    if m is PaymentMethod.CASH or m in report.declared or m in report.figures.by_method},
        "grand_total": format_plain(report.grand_total),
        "previous_grand_total": format_plain(report.previous_grand_total),
        "hash": report.hash,
    }


def _show_z(report: ZReport) -> None:
    say(N_("Z report {reference} of {day}."), reference=report.reference,
        day=report.business_day.isoformat())
    rows = [[_(_METHOD_LABELS[m]), format_money(report.expected(m)), format_money(report.found(m)),
             format_signed_money(report.difference(m))]
            for m in PaymentMethod
            if m is PaymentMethod.CASH or m in report.declared or m in report.figures.by_method]
    table([_("Method"), _("Expected"), _("Actual"), _("Difference")], rows)
    fields([(_("Net"), format_money(report.figures.net)),
            (_("Grand total"), format_money(report.grand_total))])


def session_close(app: App, args: argparse.Namespace) -> int:
    user = _user(app, args)
    declared = {method: parse_amount(getattr(args, option)) for option, method in _DECLARED
                if getattr(args, option) is not None}
    report = sessions.close_session(app.db, user, args.register, parse_count(args.count), declared,
                                    approver=_approver(app, args), reason=args.reason)
    if not args.json:
        say(N_("Register {register} is closed."), register=report.register_code)
    return _after_z(app, args, report)


def _after_z(app: App, args: argparse.Namespace, report: ZReport) -> int:
    if args.json:
        emit_json(z_json(report))
    else:
        _show_z(report)
    code = 0
    if args.pdf is not None:
        from possouk.services import cash_papers, receipts  # reportlab loads on first use

        receipts.write_atomically(args.pdf, cash_papers.z_pdf(app.db, report.reference))
        say(N_("Z report {reference} written to {path}."), reference=report.reference,
            path=str(args.pdf))
    if args.to_printer:
        from possouk.services import printing  # the printer stack loads on first use

        code = printing_cmds.report(printing.print_z(app.db, report.reference))
    return code


def session_list(app: App, args: argparse.Namespace) -> int:
    with app.db.read() as uow:
        open_ = uow.sessions.open_sessions()
    if args.json:
        emit_json([{"register": s.register_code, "session": s.reference,
                    "business_day": s.business_day.isoformat(),
                    "opened_at": s.opened_at.isoformat(),
                    "float": format_plain(s.opening.total)} for s in open_])
        return 0
    if not open_:
        say(N_("Every register is closed."))
        return 0
    table([_("Register"), _("Session"), _("Business day"), _("Opened at"), _("Opening float")],
          [[s.register_code, s.reference, s.business_day.isoformat(), format_datetime(s.opened_at),
            format_money(s.opening.total)] for s in open_])
    return 0


def z_command(app: App, args: argparse.Namespace) -> int:
    if args.reference is None:
        reports = sessions.z_reports(app.db, args.register)
        if args.json:
            emit_json([z_json(r) for r in reports])
            return 0
        if not reports:
            say(N_("No Z report yet."))
            return 0
        table([_("Z report"), _("Business day"), _("Closed by"), _("Net"), _("Cash difference"),
               _("Grand total")],
              [[r.reference, r.business_day.isoformat(), r.closed_by, format_money(r.figures.net),
                format_signed_money(r.difference(PaymentMethod.CASH)), format_money(r.grand_total)]
               for r in reports])
        return 0
    report = sessions.z_report(app.db, args.reference)
    if not args.json and args.pdf is None and not args.to_printer:
        _show_z(report)
        emit()
        _show_figures(report.figures)
        return 0
    return _after_z(app, args, report)
