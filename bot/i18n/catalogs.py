"""Checks that the compiled catalogs cover what the product shows."""

from __future__ import annotations

from bot.i18n import LANGUAGES, translations
from bot.paths import locales_dir
from bot.spec import Spec, SpecError


def regional_locales() -> list[str]:
    """The locales with a regional catalog, a folder named language_COUNTRY ("de_CH") in locales/: it holds
    only the entries worded differently there, and gettext reads the language's catalog for the rest."""
    return sorted(po.parents[1].name for po in locales_dir().glob("*_*/LC_MESSAGES/messages.po"))


def missing_messages(messages: list[str], language: str, context: str | None = None) -> list[str]:
    """The messages (of `context`, their msgctxt, if given) that the compiled catalog does not translate."""
    # The compiled msgid -> msgstr table; typeshed leaves out this private attribute of GNUTranslations.
    # Gettext keys an entry with a context as "context\x04msgid".
    catalog = translations(language)._catalog  # type: ignore[attr-defined]
    prefix = f"{context}\x04" if context else ""
    return [message for message in messages if not catalog.get(prefix + message)]


def check_spec_translations(spec: Spec) -> None:
    """Refuse a spec whose texts are not translated into every language."""
    for language in LANGUAGES:
        for state, context, message in spec.messages():
            if missing_messages([message], language, context):
                raise SpecError(spec.path, state, f"no {language} translation for {message!r}"
                                + (f" (context {context!r})" if context else ""))
