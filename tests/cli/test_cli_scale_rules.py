"""``possouk scale-rules show|set``."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_default_rules_then_set_and_refuse(cli: Cli) -> None:
    shown = cli("scale-rules", "show", "--json")
    assert shown.code == 0
    assert [r["prefix"] for r in shown.json()] == ["21", "22"]
    done = cli("scale-rules", "set", '[{"prefix": "25", "kind": "price"}]')
    assert done.code == 0 and "25" in done.out
    assert [r["kind"] for r in cli("scale-rules", "show", "--json").json()] == ["price"]
    bad = cli("scale-rules", "set", '[{"prefix": "200", "kind": "weight"}]')
    assert bad.code == 1 and bad.err and "Traceback" not in bad.err
    assert [r["prefix"] for r in cli("scale-rules", "show", "--json").json()] == ["25"]
    assert cli("scale-rules", "set", "not json").code == 1
