"""No inline button label is cut on a 360-dp phone, in either language.

Telegram gives every button of a row the same width. On a 360-dp phone the keyboard is about 344 dp
wide, and each button loses about 16 dp to its padding. At Telegram's default button font (14 sp,
medium) a character of mixed French or German text takes 7 to 8 dp; counting 9.2 dp leaves room for
capitals, wide letters and larger system fonts. So a label fits in (344 / buttons in the row - 16) / 9.5
characters: 35 alone in a row, 16 in a row of two, 10 in a row of three. An emoji counts as two
characters. Labels that carry a user's name (a client, a consultant) are left out: the name is the
owner's, and Telegram shortens it with an ellipsis.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from bot.app import Services
from bot.engine import Position
from bot.i18n import LANGUAGES, use_locale
from bot.i18n.catalogs import regional_locales
from bot.render.questions import label
from bot.spec import Kind
from bot.storage import Schedule
from bot.telegram import keyboards

KEYBOARD_WIDTH, PADDING, CHARACTER = 344, 16, 9.2
LOCALES = (*LANGUAGES, *regional_locales())  # the labels of the regional catalogs fit too


def limit(buttons_in_row: int) -> int:
    return int((KEYBOARD_WIDTH / buttons_in_row - PADDING) / CHARACTER)


def width(text: str) -> int:
    """Characters as wide as a letter; an emoji (and its variation selector, none) as two."""
    return sum(0 if unicodedata.category(char) in ("Mn", "Cf") or char == "\ufe0f"
               else 2 if unicodedata.category(char) == "So" else 1 for char in text)


def too_long(rows):
    return [(button.text, width(button.text), limit(len(row)))
            for row in rows for button in row if width(button.text) > limit(len(row))]


def test_the_limits():
    assert (limit(1), limit(2), limit(3)) == (35, 16, 10)
    assert width("✅ Oui") == 6 and width("⏸️ Pause") == 8


@pytest.mark.parametrize("language", LOCALES)
def test_option_labels_fit(specs, language):
    """Each option has a row to itself; a chosen option of a multiple choice carries a check mark."""
    problems = []
    with use_locale(language):
        for spec in specs.values():
            for question in spec.questions.values():
                for option in question.options:
                    text = label(option)
                    if question.kind is Kind.MULTI:
                        text = f"{keyboards.CHECK} {text}"
                    rows = [[SimpleNamespace(text=text)]]
                    problems += [(question.id, *problem) for problem in too_long(rows)]
    assert problems == [], problems


@pytest.mark.parametrize("language", LOCALES)
def test_fixed_buttons_fit(specs, language):
    at = Position("sector", 1)
    view = SimpleNamespace(position=at)
    now = datetime(2027, 1, 4, 8, tzinfo=UTC)
    schedule = Schedule(user_id=1, every="weekly", weekday=0, hour=9, timezone="Europe/Paris", week_of_month=1,
                        status="active", next_due_at=now, period_due_at=now, last_sent_at=None)
    rhythm = specs["assessment"].questions["checkins"]
    with use_locale(language):
        markups = [
            keyboards.restart_keyboard(view),  # type: ignore[arg-type]
            keyboards.language_keyboard(),
            keyboards.weekday_keyboard("weekly", "Stop"),
            keyboards.hour_keyboard("weekly", 0),
            keyboards.schedule_keyboard(rhythm, schedule),
            keyboards.resume_keyboard(),
            keyboards.reminder_keyboard(),
            keyboards.access_keyboard([], ["t"]),
            keyboards.invitation_keyboard(),
            keyboards.news_keyboard("t", True),
            keyboards.news_keyboard("t", False),
            keyboards.erase_keyboard(),
            keyboards.details_keyboard(1, list(keyboards.DETAIL_LABELS)),
        ]
        moves = [[keyboards.button("⬅️ " + keyboards._("Back"), keyboards.Action.BACK, at),
                  keyboards.button(keyboards._("Skip") + " ⏭️", keyboards.Action.SKIP, at)]]
        problems = [problem for markup in markups for problem in too_long(markup.inline_keyboard)]
        problems += too_long(moves)
    assert problems == [], problems


@pytest.mark.parametrize("language", LOCALES)
def test_a_re_assessment_s_same_as_last_time_button_fits(tmp_path, language):
    """Above the options of a question answered last time, in a row of its own."""
    services = Services.open(tmp_path / "db.sqlite3")
    services.store.ensure_user(1, language="fr")
    view = replace(services.engine.view(1, "assessment"), default="food")
    with use_locale(language):
        rows = keyboards.question_keyboard(view).inline_keyboard
    services.close()
    assert rows[0][0].text.startswith("↩️ ") and len(rows[0]) == 1
    assert too_long(rows) == []
