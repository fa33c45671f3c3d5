"""``possouk labels``: a PDF of label sheets, written whole or not at all."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import Cli
from tests.conftest import Market


def pdf_text(path: Path) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text()).replace("\u00a0", " ")
            for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_labels_for_a_cooperative(cli: Cli, market: Market, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    result = cli("labels", "--cooperative", "COOP1", "--out", str(out))
    assert result.code == 0, result.err
    assert "2 labels written to" in result.out and "1 A4 sheet to print." in result.out
    (text,) = pdf_text(out)
    assert "Figues sèches" in text and "45,00 MAD / kg" in text and "120,00 MAD" in text
    assert "عسل الزعتر" in text
    code = market.honey.barcode
    assert f"{code[0]}\n{code[1:7]}\n{code[7:]}" in text
    assert not list(tmp_path.glob(".*.part"))  # the temporary file is gone


def test_labels_by_sku_with_copies_and_grid(cli: Cli, market: Market, tmp_path: Path) -> None:
    out = tmp_path / "soap.pdf"
    result = cli("labels", "--sku", "SOAP-1", "--sku", "OIL-1", "--out", str(out), "--grid", "3x8",
                 "--copies", "15", "--outline")
    assert result.code == 0, result.err
    assert "30 labels written to" in result.out and "2 A4 sheets to print." in result.out
    pages = pdf_text(out)
    assert len(pages) == 2
    assert "".join(pages).count("Savon beldi") == 15


def test_an_unknown_sku_writes_no_file(cli: Cli, market: Market, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    result = cli("labels", "--sku", "HON-1", "--sku", "NOPE-1", "--out", str(out))
    assert result.code == 1
    assert "There is no product with the sku NOPE-1." in result.err
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []


def test_bad_options(cli: Cli, market: Market, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert cli("labels", "--out", str(out)).code == 2  # neither --cooperative nor --sku
    assert cli("labels", "--cooperative", "COOP1", "--sku", "HON-1", "--out", str(out)).code == 2
    result = cli("labels", "--cooperative", "COOP1", "--out", str(out), "--copies", "500")
    assert result.code == 1 and "between 1 and 100" in result.err
    result = cli("labels", "--cooperative", "NOPE", "--out", str(out))
    assert result.code == 1 and "NOPE" in result.err
    assert not out.exists()


def test_an_unwritable_folder_is_an_environment_fault(cli: Cli, market: Market, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "labels.pdf"
    result = cli("labels", "--cooperative", "COOP1", "--out", str(out))
    assert result.code == 2
    assert "could not be written" in result.err and "Traceback" not in result.err


def test_the_grids_offered_are_the_sheets_drawn() -> None:
    from possouk.cli.labels_cmds import LABEL_GRIDS
    from possouk.reports.labels import GRIDS

    assert tuple(GRIDS) == LABEL_GRIDS


def test_building_the_command_line_loads_no_paper_stack() -> None:
    """The window starts through the command line: it must not wait for reportlab or python-escpos."""
    import subprocess
    import sys

    code = ("import sys, possouk.cli; possouk.cli.build_parser(); "
            "print(sorted(m for m in ('reportlab', 'escpos', 'alembic') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
