"""The ``possouk`` command: store setup, listings, imports and exports, integrity and
backups from a terminal, through the same services as the window.

Exit codes: 0 done; 1 refused (a user error, a refused file, a broken chain);
2 an environment fault worth retrying (database busy, disk full) or a command
line argparse could not understand; 3 a bug (its traceback is in the log file).
Nobody is ever shown a raw traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime

from possouk import __version__
from possouk.app import App, choose_language, log_file
from possouk.cli import (
    admin_cmds,
    argparse_messages,
    catalog_cmds,
    closing_cmds,
    data_cmds,
    exchange_cmds,
    gui_cmds,
    labels_cmds,
    ledger_cmds,
    paper_cmds,
    printing_cmds,
    report_cmds,
    selftest_cmds,
    session_cmds,
    settle_cmds,
    setup_cmds,
    unsold_cmds,
)
from possouk.cli.common import Formatter, Handler
from possouk.cli.output import complain
from possouk.domain.errors import N_, EnvironmentFault, FileRefused, PossoukError, UserError
from possouk.i18n import LANGUAGES, _, current_language, render_error, render_problem, set_language

__all__ = ["build_parser", "main", "report_bug"]

EXIT_OK, EXIT_REFUSED, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # as if killed by SIGPIPE, like other Unix tools

_SECRET_OPTIONS = ("--pin", "--supervisor-pin")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@\s]*@")


def _common_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", default=default,
        help=_("the database: a SQLite file or a database URL "
               "(default: $POSSOUK_DB, else possouk.sqlite3 in your data folder)"),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=default,
        help=_("the language to answer in (default: $POSSOUK_LANG, else your system's)"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with help texts in the current language."""
    argparse_messages.install()
    parser = argparse.ArgumentParser(
        prog="possouk",
        description=_("possouk: the point of sale of a solidarity store. Without a command, "
                      "opens the cashier's window."),
        formatter_class=Formatter,
    )
    _common_options(parser, None)
    parser.add_argument("--version", action="version", version=f"possouk {__version__}",
                        help=_("show program's version number and exit"))
    # Options repeated after the sub-command (possouk site list --db x) must not reset
    # the ones given before it, hence SUPPRESS as their default there.
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))
    for module in (setup_cmds, catalog_cmds, data_cmds, ledger_cmds, admin_cmds, paper_cmds,
                   labels_cmds, printing_cmds, session_cmds, closing_cmds, report_cmds,
                   settle_cmds, unsold_cmds, exchange_cmds, selftest_cmds, gui_cmds):
        module.add_commands(commands, common)
    parser.set_defaults(handler=gui_cmds.gui_command)
    return parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """``--lang`` read before the full parser exists, so that its help is translated."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _redacted(argv: Sequence[str]) -> list[str]:
    """The command line as it may be written to a log: no PIN, no database password."""
    shown: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            shown.append("***")
            hide_next = False
        elif arg in _SECRET_OPTIONS:
            shown.append(arg)
            hide_next = True
        elif arg.split("=", 1)[0] in _SECRET_OPTIONS and "=" in arg:
            shown.append(arg.split("=", 1)[0] + "=***")
        else:
            shown.append(_URL_PASSWORD.sub(r"\1:***@", arg))
    return shown


def report_bug(argv: Sequence[str]) -> int:
    """Write the traceback of the exception being handled to the log; say where it is."""
    error = sys.exc_info()[1]
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            handle.write(f"--- {stamp} possouk {__version__}: possouk {' '.join(_redacted(argv))}\n")
            handle.write(traceback.format_exc())
    except OSError:
        complain(N_("possouk stopped because of a bug ({error}), and its report could not be "
                    "written to {path}."), error=type(error).__name__, path=str(path))
        return EXIT_BUG
    complain(N_("possouk stopped because of a bug. The details were written to {path}; "
                "please send that file to whoever looks after possouk."), path=str(path))
    return EXIT_BUG


def _run(handler: Handler, app: App, args: argparse.Namespace, argv: Sequence[str]) -> int:
    try:
        return handler(app, args)
    except FileRefused as refused:
        print(render_error(refused), file=sys.stderr)
        for problem in refused.problems:
            print(render_problem(problem), file=sys.stderr)
        return EXIT_REFUSED
    except UserError as error:  # PermissionDenied included
        print(render_error(error), file=sys.stderr)
        return EXIT_REFUSED
    except EnvironmentFault as fault:
        print(render_error(fault), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except PossoukError as error:  # an integrity failure found while working
        print(render_error(error), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        complain(N_("Interrupted."))
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (possouk product list | head): not a bug
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception:
        return report_bug(argv)


def _silence_stdout() -> None:
    # Python would otherwise fail again flushing stdout at exit, printing a traceback.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _system_exit_code(stop: SystemExit) -> int:
    if stop.code is None:
        return EXIT_OK
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=sys.stderr)
    return EXIT_REFUSED


def _tolerant_streams() -> None:
    # A console that cannot show Arabic must not turn a listing into a crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            encoding = (stream.encoding or "").lower().replace("-", "")
            if encoding != "utf8":
                stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run the ``possouk`` command with ``argv`` (default: the process's arguments).

    Returns the exit code rather than exiting, so that tests can call it.
    """
    args_list = sys.argv[1:] if argv is None else list(argv)
    previous_language = current_language()
    app: App | None = None
    try:
        _tolerant_streams()
        choose_language(_language_asked(args_list))
        parser = build_parser()
        try:
            args = parser.parse_args(args_list)
        except SystemExit as stop:  # --help, --version, or a command line argparse refused
            return _system_exit_code(stop)
        app = App(args.db)
        return _run(args.handler, app, args, args_list)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception:
        return report_bug(args_list)
    finally:
        set_language(previous_language)
        if app is not None:
            with contextlib.suppress(Exception):  # the answer is already given; closing is tidying
                app.close()
