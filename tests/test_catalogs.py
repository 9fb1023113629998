"""Both catalogs are complete, current and consistent with the source strings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, _, ngettext, use_locale
from bot.i18n.catalogs import check_spec_translations, regional_locales
from bot.paths import locales_dir

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")
CATALOGS = (*LANGUAGES, *regional_locales())  # a regional catalog (de_CH) holds only what differs there


def catalog(language):
    with open(locales_dir() / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def forms(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("language", CATALOGS)
def test_every_entry_is_translated_and_not_fuzzy(language):
    problems = [message.id for message in catalog(language)
                if message.id and (message.fuzzy or not all(forms(message)))]
    assert problems == []


@pytest.mark.parametrize("language", CATALOGS)
def test_placeholders_match_the_source(language):
    def names(text):
        return sorted(set(PLACEHOLDER.findall(text)))

    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = names(sources[-1])
        for form in forms(message):
            wanted = set(expected) - ({"n"} if message.pluralizable else set())
            if not wanted <= set(names(form)) or not set(names(form)) <= set(expected):
                problems.append((message.id, form))
    assert problems == []


def test_catalogs_hold_every_message_of_code_and_specs(tmp_path):
    """Fails when a string was added to the code or a spec but not extracted and translated."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot),
         "--no-wrap", "."],
        cwd=ROOT, check=True, capture_output=True, env={"PYTHONPATH": str(ROOT)})
    with open(pot, "rb") as handle:
        extracted = {message.id if isinstance(message.id, str) else message.id[0]
                     for message in read_po(handle) if message.id}
    for language in LANGUAGES:
        known = {message.id if isinstance(message.id, str) else message.id[0]
                 for message in catalog(language) if message.id}
        assert sorted(extracted - known) == [], f"run scripts/update-catalogs and translate ({language})"


def test_specs_are_translated(specs):
    for spec in specs.values():
        check_spec_translations(spec)


def test_translation_follows_the_context_not_the_process():
    with use_locale("fr"):
        french = _("Please give a whole number.")
        with use_locale("de"):
            german = _("Please give a whole number.")
        assert _("Please give a whole number.") == french
    assert french != german and french != "Please give a whole number."


def test_plural_forms():
    with use_locale("fr"):
        assert ngettext("Please choose at least {n} option.", "Please choose at least {n} options.", 1) != \
            ngettext("Please choose at least {n} option.", "Please choose at least {n} options.", 2)
    with use_locale("de"):
        assert "3" in ngettext("Please choose at least {n} option.", "Please choose at least {n} options.", 3)


def test_option_labels_are_translated_in_the_context_of_their_question(specs):
    """A short label shared by several questions ("No") has an entry per question (msgctxt = question id)."""
    from bot.render.questions import label

    questions = specs["assessment"].questions
    with use_locale("fr"):
        assert label(questions["listening"].option("never")) == "Non, jamais"
        assert label(questions["stamina"].option("no")) == "Non"
    with use_locale("de"):
        assert label(questions["listening"].option("never")) == "Nein, nie"
    for language in LANGUAGES:
        contexts = {message.context for message in catalog(language) if message.id == "No"}
        assert {"listening", "stamina", "target", "staff_policy"} <= contexts
