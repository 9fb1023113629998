"""Inline keyboards, and the callback data their buttons carry.

A button's callback data says what it does and, for answers, the position of
the dialogue when it was shown ("p:<step>:<state>:<option>"), so the engine
can refuse a button from an earlier question or a second tap. Buttons outside
the dialogues carry a word from a short list ("k:tomorrow") or the index of an
entry in a list shown with them ("o:2"). Data never holds user, conversation
or invitation ids (the update says who pressed), and Telegram allows at most
64 bytes. Anything that does not decode is treated as a dead button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.engine import Position, View
from bot.i18n import LANGUAGES, _, current_locale, use_locale
from bot.i18n.numbers import format_money, format_number
from bot.render.questions import label
from bot.render.values import quantity
from bot.schedule import RHYTHMS

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64

# What a button does. Answer buttons and the restart confirmation carry the position they were shown at.
PICK, TOGGLE, DONE, SKIP, NUMBER, BACK, RESTART = "p", "t", "d", "s", "n", "b", "r"
# Buttons outside the dialogues carry no position, only a value from a short vocabulary.
LANGUAGE, REMINDER, RHYTHM, WEEKDAY, HOUR, SCHEDULE = "l", "k", "e", "w", "h", "x"
ACCESS, INVITES, INVITATION, CLIENT, NOTIFY, ERASE = "u", "i", "j", "o", "y", "z"
YES, NO = "yes", "no"
_ID = r"[a-z][a-z0-9_]{0,59}"
# The value each positioned action carries.
_VALUES = {PICK: _ID, TOGGLE: _ID, NUMBER: r"[0-9]{1,12}(\.[0-9]{1,6})?", RESTART: f"{YES}|{NO}",
           DONE: "", SKIP: "", BACK: ""}
_POSITIONED = re.compile(
    rf"(?P<action>[a-z]):(?P<step>0|[1-9][0-9]{{0,3}}):(?P<state>{_ID}):(?P<value>[a-z0-9_.]*)")
_RHYTHM = "|".join(RHYTHMS)
_INDEX = "0|[1-9][0-9]{0,2}"  # an entry of a list shown with the button (see lists.py)
# The value each button outside the dialogues carries. Weekday and hour buttons carry the
# choices made before them, so setting a schedule needs no memory between taps.
_MENU_VALUES = {
    LANGUAGE: "|".join(LANGUAGES), REMINDER: "start|tomorrow|skip", RHYTHM: _RHYTHM,
    WEEKDAY: f"({_RHYTHM}):[0-6]", HOUR: f"({_RHYTHM}):[0-6]:(1?[0-9]|2[0-3])", SCHEDULE: "pause|resume|stop",
    ACCESS: _INDEX, INVITES: "cancel", INVITATION: f"{YES}|{NO}", CLIENT: _INDEX,
    NOTIFY: _INDEX, ERASE: f"{YES}|{NO}",
}

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
    if action in _MENU_VALUES:
        return Press(action, value=rest) if re.fullmatch(_MENU_VALUES[action], rest) else None
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


def button(text: str, action: str, at: Position | None = None, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, at, value))


def suggestion_label(unit: str | None, value: float) -> str:
    """A suggested figure short enough for a button: '1 500 €', '25 %', '3'."""
    return _suggestion_label(unit, value, current_locale())


@lru_cache(maxsize=1024)
def _suggestion_label(unit: str | None, value: float, locale: str) -> str:
    """Cached: the same few figures are shown on every keyboard, and Babel's formatting is not free."""
    if unit in ("eur", "eur_month", "eur_hour"):
        return format_money(value, locale)
    if unit == "percent":
        with use_locale(locale):
            return quantity(unit, value)
    return format_number(value, locale)


def question_keyboard(view: View, last: float | None = None) -> InlineKeyboardMarkup | None:
    """Buttons for the current question: options or suggestions (and `last` time's figure), then Back and Skip."""
    question, at = view.question, view.position
    rows: list[list[InlineKeyboardButton]] = []
    if question.kind == "choice":
        rows += [[button(label(option), PICK, at, option.id)] for option in view.options]
    elif question.kind == "multi":
        rows += [[button(f"{CHECK} {label(option)}" if option.id in view.selection else label(option),
                          TOGGLE, at, option.id)] for option in view.options]
        rows.append([button(_("Done"), DONE, at)])
    elif question.kind == "number" and question.suggestions:
        rows.append([button(suggestion_label(question.unit, value), NUMBER, at, _plain(value))
                     for value in question.suggestions])
    if question.kind == "number" and last is not None:
        rows.append([button(_("Same as last time: {figure}", figure=suggestion_label(question.unit, last)),
                            NUMBER, at, _plain(last))])
    moves = []
    if view.conversation.path:
        moves.append(button("⬅️ " + _("Back"), BACK, at))  # not in an f-string, or Babel misses the text
    if question.optional:
        moves.append(button(_("Skip") + " ⏭️", SKIP, at))
    if moves:
        rows.append(moves)
    return InlineKeyboardMarkup(rows) if rows else None


def restart_keyboard(view: View) -> InlineKeyboardMarkup:
    """Confirm or cancel starting again; valid only while the dialogue has not moved."""
    return InlineKeyboardMarkup([[
        button(_("Yes, start again"), RESTART, view.position, YES),
        button(_("No, carry on"), RESTART, view.position, NO),
    ]])


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(ENDONYMS[code], LANGUAGE, value=code) for code in LANGUAGES]])
