"""Checks that the compiled catalogs cover what the product shows."""

from __future__ import annotations

from bot.i18n import LANGUAGES, translations
from bot.spec import Spec, SpecError


def missing_messages(messages: list[str], language: str) -> list[str]:
    # The compiled msgid -> msgstr table; typeshed leaves out this private attribute of GNUTranslations.
    catalog = translations(language)._catalog  # type: ignore[attr-defined]
    return [message for message in messages if not catalog.get(message)]


def check_spec_translations(spec: Spec) -> None:
    """Refuse a spec whose texts are not translated into every language."""
    for language in LANGUAGES:
        for state, message in spec.messages():
            if missing_messages([message], language):
                raise SpecError(spec.path, state, f"no {language} translation for {message!r}")
