"""Switching languages, translating messages and rendering errors without ever crashing."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from possouk import i18n
from possouk.domain.errors import N_, FileRefused, Problem, UserError
from possouk.domain.money import parse_amount

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture(autouse=True)
def _french_by_default() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _catalog(lang: str, translations: dict[str, str]) -> gettext.GNUTranslations:
    catalog = Catalog(locale=lang)
    for msgid, msgstr in translations.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_languages() -> None:
    assert i18n.LANGUAGES == ("ar", "fr", "en")
    assert i18n.DEFAULT_LANGUAGE == "fr"
    assert i18n.is_rtl("ar") and i18n.is_rtl("ar_MA")
    assert not i18n.is_rtl("fr") and not i18n.is_rtl("en")


def test_set_language_switches_gettext() -> None:
    assert i18n.current_language() == "fr"
    assert i18n.gettext("pc") == "pce"
    i18n.set_language("ar_MA.UTF-8")
    assert i18n.current_language() == "ar"
    assert i18n._("kg") == "كغ"
    assert i18n.is_rtl()
    i18n.set_language("en")
    assert i18n.gettext("pc") == "pc"
    assert i18n.gettext("a message nobody marked") == "a message nobody marked"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("de")
    with pytest.raises(ValueError):
        i18n.translator("xx")
    assert i18n.current_language() == "fr"


def test_translator_renders_another_language_than_the_current_one() -> None:
    assert i18n.translator("ar").gettext("kg") == "كغ"
    assert i18n.translator("fr").gettext("pc") == "pce"
    assert i18n.current_language() == "fr"


def test_arabic_catalog_has_six_plural_forms() -> None:
    plural = i18n.translator("ar").plural  # type: ignore[attr-defined]
    assert [plural(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)] == [0, 1, 2, 3, 3, 4, 4, 5, 5]
    assert i18n.translator("fr").plural(0) == 0  # type: ignore[attr-defined]
    assert i18n.ngettext("{n} item", "{n} items", 2) == "{n} items"


def test_language_from_env() -> None:
    assert i18n.language_from_env({}) == "fr"
    assert i18n.language_from_env({"POSSOUK_LANG": "ar", "LANG": "en_US.UTF-8"}) == "ar"
    assert i18n.language_from_env({"POSSOUK_LANG": "de", "LANG": "en_US.UTF-8"}) == "en"
    assert i18n.language_from_env({"LANGUAGE": "de:ar", "LANG": "fr_MA.UTF-8"}) == "ar"
    assert i18n.language_from_env({"LC_ALL": "C", "LANG": "ar_MA.UTF-8"}) == "ar"
    assert i18n.language_from_env({"LANG": "C.UTF-8"}) == "fr"


def test_render_error_in_french() -> None:
    with pytest.raises(UserError) as caught:
        parse_amount("12,505")
    assert i18n.render_error(caught.value) == "«\u00a012,505\u00a0» a plus de deux décimales"


def test_render_error_in_arabic_isolates_string_params() -> None:
    with pytest.raises(UserError) as caught:
        parse_amount("abc")
    text = i18n.render_error(caught.value, "ar")
    assert f"{FSI}abc{PDI}" in text
    assert "مبلغ" in text
    # A number parameter needs no isolate: digits keep their order in Arabic text.
    refused = FileRefused([Problem(2, "price", N_("“{text}” is not a percentage"), {"text": "x"})])
    rendered = i18n.render_error(refused, "ar")
    assert "1" in rendered and FSI not in rendered


def test_render_error_in_english_is_the_msgid() -> None:
    err = UserError(N_("The amount {text} is too large"), text="1e99")
    assert i18n.render_error(err, "en") == "The amount 1e99 is too large"
    assert i18n.render_error(err, "en") == str(err)


def test_bad_placeholders_fall_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    msgid = "The amount {text} is too large"
    broken = {
        "ar": _catalog("ar", {msgid: "المبلغ {txt} كبير جدا"}),  # wrong field name
        "fr": _catalog("fr", {msgid: "Le montant {text est trop grand"}),  # not a template
        "en": _catalog("en", {msgid: "The amount {text!z} is too large"}),  # fails to format
    }
    monkeypatch.setattr(i18n, "translator", lambda code=None: broken[code or "fr"])
    err = UserError(msgid, text="99999999999")
    for lang in ("ar", "fr", "en"):
        assert i18n.render_error(err, lang) == "The amount 99999999999 is too large"


def test_broken_catalog_or_params_never_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    err = UserError(N_("The amount {text} is too large"))  # the caller forgot the param
    assert "{text}" in i18n.render_error(err, "fr")  # shown as is, like str(err)
    err = UserError(N_("The amount {text} is too large"), text="5")
    err.params = {"amount": "5"}  # params that do not fit the message
    assert "amount='5'" in i18n.render_error(err, "ar")

    def explode(code: str | None = None) -> gettext.NullTranslations:
        raise OSError("catalog unreadable")

    monkeypatch.setattr(i18n, "translator", explode)
    ok = UserError(N_("The amount {text} is too large"), text="7")
    assert i18n.render_error(ok, "ar") == "The amount 7 is too large"
    assert i18n.render_error(ok, "zz") == "The amount 7 is too large"


def test_render_problem() -> None:
    problem = Problem(3, "price", N_("“{text}” is not an amount; write it like 12.50"), {"text": "douze"})
    assert i18n.render_problem(problem, "en") == (
        "row 3, column price: “douze” is not an amount; write it like 12.50"
    )
    assert i18n.render_problem(problem, "fr").startswith("ligne 3, colonne price\u00a0: ")
    arabic = i18n.render_problem(problem, "ar")
    assert arabic.startswith(f"السطر 3، العمود {FSI}price{PDI}: ")
    assert f"{FSI}douze{PDI}" in arabic
    whole_file = Problem(1, "", N_("The file was refused: {count} problem(s) found."), {"count": 2})
    assert i18n.render_problem(whole_file, "en") == ("row 1: The file was refused: 2 problem(s) found.")


def test_placeholders() -> None:
    assert i18n.placeholders("{a} and {b.c} and {d[0]:>{width}}") == frozenset({"a", "b", "d", "width"})
    assert i18n.placeholders("no fields {{here}}") == frozenset()
    assert i18n.placeholders("broken {") is None


def test_reload_catalogs_reads_the_files_again() -> None:
    first = i18n.translator("ar")
    assert i18n.translator("ar") is first
    i18n.reload_catalogs()
    again = i18n.translator("ar")
    assert again is not first
    assert again.gettext("kg") == "كغ"


def test_arabic_names_are_isolated_in_french_text() -> None:
    err = UserError(N_("The product {name} is no longer sold."), name="زيت أركان 1 ل")
    assert i18n.render_error(err, "fr") == f"Le produit {FSI}زيت أركان 1 ل{PDI} n’est plus en vente."
    latin = UserError(N_("The product {name} is no longer sold."), name="Miel 500 g")
    assert i18n.render_error(latin, "fr") == "Le produit Miel 500 g n’est plus en vente."


def test_arabic_names_are_isolated_in_english_text_too() -> None:
    err = UserError(N_("The product {name} is no longer sold."), name="عسل")
    assert i18n.render_error(err, "en") == f"The product {FSI}عسل{PDI} is no longer sold."
