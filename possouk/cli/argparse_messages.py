"""argparse's own words ("usage:", "options", its error messages) in the user's language.

argparse looks its messages up with the module-level ``_`` and ``ngettext`` it imported
from :mod:`gettext`; pointing those at possouk's catalogs translates them. The messages
are listed here so that Babel extracts them (they keep argparse's %-style fields).
"""

from __future__ import annotations

import argparse

from possouk.domain.errors import N_
from possouk.i18n import gettext, ngettext

MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)


def install() -> None:
    """Make argparse speak through possouk's catalogs (in whatever language is current)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
