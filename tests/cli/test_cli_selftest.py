"""``possouk selftest`` from a terminal: the report, its file, its exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from possouk.services import selftest
from tests.cli.conftest import Cli
from tests.conftest import Market


def test_the_report_and_its_file(market: Market, cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "selftest.txt"
    done = cli("selftest", "--report", str(report), "--lang", "en")
    assert done.code == 0, done.out + done.err
    assert "[FAIL]" not in done.out and "The window" in done.out
    assert "Everything possouk needs is here." in report.read_text(encoding="utf-8")
    found = cli("selftest", "--no-window", "--json").json()
    assert found["ok"] and "The window" not in [c["name"] for c in found["checks"]]


def test_a_broken_installation_exits_1(market: Market, cli: Cli, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "LOCALES_DIR", tmp_path / "nowhere")
    done = cli("selftest", "--no-window", "--lang", "en")
    assert done.code == 1 and "[FAIL] Translations" in done.out
