"""Checks that the compiled catalogs cover what the product shows."""

from __future__ import annotations

from bot.i18n import LANGUAGES, translations
from bot.spec import Spec, SpecError


def missing_messages(messages: list[str], language: str) -> list[str]:
    catalog = translations(language)._catalog  # the compiled msgid -> msgstr table
    return [message for message in messages if not catalog.get(message)]


def check_spec_translations(spec: Spec) -> None:
    """Refuse a spec whose texts are not translated into every language."""
    for language in LANGUAGES:
        for state, message in spec.messages():
            if missing_messages([message], language):
                raise SpecError(spec.path, state, f"no {language} translation for {message!r}")
