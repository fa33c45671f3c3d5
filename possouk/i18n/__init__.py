"""One translation system for the CLI, the windows, receipts and PDF documents.

Messages are English gettext msgids. Code that only *marks* a message (domain
errors, tables of labels) uses ``N_``; code that shows one calls ``_`` /
``gettext`` for the current language, or ``translator(code)`` to render a
document in another language (a bilingual receipt, a statement in Arabic
printed from a French session). Catalogs live in ``locales/<lang>/LC_MESSAGES``
and are managed with ``scripts/catalogs.py`` (extract, update, compile, check).

Messages are ``str.format`` templates with named fields (``{count}``); a
translation must use the same fields as its msgid.
"""

from __future__ import annotations

import gettext as _gettext
import os
import string
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from possouk.domain.errors import N_, PossoukError, Problem
from possouk.domain.fields import field_label

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "FSI",
    "LANGUAGES",
    "LOCALES_DIR",
    "N_",
    "PDI",
    "_",
    "current_language",
    "gettext",
    "is_rtl",
    "isolate",
    "language_from_env",
    "ngettext",
    "normalize_language",
    "placeholders",
    "reload_catalogs",
    "render_error",
    "render_message",
    "render_problem",
    "resolve_language",
    "set_language",
    "translator",
]

LANGUAGES: tuple[str, ...] = ("ar", "fr", "en")
DEFAULT_LANGUAGE = "fr"
DOMAIN = "possouk"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

FSI = "\u2068"  # FIRST STRONG ISOLATE: the fragment takes the direction of its first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE

_RTL_LANGUAGES = frozenset({"ar"})
_ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current = DEFAULT_LANGUAGE


def normalize_language(code: str | None) -> str | None:
    """``"ar_MA.UTF-8"``, ``"fr-FR"``, ``"EN"`` → ``"ar"``, ``"fr"``, ``"en"``; None if unsupported."""
    if not code:
        return None
    base = code.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    return base if base in LANGUAGES else None


def resolve_language(code: str | None = None) -> str:
    """The supported language for ``code``, or the current one when ``code`` is None.

    Raises ``ValueError`` for a language possouk has no catalog for.
    """
    if code is None:
        return _current
    normalized = normalize_language(code)
    if normalized is None:
        raise ValueError(f"unsupported language {code!r}; choose one of {', '.join(LANGUAGES)}")
    return normalized


def set_language(code: str) -> None:
    """Make ``code`` (``ar``, ``fr`` or ``en``, region suffixes allowed) the current language."""
    global _current
    _current = resolve_language(code)


def current_language() -> str:
    """The language ``_``/``gettext`` translate into: ``"ar"``, ``"fr"`` or ``"en"``."""
    return _current


def is_rtl(code: str | None = None) -> bool:
    """True when the language (default: the current one) is written right to left."""
    return normalize_language(code or _current) in _RTL_LANGUAGES


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by the environment.

    ``POSSOUK_LANG`` first, then the usual POSIX variables (``LANGUAGE``, which
    may list several languages separated by colons, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``); the first supported language wins, else :data:`DEFAULT_LANGUAGE`.
    """
    env = os.environ if environ is None else environ
    for name in ("POSSOUK_LANG", *_ENV_VARIABLES):
        for part in env.get(name, "").split(":"):
            found = normalize_language(part)
            if found is not None:
                return found
    return DEFAULT_LANGUAGE


@cache
def _load(code: str) -> _gettext.NullTranslations:
    # Read the file ourselves: gettext.translation() keeps its own cache, which
    # reload_catalogs() could not clear.
    path = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    except OSError:  # no catalog: messages stay in English
        return _gettext.NullTranslations()


def translator(code: str | None = None) -> _gettext.NullTranslations:
    """The catalog of one language (default: the current one), loaded once.

    Use it to render a document in a language other than the current one::

        t = translator("ar")
        t.gettext("Total")
    """
    return _load(resolve_language(code))


def reload_catalogs() -> None:
    """Forget loaded catalogs, so that freshly compiled ``.mo`` files are read again."""
    _load.cache_clear()


def gettext(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translator(_current).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on ``n`` (Arabic has six forms)."""
    return translator(_current).ngettext(singular, plural, n)


def isolate(text: str) -> str:
    """Wrap ``text`` in bidi isolates (FSI … PDI) so it cannot disturb the text around it."""
    return f"{FSI}{text}{PDI}"


def placeholders(template: str) -> frozenset[str] | None:
    """The named fields of a ``str.format`` template; None when it is not a valid template."""
    names: set[str] = set()
    try:
        for _literal, field_name, format_spec, _conversion in string.Formatter().parse(template):
            if field_name is None:
                continue
            base = field_name.split(".", 1)[0].split("[", 1)[0]
            names.add(base)
            if format_spec and "{" in format_spec:
                nested = placeholders(format_spec)
                if nested is None:
                    return None
                names |= nested
    except ValueError:
        return None
    return frozenset(names)


def _safe_translation(message: str, code: str) -> str:
    try:
        return translator(code).gettext(message)
    except Exception:  # a broken catalog must not stop an error from being reported
        return message


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _display_params(params: Mapping[str, Any], code: str, plain: frozenset[str]) -> dict[str, Any]:
    # In Arabic text every string fragment is isolated (a Latin name, a reference,
    # an amount); in French or English text only fragments with Arabic letters
    # (a product name) need it.
    rtl = is_rtl(code)
    if isinstance(params.get("field"), str):
        # A field is named by its label in the reader's language ("the Arabic name").
        params = {**params, "field": translator(code).gettext(field_label(params["field"]))}
    return {
        key: isolate(value)
        if isinstance(value, str) and key not in plain and (rtl or _has_rtl_letters(value))
        else value
        for key, value in params.items()
    }


def _fill(template: str, params: Mapping[str, Any]) -> str:
    # Same convention as PossoukError: a message without params is not a template.
    return template.format(**params) if params else template


def render_message(
    message: str,
    params: Mapping[str, Any] | None = None,
    lang: str | None = None,
    *,
    plain: frozenset[str] = frozenset(),
) -> str:
    """Translate ``message`` into ``lang`` and fill in ``params``; never raises.

    In a right-to-left language every string parameter (except those named in
    ``plain``) is wrapped in bidi isolates (FSI … PDI), so a Latin name,
    reference or amount keeps its shape inside Arabic text; in a left-to-right
    language only string parameters containing Arabic letters are. When the
    translation is missing fields, has extra ones or cannot be filled, the
    English message is used.
    """
    values: Mapping[str, Any] = params or {}
    code = normalize_language(lang) or _current
    translated = _safe_translation(message, code)
    if translated != message and placeholders(translated) == placeholders(message):
        try:
            return _fill(translated, _display_params(values, code, plain))
        except Exception:  # a bad translation falls back to English below
            pass
    try:
        return _fill(message, _display_params(values, "en", plain))
    except Exception:  # the caller passed wrong params: still say something useful
        details = ", ".join(f"{key}={value!r}" for key, value in values.items())
        return f"{message} ({details})" if details else message


def render_error(err: PossoukError, lang: str | None = None) -> str:
    """The sentence to show for ``err`` in ``lang`` (default: the current language)."""
    return render_message(err.message, err.params, lang)


def render_problem(problem: Problem, lang: str | None = None) -> str:
    """One problem of a refused file, e.g. ``"ligne 3, colonne price : …"``."""
    code = normalize_language(lang) or _current
    message = render_message(problem.message, problem.params, code)
    if problem.column:
        # Translators: where a problem is in an imported file; {column} is the column's
        # heading as written in the file, {message} the problem itself
        frame = N_("row {row}, column {column}: {message}")
        params: dict[str, Any] = {"row": problem.row, "column": problem.column, "message": message}
    else:
        # Translators: a problem about a whole row of an imported file
        frame = N_("row {row}: {message}")
        params = {"row": problem.row, "message": message}
    return render_message(frame, params, code, plain=frozenset({"message"}))
