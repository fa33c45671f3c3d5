"""Integrity of the ledger: ``possouk verify`` recomputes every hash chain."""

from __future__ import annotations

import argparse
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_json_option
from possouk.cli.output import emit, emit_json, plural, say, warn
from possouk.domain.errors import N_
from possouk.i18n import _
from possouk.services import audit


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``verify``."""
    cmd = add_command(
        subparsers, "verify",
        _("recompute every hash chain and name each document changed, inserted or removed; "
          "exit code 1 when something does not hold"),
        common, verify_command,
    )
    add_json_option(cmd)


def _finding_json(finding: Any) -> dict[str, Any]:
    # Machine output stays in English whatever --lang says, so scripts can match it.
    chain = finding.chain
    return {
        "chain": chain.scope.format(code=chain.code, kind=chain.kind),
        "number": finding.number,
        "kind": finding.kind,
        "message": finding.message.format(**finding.params),
    }


def verify_command(app: App, args: argparse.Namespace) -> int:
    report = audit.verify(app.db)
    if args.json:
        emit_json({
            "ok": report.ok, "sales": report.sales, "stock_documents": report.stock_documents,
            "events": report.events, "cash_movements": report.cash_movements,
            "z_reports": report.z_reports, "closings": report.closings,
            "settlement_documents": report.settlement_documents,
            "findings": [_finding_json(f) for f in report.findings],
        })
        return 0 if report.ok else 1
    if report.ok:
        # Translators: the separator between counts ("52 sales, 120 events"); Arabic uses "، ".
        counts = _(", ").join([
            plural("{n} sale", "{n} sales", report.sales),
            plural("{n} stock document", "{n} stock documents", report.stock_documents),
            plural("{n} event", "{n} events", report.events),
            plural("{n} cash movement", "{n} cash movements", report.cash_movements),
            plural("{n} Z report", "{n} Z reports", report.z_reports),
            plural("{n} closing", "{n} closings", report.closings),
            plural("{n} settlement document", "{n} settlement documents",
                   report.settlement_documents),
        ])
        say(N_("{counts}: every chain holds."), counts=counts)
        return 0
    for finding in report.findings:
        emit(finding.describe(translate=_))
    warn(plural("{n} problem found: the ledger does not hold.",
                "{n} problems found: the ledger does not hold.", len(report.findings)))
    return 1
