"""The whole program on a PostgreSQL server: ``db upgrade`` creates the schema, then the
demo store, verify, reports, settlements, the selftest and the window's pictures."""

from __future__ import annotations

import struct
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import postgres
from tests.cli.conftest import Cli

pytestmark = pytest.mark.skipif(not postgres.available(),
                                reason="needs a PostgreSQL test server (scripts/pg-test-server)")


@pytest.fixture
def empty_server_database() -> Iterator[str]:
    """An empty database on the test server (no schema: ``db upgrade`` makes it)."""
    name = postgres.url_of(f"cli_{uuid.uuid4().hex[:12]}")
    postgres.create_empty(name)
    yield name
    postgres.drop_database(name)


def test_the_program_on_postgresql(empty_server_database: str, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cli = Cli(empty_server_database, capsys, monkeypatch)  # type: ignore[arg-type]
    created = cli("db", "upgrade")
    assert created.code == 0 and "A new database was created with schema" in created.out
    demo = cli("demo", "--sales", "60", "--seed", "3")
    assert demo.code == 0, demo.err
    verified = cli("verify")
    assert verified.code == 0 and "every chain holds" in verified.out
    report = cli("report", "sales", "--by", "cooperative", "--from", "2020-01-01",
                 "--to", "2029-12-31", "--json")
    assert report.code == 0 and report.json()["rows"]
    settled = cli("settle", "--all", "--out", str(tmp_path / "statements"))
    assert settled.code == 0 and list((tmp_path / "statements").glob("*.pdf"))
    selftest = cli("selftest", "--no-window")
    assert selftest.code == 0, selftest.out
    picture = tmp_path / "sale.png"
    drawn = cli("--lang", "ar", "gui", "--screenshot", str(picture), "--screen", "sale")
    assert drawn.code == 0, drawn.err
    width, height = struct.unpack(">II", picture.read_bytes()[16:24])
    assert (width, height) == (1280, 800)
