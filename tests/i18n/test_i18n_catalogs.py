"""The catalogs cover every message in the source, and the workflow keeps them honest."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from possouk.i18n import catalogs


def test_catalogs_complete() -> None:
    """Every message under possouk/ is translated in ar and fr, and the .mo files are current.

    When this fails after you added a message: ``python scripts/catalogs.py all``,
    translate the new entries in the ar and fr ``.po`` files, then
    ``python scripts/catalogs.py compile``.
    """
    problems = catalogs.check()
    assert not problems, "\n".join(problems)


def _project(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = tmp_path / "app"
    source.mkdir()
    (source / "screen.py").write_text(
        "from possouk.i18n import _, ngettext\n"
        "from possouk.domain.errors import N_\n"
        "TITLE = N_('Sale')\n"
        "def total(n):\n"
        "    # Translators: the amount owed for the sale\n"
        "    return _('Total: {amount}'), ngettext('{n} line', '{n} lines', n)\n",
        encoding="utf-8",
    )
    locales = tmp_path / "locales"
    return source, locales, locales / "possouk.pot"


def _run(source: Path, locales: Path, template: Path) -> list[str]:
    return catalogs.check(source, locales, template)


def _fill(locales: Path, lang: str, strings: dict[str, str | tuple[str, ...]]) -> None:
    path = catalogs.po_path(lang, locales)
    catalog = catalogs.read_catalog(path, lang)
    for msgid, msgstr in strings.items():
        message = catalog.get(msgid)
        assert message is not None
        message.string = msgstr
    _save(path, catalog)


def _save(path: Path, catalog: Catalog) -> None:
    path.write_bytes(catalogs._po_bytes(catalog))


def test_workflow_reports_then_accepts(tmp_path: Path) -> None:
    source, locales, template = _project(tmp_path)
    assert any("missing (run extract)" in p for p in _run(source, locales, template))

    changed, count = catalogs.write_template(source, template)
    assert (changed, count) == (True, 3)
    assert "the amount owed" in template.read_text(encoding="utf-8")
    assert catalogs.write_template(source, template) == (False, 3)  # only the date would change
    assert len(catalogs.update(template, locales)) == 3
    assert catalogs.update(template, locales) == []
    catalogs.compile_catalogs(locales)

    problems = _run(source, locales, template)
    assert "ar: not translated: 'Total: {amount}'" in problems
    assert "fr: not translated: '{n} line'" in problems
    assert not any(p.startswith("en:") for p in problems)  # English may stay empty

    _fill(
        locales,
        "fr",
        {"Sale": "Vente", "Total: {amount}": "Total : {amount}", "{n} line": ("{n} ligne", "{n} lignes")},
    )
    _fill(
        locales,
        "ar",
        {
            "Sale": "بيع",
            "Total: {amount}": "المجموع: {amount}",
            "{n} line": ("لا سطر", "سطر واحد", "سطران", "{n} أسطر", "{n} سطرًا", "{n} سطر"),
        },
    )
    problems = _run(source, locales, template)
    assert problems and all("out of date" in p for p in problems), problems  # the .mo files
    catalogs.compile_catalogs(locales)
    assert _run(source, locales, template) == []


def test_check_reports_bad_translations(tmp_path: Path) -> None:
    source, locales, template = _project(tmp_path)
    catalogs.write_template(source, template)
    catalogs.update(template, locales)
    _fill(
        locales,
        "fr",
        {"Sale": "Vente", "Total: {amount}": "Total : {montant}", "{n} line": ("{n} ligne", "")},
    )
    path = catalogs.po_path("ar", locales)
    catalog = catalogs.read_catalog(path, "ar")
    for message in catalog:
        if message.id:
            message.string = ("x",) * 6 if isinstance(message.id, tuple) else "x"
    sale = catalog.get("Sale")
    assert sale is not None
    sale.flags.add("fuzzy")
    _save(path, catalog)
    catalogs.compile_catalogs(locales)

    problems = _run(source, locales, template)
    assert "fr: translation uses ['montant'] instead of ['amount']: 'Total: {amount}'" in problems
    assert "fr: a plural form is not translated: '{n} line'" in problems
    assert "ar: fuzzy: 'Sale'" in problems
    assert "ar: translation uses [] instead of ['amount']: 'Total: {amount}'" in problems


def test_new_message_and_stale_template_are_reported(tmp_path: Path) -> None:
    source, locales, template = _project(tmp_path)
    catalogs.write_template(source, template)
    catalogs.update(template, locales)
    catalogs.compile_catalogs(locales)
    (source / "more.py").write_text("from possouk.i18n import _\n_('Refund')\n", encoding="utf-8")
    problems = _run(source, locales, template)
    assert any("out of date with the source" in p for p in problems)
    assert "fr: missing from the catalog (run update): 'Refund'" in problems


def test_update_revives_obsolete_translations(tmp_path: Path) -> None:
    source, locales, template = _project(tmp_path)
    catalogs.write_template(source, template)
    catalogs.update(template, locales)
    _fill(locales, "fr", {"Sale": "Vente"})
    screen = source / "screen.py"
    original = screen.read_text(encoding="utf-8")
    screen.write_text(original.replace("N_('Sale')", "None"), encoding="utf-8")
    catalogs.write_template(source, template)
    catalogs.update(template, locales)
    assert '#~ msgid "Sale"' in catalogs.po_path("fr", locales).read_text(encoding="utf-8")
    screen.write_text(original, encoding="utf-8")
    catalogs.write_template(source, template)
    catalogs.update(template, locales)
    revived = catalogs.read_catalog(catalogs.po_path("fr", locales), "fr").get("Sale")
    assert revived is not None and revived.string == "Vente"
