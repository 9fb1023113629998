"""Inline keyboards, and the callback data their buttons carry.

A button's callback data says what it does and, for answers, the position of
the dialogue when it was shown ("p:<step>:<state>:<option>"), so the engine
can refuse a button from an earlier question or a second tap. It never holds
user or conversation ids (the update says who pressed), and Telegram allows
at most 64 bytes. Anything that does not decode is treated as a dead button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.engine import Position, View
from bot.i18n import LANGUAGES, _, current_locale
from bot.i18n.numbers import format_money, format_number
from bot.render.questions import label
from bot.render.values import quantity

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64

# What a button does. All but the language buttons carry the position they were shown at.
PICK, TOGGLE, DONE, SKIP, NUMBER, BACK, RESTART, LANGUAGE = "p", "t", "d", "s", "n", "b", "r", "l"
YES, NO = "yes", "no"
_ID = r"[a-z][a-z0-9_]{0,59}"
# The value each positioned action carries.
_VALUES = {PICK: _ID, TOGGLE: _ID, NUMBER: r"[0-9]{1,12}(\.[0-9]{1,6})?", RESTART: f"{YES}|{NO}",
           DONE: "", SKIP: "", BACK: ""}
_POSITIONED = re.compile(
    rf"(?P<action>[a-z]):(?P<step>0|[1-9][0-9]{{0,3}}):(?P<state>{_ID}):(?P<value>[a-z0-9_.]*)")

# Language names stay in their own language whatever the user reads, so they are not translated.
ENDONYMS = {"fr": "Français", "de": "Deutsch"}
CHECK = "✅"


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: str
    at: Position | None = None
    value: str = ""


def encode(action: str, at: Position | None = None, value: str = "") -> str:
    """The callback data for a button; refuses data Telegram would reject."""
    data = f"{action}:{value}" if at is None else f"{action}:{at.step}:{at.state}:{value}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data longer than {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press a button's data stands for, or None for anything malformed or forged."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None
    action, _sep, rest = data.partition(":")
    if action == LANGUAGE:
        return Press(LANGUAGE, value=rest) if rest in LANGUAGES else None
    match = _POSITIONED.fullmatch(data)
    if match is None or match["action"] not in _VALUES \
            or not re.fullmatch(_VALUES[match["action"]], match["value"]):
        return None
    return Press(match["action"], Position(match["state"], int(match["step"])), match["value"])


def number_text(value: str) -> str:
    """A suggested number as the user would type it in their language."""
    return format_number(Decimal(value), current_locale(), digits=6)


def _plain(value: float) -> str:
    """A figure as digits and a dot, never in exponent notation."""
    return format(Decimal(str(value)), "f")


def _button(text: str, action: str, at: Position | None = None, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, at, value))


def suggestion_label(unit: str | None, value: float) -> str:
    """A suggested figure short enough for a button: '1 500 €', '25 %', '3'."""
    if unit in ("eur", "eur_month", "eur_hour"):
        return format_money(value, current_locale())
    if unit == "percent":
        return quantity(unit, value)
    return format_number(value, current_locale())


def question_keyboard(view: View) -> InlineKeyboardMarkup | None:
    """Buttons for the current question: options or suggestions, then Back and Skip."""
    question, at = view.question, view.position
    rows: list[list[InlineKeyboardButton]] = []
    if question.kind == "choice":
        rows += [[_button(label(option), PICK, at, option.id)] for option in view.options]
    elif question.kind == "multi":
        rows += [[_button(f"{CHECK} {label(option)}" if option.id in view.selection else label(option),
                          TOGGLE, at, option.id)] for option in view.options]
        rows.append([_button(_("Done"), DONE, at)])
    elif question.kind == "number" and question.suggestions:
        rows.append([_button(suggestion_label(question.unit, value), NUMBER, at, _plain(value))
                     for value in question.suggestions])
    moves = []
    if view.conversation.path:
        moves.append(_button("⬅️ " + _("Back"), BACK, at))  # not in an f-string, or Babel misses the text
    if question.optional:
        moves.append(_button(_("Skip") + " ⏭️", SKIP, at))
    if moves:
        rows.append(moves)
    return InlineKeyboardMarkup(rows) if rows else None


def restart_keyboard(view: View) -> InlineKeyboardMarkup:
    """Confirm or cancel starting again; valid only while the dialogue has not moved."""
    return InlineKeyboardMarkup([[
        _button(_("Yes, start again"), RESTART, view.position, YES),
        _button(_("No, carry on"), RESTART, view.position, NO),
    ]])


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(ENDONYMS[code], LANGUAGE, value=code) for code in LANGUAGES]])
