"""Tables in files: CSV (UTF-8, with or without BOM) and XLSX, read and written.

Reading gives every cell as text, whatever the file type, so that one set of
validators serves both: Excel numbers come back as their decimal text, dates as
``YYYY-MM-DD HH:MM:SS``. A file that cannot be read as a table is refused with
a :class:`~possouk.domain.errors.FileRefused` naming the row; a file type
possouk does not know is a plain :class:`~possouk.domain.errors.UserError`.

Writing takes typed cells: ``str`` for text, ``Decimal`` for numbers (written
as numbers in XLSX, with as many decimals as the ``Decimal`` has, and as their
exact decimal text in CSV), ``None`` for an empty cell.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from possouk.domain.errors import N_, FileRefused, Problem, UserError

CSV_SUFFIXES = frozenset({".csv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx"})
Cell = str | Decimal | None

_ZIP_MAGIC = b"PK\x03\x04"
_NOT_TEXT = N_("The file is not a CSV text file in UTF-8: it holds binary data or another "
               "encoding. In Excel, save it as “CSV UTF-8” or as an Excel workbook (.xlsx).")
_NOT_WORKBOOK = N_("The file is not an Excel workbook (.xlsx): it cannot be opened.")


@dataclass(frozen=True)
class Table:
    """The header (row 1) and the data rows of a file, each with its 1-based row number.

    Blank rows are left out but still counted, so row numbers are those a
    spreadsheet shows.
    """

    header: list[str]
    rows: list[tuple[int, list[str]]]


def refuse(row: int, column: str, message: str, **params: Any) -> FileRefused:
    """A :class:`FileRefused` with a single problem."""
    return FileRefused([Problem(row, column, message, params)])


def file_kind(path: Path) -> str:
    """``"csv"`` or ``"xlsx"`` from the file name; :class:`UserError` for anything else."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise UserError(N_("possouk reads and writes .csv and .xlsx files, not “{name}”."),
                    name=path.name)


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX file into a :class:`Table` (every cell as text).

    Refuses (:class:`FileRefused`) an empty file, a file with a header and no
    rows, binary data, text that is not UTF-8 and a workbook that cannot be
    opened.
    """
    kind = file_kind(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(N_("The file {path} cannot be read: {reason}"), path=str(path),
                        reason=exc.strerror or str(exc)) from exc
    if not data.strip():
        raise refuse(1, "", N_("The file is empty."))
    table = _read_csv(data) if kind == "csv" else _read_xlsx(data)
    if not table.header or not any(table.header):
        raise refuse(1, "", N_("The first row must hold the column names."))
    if not table.rows:
        raise refuse(1, "", N_("The file has column names but no rows to import."))
    return table


def _read_csv(data: bytes) -> Table:
    if data.startswith(_ZIP_MAGIC):
        raise refuse(1, "", N_("This is an Excel workbook or another zip archive, not a CSV "
                               "file: give it the .xlsx extension."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(data.count(b"\n", 0, exc.start) + 1, "", _NOT_TEXT) from None
    if not text.strip():
        raise refuse(1, "", N_("The file is empty."))
    nul = text.find("\x00")
    if nul >= 0:
        raise refuse(text.count("\n", 0, nul) + 1, "", _NOT_TEXT)
    first_line = text.split("\n", 1)[0]
    # Excel set to French writes CSV with ";" between cells (the comma is the decimal mark).
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _trim([cell.strip() for cell in next(reader)])
        width = len(header)
        rows = [(number, cells if len(cells) <= width else _trim_to(cells, width))
                for number, cells in enumerate(reader, start=2) if any(cells)]
    except csv.Error:
        raise refuse(reader.line_num, "", N_("This row is not valid CSV (check its quotes).")) \
            from None
    return Table(header, rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not data.startswith(_ZIP_MAGIC):
        raise refuse(1, "", _NOT_WORKBOOK)
    try:
        with warnings.catch_warnings():
            # Workbooks from other programs often lack styles; openpyxl warns, we read on.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                values = [
                    (number, [_cell_text(v) for v in row])
                    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
                ]
            finally:
                workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, ParseError, KeyError, ValueError,
            TypeError, IndexError, OSError):
        # A zip that is not a workbook (a .docx, a damaged file): openpyxl fails in many ways.
        raise refuse(1, "", _NOT_WORKBOOK) from None
    if not values:
        raise refuse(1, "", N_("The file is empty."))
    header = _trim([cell.strip() for cell in values[0][1]])
    width = len(header)
    # A sheet row simply stops at its last value: fill it up to the header's width.
    rows = [(number, _trim_to(cells, width) + [""] * (width - len(cells)))
            for number, cells in values[1:] if any(cells)]
    return Table(header, rows)


def _trim(cells: list[str]) -> list[str]:
    """A row without its trailing empty cells."""
    return _trim_to(cells, 0)


def _trim_to(cells: list[str], width: int) -> list[str]:
    """A row without the empty cells that trail beyond ``width`` (a spreadsheet's leftovers)."""
    end = len(cells)
    while end > width and not cells[end - 1]:
        end -= 1
    return cells[:end] if end < len(cells) else cells


def _cell_text(value: object) -> str:
    """An XLSX cell value as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        # Excel keeps times as fractions of a day: 10:32 may come back as 10:31:59.999.
        if value.microsecond >= 500_000:
            value += timedelta(seconds=1)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    # A float: repr is its shortest form that reads back the same ("12.5", never 12.4999…);
    # a whole number loses its ".0". The validators refuse stranger forms such as 1e-05.
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def check_header(table: Table, expected: Sequence[str], optional: Sequence[str] = ()) -> None:
    """Refuse a file whose column names are not ``expected`` (optionally + ``optional``), in order.

    Names are compared without regard to case; the problem names the first column that differs.
    """
    header = [name.casefold() for name in table.header]
    if header in (list(expected), [*expected, *optional]):
        return
    wrong = next((i for i, name in enumerate(expected) if i >= len(header) or header[i] != name),
                 len(expected))
    raise refuse(1, expected[wrong] if wrong < len(expected) else table.header[wrong],
                 N_("The columns must be, in this order: {expected}. The file has: {found}."),
                 expected=",".join(expected), found=",".join(table.header))


# --- writing -----------------------------------------------------------------------------


def write_table(out: IO[bytes], kind: str, header: Sequence[str],
                rows: Iterable[Sequence[Cell]]) -> int:
    """Write a table as ``kind`` (``"csv"`` or ``"xlsx"``) to a binary stream; returns the row count."""
    if kind == "csv":
        return _write_csv(out, header, rows)
    return _write_xlsx(out, header, rows)


def _write_csv(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    stream = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(stream)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(["" if cell is None else str(cell) for cell in row])
        count += 1
    stream.flush()
    stream.detach()  # the caller owns ``out``
    return count


def _write_xlsx(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    formats: dict[int, str] = {}

    def cell(value: Cell) -> Any:
        if value is None:
            return None
        made = WriteOnlyCell(sheet, value)
        if isinstance(value, Decimal):
            exponent = -int(value.as_tuple().exponent)
            if exponent > 0:
                made.number_format = formats.setdefault(exponent, "0." + "0" * exponent)
        else:
            made.data_type = "s"  # text stays text: "=…" is never a formula, "00123" keeps its zeros
        return made

    count = 0
    for row in rows:
        sheet.append([cell(value) for value in row])
        count += 1
    workbook.save(out)
    return count
