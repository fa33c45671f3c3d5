"""The preview of an import is the import run dry: the same problems with their rows and
columns, or the same counts, and nothing written; then importing the file previewed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from possouk.domain.errors import FileRefused, PermissionDenied, UserError
from possouk.services import exports
from possouk.services.events import COMMAND_LINE
from possouk.services.import_preview import (
    EXPORT_KINDS,
    IMPORT_KINDS,
    import_previewed,
    preview_import,
)
from possouk.services.imports import ImportResult, import_file
from possouk.storage.uow import Database
from tests.conftest import Market, build_market
from tests.services.test_imports import (
    FIXTURES,
    GOOD_PRODUCT,
    fixture_as,
    product_file,
    table_counts,
    where,
)


def test_the_kinds_are_those_of_the_import_and_the_export() -> None:
    assert IMPORT_KINDS == ("cooperatives", "products", "intake", "sales")
    assert EXPORT_KINDS == exports.KINDS


def test_a_file_with_two_bad_rows_lists_both_and_writes_nothing(market: Market, tmp_path: Path) -> None:
    path = product_file(
        tmp_path,
        GOOD_PRODUCT,
        ["COOP1", "NEW-2", "", "عسل", "Miel", "honey", "piece", "dix", "", "0"],  # row 3: price
        ["COOP9", "NEW-3", "", "عسل", "Miel", "honey", "box", "10", "", "0"],  # row 4: two cells
        [*GOOD_PRODUCT[:1], "NEW-4", *GOOD_PRODUCT[2:]],
    )
    before = table_counts(market.db)
    preview = preview_import(market.db, market.organizer, "products", path)
    assert table_counts(market.db) == before
    assert not preview.ready
    assert where(list(preview.problems)) == [(3, "price"), (4, "unit"), (4, "cooperative_code")]
    # exactly what the import refuses the file for
    with pytest.raises(FileRefused) as refused:
        import_file(market.db, market.organizer, "products", path)
    assert sorted(where(refused.value.problems)) == sorted(where(list(preview.problems)))
    assert table_counts(market.db) == before
    # and it cannot be imported from its preview
    with pytest.raises(UserError):
        import_previewed(market.db, market.organizer, preview)
    assert table_counts(market.db) == before


def test_problems_found_in_the_database_are_listed_too(market: Market, tmp_path: Path) -> None:
    path = product_file(tmp_path, GOOD_PRODUCT, [*GOOD_PRODUCT[:1], "HON-1", *GOOD_PRODUCT[2:]])
    preview = preview_import(market.db, market.organizer, "products", path)
    assert where(list(preview.problems)) == [(3, "sku")]
    assert preview.problems[0].params == {"sku": "HON-1"}


def test_a_clean_file_is_counted_then_imported(market: Market, tmp_path: Path) -> None:
    path = fixture_as("products", tmp_path, "xlsx")
    before = table_counts(market.db)
    preview = preview_import(market.db, market.organizer, "products", path)
    assert preview.ready and (preview.rows, preview.documents) == (4, 0)
    assert table_counts(market.db) == before
    result = import_previewed(market.db, market.organizer, preview)
    assert result == ImportResult("products", 4, 0)
    after = table_counts(market.db)
    assert after["products"] == before["products"] + 4
    # the database changed: the same file previewed again now names each sku already there
    again = preview_import(market.db, market.organizer, "products", path)
    assert [p.row for p in again.problems if p.column == "sku"] == [2, 3, 4, 5]


@pytest.mark.parametrize(("kind", "rows", "documents"), [
    ("cooperatives", 3, 0), ("intake", 3, 2), ("sales", 4, 3),
])
def test_the_preview_counts_what_the_import_does(tmp_path: Path, kind: str, rows: int,
                                                 documents: int) -> None:
    dry, wet = (build_market(_database(tmp_path / name)) for name in ("dry", "wet"))
    try:
        path = fixture_as(kind, tmp_path, "csv")
        before = table_counts(dry.db)
        preview = preview_import(dry.db, dry.organizer, kind, path)
        assert table_counts(dry.db) == before  # no slip, no sale, no event
        assert (preview.rows, preview.documents, preview.problems) == (rows, documents, ())
        assert import_file(wet.db, wet.organizer, kind, path) == ImportResult(kind, rows, documents)
        assert import_previewed(dry.db, dry.organizer, preview) == ImportResult(kind, rows, documents)
        assert table_counts(dry.db).keys() == table_counts(wet.db).keys()
    finally:
        dry.db.close()
        wet.db.close()


def _database(folder: Path) -> Database:
    from possouk.storage.uow import open_database

    folder.mkdir()
    return open_database(folder / "possouk.sqlite3")


def test_a_file_changed_since_its_preview_is_not_imported(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    shutil.copy(FIXTURES / "products.csv", path)
    preview = preview_import(market.db, market.organizer, "products", path)
    assert preview.ready
    path.write_text(path.read_text(encoding="utf-8").replace("HON-2", "HON-3"), encoding="utf-8")
    before = table_counts(market.db)
    with pytest.raises(UserError) as refused:
        import_previewed(market.db, market.organizer, preview)
    assert "changed" in refused.value.message
    assert table_counts(market.db) == before


def test_a_wrong_header_is_a_problem_of_row_one(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\nX,Y\n", encoding="utf-8")
    preview = preview_import(market.db, market.organizer, "products", path)
    assert where(list(preview.problems)) == [(1, "cooperative_code")]


def test_who_may_not_import_may_not_preview(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        preview_import(market.db, market.supervisor, "products", FIXTURES / "products.csv")


def test_an_unknown_kind_or_file_type_is_refused(market: Market, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        preview_import(market.db, market.organizer, "users", FIXTURES / "products.csv")
    other = tmp_path / "products.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(UserError):
        preview_import(market.db, market.organizer, "products", other)


def test_the_command_line_may_preview(market: Market) -> None:
    preview = preview_import(market.db, COMMAND_LINE, "intake", FIXTURES / "intake.csv")
    assert preview.ready and preview.documents == 2
