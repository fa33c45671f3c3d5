"""Keeping the gettext catalogs in step with the source (Babel's Python API).

``scripts/catalogs.py`` is the command line over these functions; the test
suite calls :func:`check` so that a message nobody translated fails CI.

- :func:`extract` reads every ``_``, ``gettext``, ``ngettext`` and ``N_`` call
  with literal text under ``possouk/`` into ``locales/possouk.pot``;
- :func:`update` merges the template into ``ar``, ``fr`` and ``en`` ``.po``
  files, keeping translations (and reviving obsolete ones when a message
  comes back);
- :func:`compile_catalogs` writes ``.mo`` files next to the ``.po`` files;
- :func:`check` lists what is missing: untranslated or fuzzy messages in ar
  and fr, translations whose ``{fields}`` differ from the msgid, ``.mo``
  files out of date. English may leave a msgstr empty (the msgid is shown).

Files are written only when their content changes, and line numbers are left
out of the catalogs, so that moving code does not rewrite them.

Note for Arabic translators: a Latin fragment that starts or ends with
punctuation (``--yes``, ``.xlsx``) or holds numbers separated by spaces
(``2026-05-14 10:32``) is wrapped in LRI … PDI (U+2066 … U+2069) so that it
is not reordered inside right-to-left text. Parameters need nothing: they are
isolated when the message is rendered.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from possouk import __version__
from possouk.i18n import DOMAIN, LANGUAGES, LOCALES_DIR, placeholders

SOURCE_DIR = LOCALES_DIR.parents[1]  # the possouk/ package
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "plural": (1, 2),  # possouk/cli/output.py: ngettext, then the parameters filled in
    "N_": None,
}
METHOD_MAP = [("**.py", "python")]
COMMENT_TAGS = ("Translators:",)
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}
"""Plural rules that differ from Babel's: French keeps gettext's usual two forms rather
than CLDR's three (the third, for exact millions, never shows in a shop)."""
REQUIRED = ("ar", "fr")
"""Languages in which every message must be translated; English falls back to the msgid."""

_HEADER = {
    "project": "possouk",
    "version": __version__,
    "copyright_holder": "possouk contributors",
    "msgid_bugs_address": "",
}


def po_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """``locales/<lang>/LC_MESSAGES/possouk.po``."""
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """The compiled catalog next to :func:`po_path`."""
    return po_path(lang, locales_dir).with_suffix(".mo")


def extract(source_dir: Path = SOURCE_DIR) -> Catalog:
    """Every marked message under ``source_dir``, as a template catalog."""
    catalog = Catalog(**_HEADER)  # type: ignore[arg-type]
    prefix = source_dir.name
    for filename, lineno, message, comments, context in extract_from_dir(
        source_dir,
        METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        location = f"{prefix}/{Path(filename).as_posix()}"
        catalog.add(message, None, [(location, lineno)], auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_by_file=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled form of ``catalog`` (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _without_dates(data: bytes) -> list[bytes]:
    return [
        line
        for line in data.splitlines()
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    ]


def _write_if_changed(path: Path, data: bytes, *, ignore_dates: bool = False) -> bool:
    if path.exists():
        old = path.read_bytes()
        same = _without_dates(old) == _without_dates(data) if ignore_dates else old == data
        if same:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` file."""
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def write_template(source_dir: Path = SOURCE_DIR, template: Path = TEMPLATE) -> tuple[bool, int]:
    """Extract into ``template``; returns (file changed, number of messages)."""
    catalog = extract(source_dir)
    changed = _write_if_changed(template, _po_bytes(catalog), ignore_dates=True)
    return changed, len(catalog)


def update(
    template: Path = TEMPLATE,
    locales_dir: Path = LOCALES_DIR,
    languages: Iterable[str] = LANGUAGES,
) -> list[str]:
    """Merge ``template`` into each language's ``.po``; returns the files changed."""
    source = read_catalog(template)
    changed: list[str] = []
    for lang in languages:
        path = po_path(lang, locales_dir)
        if path.exists():
            catalog = read_catalog(path, lang)
            _revive_obsolete(catalog, source)
        else:
            catalog = Catalog(locale=lang, **_HEADER)  # type: ignore[arg-type]
        catalog.fuzzy = False  # the header is maintained by this script, not a guess
        if lang in PLURAL_FORMS:
            catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[lang])]
        # No fuzzy guesses: a wrong guess is worse than an empty msgstr that check reports.
        catalog.update(source, no_fuzzy_matching=True)
        if _write_if_changed(path, _po_bytes(catalog)):
            changed.append(str(path))
    return changed


def _revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """Bring back the translation of a message that was removed and has returned."""
    for message in template:
        key = _key(message)
        if message.id and catalog.get(*_get_args(message)) is None and key in catalog.obsolete:
            catalog[message.id] = catalog.obsolete.pop(key)


def _key(message: Message) -> str | tuple[str, str]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (msgid, message.context) if message.context else msgid


def compile_catalogs(locales_dir: Path = LOCALES_DIR, languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Write each language's ``.mo`` from its ``.po``; returns the files changed."""
    changed: list[str] = []
    for lang in languages:
        catalog = read_catalog(po_path(lang, locales_dir), lang)
        path = mo_path(lang, locales_dir)
        if _write_if_changed(path, mo_bytes(catalog)):
            changed.append(str(path))
    return changed


def _forms(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if value is None:
        return [""]
    if isinstance(value, str):
        return [value]
    return list(value)


def _message_problems(lang: str, wanted: Message, entry: Message | None) -> list[str]:
    ids = _forms(wanted.id)
    label = ids[0]
    if entry is None:
        return [f"{lang}: missing from the catalog (run update): {label!r}"]
    if entry.fuzzy:
        return [f"{lang}: fuzzy: {label!r}"]
    strings = _forms(entry.string)
    if not any(strings):
        return [f"{lang}: not translated: {label!r}"] if lang in REQUIRED else []
    if not all(strings):
        return [f"{lang}: a plural form is not translated: {label!r}"]
    expected = [placeholders(text) for text in ids]
    allowed = frozenset().union(*(names for names in expected if names is not None))
    problems = []
    for text in strings:
        found = placeholders(text)
        if found is None:
            problems.append(f"{lang}: translation is not a valid template: {label!r}")
        elif len(ids) == 1 and found != expected[0]:
            problems.append(
                f"{lang}: translation uses {sorted(found)} instead of {sorted(allowed)}: {label!r}"
            )
        elif len(ids) > 1 and not found <= allowed:
            problems.append(f"{lang}: translation uses unknown fields {sorted(found - allowed)}: {label!r}")
    return problems


def check(
    source_dir: Path = SOURCE_DIR,
    locales_dir: Path = LOCALES_DIR,
    template: Path = TEMPLATE,
    languages: Iterable[str] = LANGUAGES,
) -> list[str]:
    """Everything that keeps the catalogs from being complete; empty when all is well."""
    wanted = extract(source_dir)
    wanted_keys = {_key(m) for m in wanted if m.id}
    problems: list[str] = []
    if not template.exists():
        problems.append(f"{template}: missing (run extract)")
    else:
        stored = {_key(m) for m in read_catalog(template) if m.id}
        if stored != wanted_keys:
            problems.append(f"{template}: out of date with the source (run extract)")
    for lang in languages:
        path = po_path(lang, locales_dir)
        if not path.exists():
            problems.append(f"{path}: missing (run update)")
            continue
        catalog = read_catalog(path, lang)
        for message in wanted:
            if message.id:
                problems.extend(_message_problems(lang, message, catalog.get(*_get_args(message))))
        for message in catalog:
            if message.id and message.fuzzy and _key(message) not in wanted_keys:
                problems.append(f"{lang}: fuzzy: {_forms(message.id)[0]!r}")
        compiled = mo_path(lang, locales_dir)
        if not compiled.exists():
            problems.append(f"{compiled}: missing (run compile)")
        elif compiled.read_bytes() != mo_bytes(catalog):
            problems.append(f"{compiled}: out of date with {path.name} (run compile)")
    return problems


def _get_args(message: Message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return msgid, message.context
