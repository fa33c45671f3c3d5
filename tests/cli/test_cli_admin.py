"""The database commands, the status summary, help, errors, bugs and the real entry point."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command as alembic_command

from possouk import __version__
from possouk.app import log_file
from possouk.cli import main
from possouk.storage import migrate
from possouk.storage.engine import database_url, make_engine
from tests.cli.conftest import Cli, TtyInput
from tests.conftest import Market

FIRST_REVISION = "0001"
CLI_PACKAGE = Path(__file__).resolve().parents[2] / "possouk" / "cli"


def _site_codes(cli: Cli) -> list[str]:
    return [s["code"] for s in cli("site", "list", "--json").json()]


def test_status_of_an_empty_database(cli: Cli) -> None:
    result = cli("status")
    assert result.code == 0, result.err
    assert f"possouk {__version__}, database {cli.db_path}" in result.out
    assert "Store: not named yet" in result.out
    assert "possouk demo" in result.out and "possouk --help" in result.out


def test_status_of_a_set_up_store(market: Market, cli: Cli) -> None:
    result = cli("status")
    assert result.code == 0, result.err
    assert "Magasin solidaire" in result.out
    assert "Sites: MEK (Meknès)" in result.out
    assert "Registers: MEK1 (MEK)" in result.out
    assert "Cooperatives: 2, products: 4, users: 3, sales: 0" in result.out
    assert "possouk demo" not in result.out


def test_backup_then_restore_round_trip(cli: Cli, tmp_path: Path) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    copy = tmp_path / "copies" / "before-haj.sqlite3"
    backed = cli("backup", str(copy))
    assert backed.code == 0, backed.err
    assert copy.is_file() and str(copy) in backed.out
    assert cli("site", "add", "HAJ", "--name-ar", "الحاجب", "--name-fr", "El Hajeb").code == 0
    assert _site_codes(cli) == ["HAJ", "MEK"]

    restored = cli("restore", str(copy), "--yes")
    assert restored.code == 0, restored.err
    assert "restored" in restored.out and "kept at" in restored.out
    assert _site_codes(cli) == ["MEK"]
    assert cli("verify").code == 0


def test_backup_to_the_default_folder_rotates(cli: Cli) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    result = cli("backup")
    assert result.code == 0, result.err
    folder = cli.db_path.parent / "backups"
    assert len(list(folder.glob("possouk-*.sqlite3"))) == 1


def test_backup_of_a_missing_database(cli: Cli) -> None:
    result = cli("backup")
    assert result.code == 1
    assert "There is no database" in result.err


def test_restore_asks_before_replacing(cli: Cli, tmp_path: Path) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    copy = tmp_path / "copy.sqlite3"
    assert cli("backup", str(copy)).code == 0
    assert cli("site", "add", "HAJ", "--name-ar", "الحاجب", "--name-fr", "El Hajeb").code == 0

    piped = cli("restore", str(copy), stdin="y\n")  # not a terminal: --yes is required
    assert piped.code == 1 and "--yes" in piped.err
    declined = cli("restore", str(copy), stdin=TtyInput("n\n"))
    assert declined.code == 1 and "Nothing was changed" in declined.out
    assert _site_codes(cli) == ["HAJ", "MEK"]
    accepted = cli("restore", str(copy), stdin=TtyInput("yes\n"))
    assert accepted.code == 0, accepted.err
    assert _site_codes(cli) == ["MEK"]


def test_restore_refuses_a_file_that_is_not_a_backup(cli: Cli, tmp_path: Path) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = cli("restore", str(junk), "--yes")
    assert result.code == 1 and "not a possouk database" in result.err
    assert cli("restore", str(tmp_path / "missing.sqlite3"), "--yes").code == 1
    assert _site_codes(cli) == ["MEK"]


def test_db_upgrade(cli: Cli) -> None:
    created = cli("db", "upgrade")
    assert created.code == 0, created.err
    assert "A new database was created with schema" in created.out
    again = cli("db", "upgrade")
    assert again.code == 0
    assert "The database is up to date (schema " in again.out


def _back_to_first_schema(path: Path) -> None:
    engine = make_engine(database_url(path))
    config = migrate._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        alembic_command.downgrade(config, FIRST_REVISION)
    engine.dispose()


def test_db_upgrade_from_an_older_schema(cli: Cli) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    head = migrate.head_revision()
    if head == FIRST_REVISION:
        pytest.skip("only one schema version exists")
    _back_to_first_schema(cli.db_path)

    refused = cli("site", "list")  # nothing upgrades silently
    assert refused.code == 2 and "possouk db upgrade" in refused.err
    result = cli("db", "upgrade")
    assert result.code == 0, result.err
    assert f"The database was upgraded from schema {FIRST_REVISION} to {head}." in result.out
    kept = Path(result.out.split("kept at ", 1)[1].strip().rstrip("."))
    assert kept.is_file() and kept.parent == cli.db_path.parent / "backups"
    assert _site_codes(cli) == ["MEK"]
    assert cli("verify").code == 0


def test_db_newer_than_the_program(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    with closing(sqlite3.connect(cli.db_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    result = cli("db", "upgrade")
    assert result.code == 1
    assert "newer version of possouk" in result.err
    assert "Traceback" not in result.err
    other = cli("site", "list")  # every other command refuses it too (an environment fault)
    assert other.code == 2 and "newer version of possouk" in other.err


def test_a_bug_is_logged_not_shown(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in the service")

    monkeypatch.setattr("possouk.services.users.add_user", broken)
    result = cli("user", "add", "amina", "--name", "Amina", "--role", "cashier", "--pin", "9876")
    assert result.code == 3
    assert "Traceback" not in result.err and "boom" not in result.err
    log = log_file()
    assert str(log) in result.err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom in the service" in text
    assert "--pin ***" in text and "9876" not in text


def test_help_of_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        [], ["store"], ["store", "set"], ["store", "show"], ["site"], ["site", "add"],
        ["site", "list"], ["register", "add"], ["register", "list"], ["user", "add"],
        ["user", "list"], ["user", "unlock"], ["cooperative", "list"], ["product", "list"],
        ["product", "search"], ["stock"], ["import"], ["export"], ["demo"], ["verify"],
        ["backup"], ["restore"], ["db"], ["db", "upgrade"], ["gui"], ["status"],
    ]
    usage = {"en": "usage: possouk", "fr": "usage : possouk", "ar": "الاستعمال: possouk"}
    for lang in ("en", "fr", "ar"):
        for command in commands:
            assert main(["--lang", lang, *command, "--help"]) == 0, command
            assert usage[lang] in capsys.readouterr().out  # argparse's own words translated too


def test_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"possouk {__version__}"
    assert main(["no-such-command"]) == 2
    assert main(["site"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_language_follows_the_option(cli: Cli) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    english = cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès")
    french = cli("--lang", "fr", "site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès")
    arabic = cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès", "--lang", "ar")
    assert {english.code, french.code, arabic.code} == {1}
    assert english.err != french.err != arabic.err
    assert "MEK" in french.err and "MEK" in arabic.err


def test_cli_uses_only_services() -> None:
    """The command calls services; storage and SQLAlchemy stay behind them."""
    for path in CLI_PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("possouk.storage", "sqlalchemy", "alembic")), (path, name)


def test_entry_point_in_a_real_process(tmp_path: Path) -> None:
    executable = Path(sys.executable).with_name("possouk")
    assert executable.exists()
    env = {**os.environ, "POSSOUK_DB": str(tmp_path / "real.sqlite3"), "POSSOUK_LANG": "en",
           "XDG_STATE_HOME": str(tmp_path / "state")}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(executable), *args], input=stdin, capture_output=True,
                              text=True, env=env, timeout=60, check=False)

    added = run("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès")
    assert added.returncode == 0, added.stderr
    user = run("user", "add", "amina", "--name", "Amina", "--role", "cashier", stdin="2468\n")
    assert user.returncode == 0, user.stderr
    listing = run("site", "list", "--json")
    assert listing.returncode == 0 and '"name_ar": "مكناس"' in listing.stdout
    refused = run("register", "add", "X1", "--site", "NOPE")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "There is no site with the code NOPE."
    status = run("status")
    assert status.returncode == 0 and "Sites: MEK (Meknès)" in status.stdout
