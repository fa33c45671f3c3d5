"""The layer rules of DESIGN.md, checked on every run."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "possouk"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _violations(rule: str, allowed_under: str, prefixes: tuple[str, ...]) -> list[str]:
    bad = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(allowed_under):
            continue
        for name in _imports(path):
            if name.split(".")[0] in prefixes:
                bad.append(f"{relative} imports {name} ({rule})")
    return bad


def test_pyside6_only_under_ui() -> None:
    assert _violations("PySide6 only under possouk/ui", "possouk/ui/", ("PySide6",)) == []


def test_sqlalchemy_and_alembic_only_under_storage() -> None:
    assert _violations("SQL only under possouk/storage", "possouk/storage/",
                       ("sqlalchemy", "alembic")) == []


def test_domain_imports_nothing_else_of_ours() -> None:
    bad = [
        f"{path.name} imports {name}"
        for path in (PACKAGE / "domain").rglob("*.py")
        for name in _imports(path)
        if name.startswith("possouk.") and not name.startswith("possouk.domain")
    ]
    assert bad == []


def test_import_linter_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
