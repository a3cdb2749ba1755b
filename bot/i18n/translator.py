"""Turn English source text into the survivor's language, falling back to English visibly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from babel import Locale, UnknownLocaleError

from bot.i18n import plurals
from bot.i18n.catalogues import SOURCE_LANGUAGE, Catalogue
from bot.i18n.filling import fill
from bot.i18n.plurals import Count, Plural


class Translate(Protocol):
    """English source text (with its gettext context, for content) in the survivor's language."""

    def __call__(self, source: str, context: str | None = None) -> str: ...


class Translations:
    """All the languages Waypost speaks, English first."""

    def __init__(self, catalogues: Mapping[str, Catalogue]) -> None:
        self._catalogues = dict(catalogues)

    @property
    def languages(self) -> tuple[str, ...]:
        return (SOURCE_LANGUAGE, *sorted(self._catalogues))

    def supports(self, language: str | None) -> bool:
        return language in self.languages

    def automatic(self, language: str) -> bool:
        """Whether some of this language's text has not been checked by a native speaker."""
        catalogue = self._catalogues.get(language)
        return catalogue is not None and catalogue.automatic

    def best_match(self, hint: str | None) -> str | None:
        """The supported language closest to a device's language code (``pt-BR`` -> ``pt``)."""
        if not hint:
            return None
        code = hint.replace("_", "-").lower()
        for candidate in (code, code.split("-")[0]):
            if self.supports(candidate):
                return candidate
        return None

    def translator(self, language: str | None) -> Translator:
        return Translator(language or SOURCE_LANGUAGE, self._catalogues.get(language or ""))


class Translator:
    """One survivor's turn: remembers whether any text had to fall back to English."""

    def __init__(self, language: str, catalogue: Catalogue | None) -> None:
        self.language = language
        self._catalogue = catalogue
        self.fell_back = False

    def __call__(self, source: str, context: str | None = None) -> str:
        if self.language == SOURCE_LANGUAGE:
            return source
        translated = self._catalogue.messages.get((context, source)) if self._catalogue else None
        if translated is None:
            self.fell_back = True
            return source
        return translated

    def plural(self, singular: str, plural: str, count: Count, context: str | None = None) -> str:
        """The form of a counted message this number takes in the survivor's language (the
        English one, noted as a fallback, when the catalogue lacks any of its forms)."""
        english = singular if plurals.form_index(SOURCE_LANGUAGE, count) == 0 else plural
        if self.language == SOURCE_LANGUAGE:
            return english
        forms = self._catalogue.plurals.get((context, singular)) if self._catalogue else None
        if forms is None:
            self.fell_back = True
            return english
        return forms[plurals.form_index(self.language, count)]


def language_name(code: str) -> str:
    """A language's name in its own script, as its speakers write it (from CLDR)."""
    return _name_of(code, in_language=None)


def english_language_name(code: str) -> str:
    """A language's name in English ("Tigrinya"), as a survivor may type it to choose it."""
    return _name_of(code, in_language="en")


def _name_of(code: str, in_language: str | None) -> str:
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.get_display_name(in_language or locale) or code
    return name[:1].upper() + name[1:]


def formatting_locale(language: str) -> str:
    """The CLDR locale for dates and numbers: English in the UK writes "23 November 2026"."""
    return "en_GB" if language == "en" else language


def render(translate: Translate, source: str, **values: str) -> str:
    """A translated line with its values; a translation with a broken placeholder falls back
    to the English source rather than failing."""
    try:
        return fill(translate(source), values)
    except ValueError:
        return fill(source, values)


def counted(translator: Translator, line: Plural, count: Count, context: str | None = None) -> str:
    """The text of a counted line for this number, its placeholders not yet filled."""
    return translator.plural(line.singular, line.plural, count, context)
