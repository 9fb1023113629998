"""The data a button carries: what it does, and for answers where the dialogue stood.

Answer buttons and the restart confirmation carry the position they were
shown at ("pk:<step>:<state>:<option>"), so the engine can refuse a button
from an earlier question or a second tap. Buttons outside the dialogues
carry a value from a short vocabulary ("rm:tomorrow") or the token of an
entry in a list shown with them ("cl:3f9a0c1b2d"). Data never holds user,
conversation or invitation ids (the update says who pressed), and Telegram
allows at most 64 bytes. Anything that does not decode is a dead button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from telegram.constants import InlineKeyboardButtonLimit

from bot.app.portfolio import FILTERS
from bot.app.rhythm import RHYTHMS
from bot.app.stories import DETAILS
from bot.engine import Position
from bot.i18n import LANGUAGES
from bot.i18n.markets import MARKETS
from bot.telegram.lists import TOKEN

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64


class Action(StrEnum):
    """What a button does; the value is what its data starts with."""

    # Answers, and the restart confirmation: they carry the position they were shown at.
    PICK = "pk"
    TOGGLE = "tg"
    DONE = "dn"
    SKIP = "sk"
    NUMBER = "nb"
    BACK = "bk"
    SAME = "sm"  # last time's answer, in a re-assessment
    RESTART = "rs"
    # Everything else carries only a value.
    LANGUAGE = "lg"
    REMINDER = "rm"
    RHYTHM = "rh"
    WEEKDAY = "wd"
    HOUR = "hr"
    SCHEDULE = "sc"
    ACCESS = "ac"
    INVITES = "iv"
    INVITATION = "in"
    CLIENT = "cl"
    NOTIFY = "nt"
    ERASE = "er"
    DETAIL = "dt"
    DECISION = "dc"
    COUNTRY = "ct"
    REGION = "rg"
    TRIAGE = "tr"  # the consultant's list of clients: a filter and a page
    DIGEST = "dg"  # the consultant's digest: daily or weekly (then at an hour), or none
    FILE = "fl"  # a detail of a client's file


YES, NO = "yes", "no"
NEW = "new"  # a new invitation link, asked for on the owner's access list
ALL_CHECKINS = "csv"  # every check-in of every client, asked for on the consultant's list
_ID = r"[a-z][a-z0-9_]{0,59}"
_RHYTHM = "|".join(RHYTHMS)
_PERSON = TOKEN  # an entry of a list shown with the button (see lists.py)
# The value each action carries. Weekday and hour buttons carry the choices made
# before them, so setting a schedule needs no memory between taps.
_VALUES = {
    Action.PICK: _ID, Action.TOGGLE: _ID, Action.NUMBER: r"[0-9]{1,12}(\.[0-9]{1,6})?",
    Action.RESTART: f"{YES}|{NO}", Action.DONE: "", Action.SKIP: "", Action.BACK: "",
    Action.SAME: "",
    Action.LANGUAGE: "|".join(LANGUAGES), Action.REMINDER: "start|tomorrow|skip", Action.RHYTHM: _RHYTHM,
    Action.WEEKDAY: f"({_RHYTHM}):[0-6]", Action.HOUR: f"({_RHYTHM}):[0-6]:(1?[0-9]|2[0-3])",
    Action.SCHEDULE: "pause|resume|stop", Action.ACCESS: _PERSON, Action.INVITES: f"{NEW}|{TOKEN}",
    Action.INVITATION: f"{YES}|{NO}", Action.CLIENT: _PERSON, Action.NOTIFY: f"{_PERSON}:(on|off)",
    Action.ERASE: f"{YES}|{NO}",
    Action.DETAIL: "[1-9][0-9]{0,5}:[a-z]{3,8}",  # the owner's verdict number (1 = their first) and a section
    # The plan (the owner's verdict number), the decision point it closes (months) and the choice.
    Action.DECISION: "[1-9][0-9]{0,5}:(6|9):(continue|change|reevaluate)",
    Action.COUNTRY: "|".join(MARKETS),
    Action.REGION: f"({'|'.join(MARKETS)}):([0-9A-Z]{{1,3}})?",  # the country chosen, then its region (or none)
    Action.TRIAGE: f"({'|'.join(FILTERS)}):[0-9]{{1,3}}|{ALL_CHECKINS}",
    Action.FILE: f"{_PERSON}:({'|'.join(DETAILS)})",
    Action.DIGEST: "off|(daily|weekly)(:(1?[0-9]|2[0-3]))?",
}
POSITIONED = frozenset({Action.PICK, Action.TOGGLE, Action.DONE, Action.SKIP, Action.NUMBER, Action.BACK,
                        Action.SAME, Action.RESTART})
_AT = re.compile(rf"(?P<step>0|[1-9][0-9]{{0,3}}):(?P<state>{_ID}):(?P<value>.*)", re.DOTALL)


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: Action
    at: Position | None = None
    value: str = ""


def encode(action: Action, at: Position | None = None, value: str = "") -> str:
    """The callback data for a button; refuses data Telegram would reject."""
    data = f"{action}:{value}" if at is None else f"{action}:{at.step}:{at.state}:{value}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data longer than {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press a button's data stands for, or None for anything malformed or forged."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None
    prefix, _sep, rest = data.partition(":")
    try:
        action = Action(prefix)
    except ValueError:
        return None
    at = None
    if action in POSITIONED:
        match = _AT.fullmatch(rest)
        if match is None:
            return None
        at, rest = Position(match["state"], int(match["step"])), match["value"]
    return Press(action, at, rest) if re.fullmatch(_VALUES[action], rest) else None


def pattern(action: Action) -> str:
    """The regular expression that routes this action's presses to its handler."""
    return f"^{action}:"
