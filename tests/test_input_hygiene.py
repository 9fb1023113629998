"""What an owner types is kept as they meant it: NFC, no controls or bidi overrides, ASCII digits, bounded figures."""

from __future__ import annotations

import pytest

from bot.app.callers import Sender
from bot.engine.inputs import InvalidAnswer, Problem, read_answer
from bot.i18n import use_locale
from bot.i18n.unicode import FSI, PDI, clean_name
from bot.render.clients import person


def read(specs, question_id: str, text: str):
    with use_locale("fr"):
        return read_answer(specs["assessment"].questions[question_id], text, {})


def refused(specs, question_id: str, text: str) -> Problem:
    with pytest.raises(InvalidAnswer) as raised:
        read(specs, question_id, text)
    return raised.value.code


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u2060 \ufeff", "\u3164", "\u2800\u2800", "\u0301", "\u202e \u202c"])
def test_a_text_with_nothing_visible_is_no_answer(specs, text):
    assert refused(specs, "objective_note", text) is Problem.EMPTY


def test_bidi_overrides_and_controls_are_dropped_and_the_text_kept_in_nfc(specs):
    typed = "Plus de\u202e clients\u202c\x07 en e\u0301te\u0301"
    assert read(specs, "objective_note", typed) == "Plus de clients en été"
    assert read(specs, "objective_note", "\u2067Isolé\u2069 et 👩‍👩‍👧 gardés") == "Isolé et 👩‍👩‍👧 gardés"


@pytest.mark.parametrize("text", ["²", "١", "１", "1²"])
def test_only_ascii_digits_choose_an_option(specs, text):
    assert refused(specs, "sector", text) is Problem.NOT_AN_OPTION


@pytest.mark.parametrize("text", ["١٥٠٠", "１５００", "1" * 25, "9" * 4000, "1 000 000 000 000 000 000 000 000"])
def test_a_figure_in_other_digits_or_of_absurd_length_is_not_read(specs, text):
    assert refused(specs, "revenue", text) is Problem.NOT_A_NUMBER


def test_a_figure_of_ordinary_length_is_read(specs):
    assert read(specs, "revenue", "12 345 678,50 €") == 12345678.5


def test_names_lose_overrides_and_an_invisible_name_is_no_name():
    assert Sender(1, "\u202eMarie\u202c").name == "Marie"
    assert clean_name("\u3164") is None and clean_name("\u200b ") is None and clean_name(None) is None


def test_a_name_shown_to_others_is_isolated_from_the_sentence_around_it():
    with use_locale("de"):
        assert person("محمد") == f"{FSI}محمد{PDI}"
        assert FSI not in person(None)


@pytest.mark.parametrize("question_id", ["sector", "networks_now"])
@pytest.mark.parametrize("text", ["9" * 4301, "0" * 5000 + "99", "1, " + "2" * 100_000])
def test_any_length_of_digits_at_a_choice_is_not_one_of_the_options(specs, question_id, text):
    assert refused(specs, question_id, text) is Problem.NOT_AN_OPTION
