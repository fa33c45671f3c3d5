"""``possouk exchange``: a site's bundle to head office and the catalog back, as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from possouk.storage.uow import open_database
from tests.cli.conftest import Cli
from tests.services.exchange_scenario import Site, build_catalog


def test_a_site_and_head_office_exchange_by_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    office_db = open_database(tmp_path / "office.sqlite3")
    build_catalog(office_db)
    office_db.close()
    office = Cli(tmp_path / "office.sqlite3", capsys, monkeypatch)
    site = Cli(tmp_path / "elh.sqlite3", capsys, monkeypatch)
    catalog_file, bundle = tmp_path / "catalog.pxb", tmp_path / "elh.pxb"

    written = office("exchange", "export-catalog", "--out", str(catalog_file))
    assert written.code == 0 and "Catalog written to" in written.out
    office_key = office("exchange", "status").out.split("key: ")[1].split()[0]
    refused = site("exchange", "import-catalog", str(catalog_file))
    assert refused.code != 0 and f"(key {office_key})" in refused.err
    taken = site("exchange", "import-catalog", str(catalog_file), "--accept-new-office")
    assert taken.code == 0 and "Head office accepted" in taken.out and "products" in taken.out

    hajeb = open_database(tmp_path / "elh.sqlite3")
    Site(hajeb, "ELH").first_day()
    hajeb.close()
    pending = site("exchange", "status")
    assert "Not yet acknowledged by head office" in pending.out and "sales and refunds" in pending.out
    exported = site("exchange", "export", "--since-last", "--out", str(bundle))
    assert exported.code == 0 and "documents written to" in exported.out

    preview = office("exchange", "import", str(bundle), "--preview")
    assert preview.code == 0 and "nothing was imported" in preview.out and "--accept-new-site" in preview.out
    imported = office("exchange", "import", str(bundle), "--accept-new-site")
    assert imported.code == 0 and "New site accepted: ELH" in imported.out
    assert "sales and refunds" in imported.out
    again = office("exchange", "import", str(bundle))
    assert again.code == 0 and "Nothing new" in again.out
    assert office("verify").code == 0
    status = office("exchange", "status")
    assert "ELH" in status.out

    office("exchange", "export-catalog", "--out", str(catalog_file))
    back = site("exchange", "import-catalog", str(catalog_file))
    assert back.code == 0 and "Head office holds" in back.out
    nothing = site("exchange", "export", "--out", str(bundle))
    assert nothing.code == 0  # the import's own event log entry only


def test_a_refusal_is_said_in_arabic(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.pxb"
    broken.write_bytes(b"possouk-exchange 1\n{\"kind\": \"journal\"")
    cli = Cli(tmp_path / "office.sqlite3", capsys, monkeypatch)
    done = cli("--lang", "ar", "exchange", "import", str(broken))
    assert done.code != 0 and "broken.pxb" in done.err
    assert any("\u0600" <= ch <= "\u06ff" for ch in done.err), done.err
