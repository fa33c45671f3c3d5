"""Manage possouk's translation catalogs (run with the project's Python).

    python scripts/catalogs.py extract   # source → possouk/i18n/locales/possouk.pot
    python scripts/catalogs.py update    # .pot → ar, fr, en .po (keeps translations)
    python scripts/catalogs.py compile   # .po → .mo
    python scripts/catalogs.py check     # exit 1 listing what is missing or stale
    python scripts/catalogs.py all       # extract, update, compile, then check

After adding or changing a message: ``all``, translate the new entries in the
ar and fr ``.po`` files, then ``compile`` and ``check`` again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from possouk.i18n import catalogs


def _extract() -> int:
    changed, count = catalogs.write_template()
    state = "written" if changed else "unchanged"
    print(f"{catalogs.TEMPLATE}: {count} messages, {state}")
    return 0


def _update() -> int:
    for path in catalogs.update():
        print(f"updated {path}")
    return 0


def _compile() -> int:
    for path in catalogs.compile_catalogs():
        print(f"compiled {path}")
    return 0


def _check() -> int:
    problems = catalogs.check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the catalogs", file=sys.stderr)
        return 1
    print("catalogs complete")
    return 0


def _all() -> int:
    _extract()
    _update()
    _compile()
    return _check()


COMMANDS = {
    "extract": _extract,
    "update": _update,
    "compile": _compile,
    "check": _check,
    "all": _all,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=sorted(COMMANDS))
    args = parser.parse_args(argv)
    return COMMANDS[args.command]()


if __name__ == "__main__":
    raise SystemExit(main())
