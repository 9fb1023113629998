"""Who sent a request, resolved once when it comes in: the user, their language, their open dialogue.

One storage statement reads the user, their open conversations and what their
chat's buttons refer to; a first contact adds the user. Everything downstream
(the dialogue, the texts, the replies) takes the `Caller` instead of reading
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from bot.app.services import Services
from bot.i18n import DEFAULT_LANGUAGE, supported
from bot.i18n.markets import Market, locale_for
from bot.i18n.unicode import clean_name
from bot.storage import Snapshot, User

ASSESSMENT, CHECKIN = "assessment", "checkin"


@dataclass(frozen=True)
class Sender:
    """The sender as the front-end knows them (Telegram gives a first name and the app's language)."""

    id: int
    name: str | None = None
    language_code: str | None = None

    def __post_init__(self) -> None:
        """The name as we keep and show it: no bidi overrides or invisible-only names (see bot/i18n/unicode)."""
        object.__setattr__(self, "name", clean_name(self.name))


@dataclass(frozen=True)
class Caller:
    user: User
    # The language chosen before, else the app's language if we speak it; None until asked.
    language: str | None
    snapshots: dict[str, Snapshot]
    owed: bool = False  # a message is owed to them: it goes out before anything else
    memory: dict[str, Any] = field(default_factory=dict)  # what their chat's buttons refer to (app/memory.py)
    read: object = None  # when all this was read (`Storage.unchanged_since`)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def speaks(self) -> str:
        """The language to answer in, even before one was chosen."""
        return self.language or DEFAULT_LANGUAGE

    @property
    def market(self) -> Market | None:
        """Where the business is, once the owner said (asked right after the language)."""
        return market_of(self.user)

    @property
    def locale(self) -> str:
        """The language with the owner's country ("de_CH") once known: how texts, figures and money read."""
        return locale_for(self.speaks, self.user.country)

    @property
    def dialog(self) -> str:
        """Where typed answers go: an unfinished check-in if there is one, else the assessment."""
        checkin = self.snapshots.get(CHECKIN)
        return CHECKIN if checkin is not None and not checkin.record.finished else ASSESSMENT

    def snapshot(self, dialog: str | None = None) -> Snapshot | None:
        """The open conversation on `dialog` (by default the active one) as read on arrival."""
        return self.snapshots.get(dialog or self.dialog)


def arrive(services: Services, sender: Sender) -> Caller:
    """The caller, made on first contact; one who writes again has evidently unblocked us."""
    caller = _arrive(services, sender, take_on=True)
    assert caller is not None
    return caller


def known_caller(services: Services, sender: Sender) -> Caller | None:
    """The caller if we know them, else None: a button press, which only a message of ours can carry,
    never takes a user on (a second tap on "delete everything" must not bring the erased user back)."""
    return _arrive(services, sender, take_on=False)


def _arrive(services: Services, sender: Sender, take_on: bool) -> Caller | None:
    """The first name is kept current: consultants and owners are shown it."""
    store = services.store
    visit = store.visit(sender.id)
    if visit.user is None and not take_on:
        return None
    user = visit.user or store.ensure_user(sender.id, language=supported(sender.language_code), name=sender.name)
    if user.blocked_at or user.name != sender.name:
        store.returned(user.id, sender.name)
    return Caller(user, user.language or supported(sender.language_code), visit.conversations, visit.owed,
                  visit.memory, visit.read)


def again(services: Services, caller: Caller) -> Caller:
    """The caller read anew, after a use case opened or closed one of their dialogues."""
    visit = services.store.visit(caller.id)
    return replace(caller, user=visit.user or caller.user, snapshots=visit.conversations, read=visit.read)


def language_of(services: Services, sender: Sender) -> str:
    """The locale to answer a sender in without taking them on (a group chat, a failure): read only."""
    user = services.store.user(sender.id)
    language = (user and user.language) or supported(sender.language_code) or DEFAULT_LANGUAGE
    return locale_for(language, user.country if user else None)


def market_of(user: User | None) -> Market | None:
    """The user's market as stored; None until they said (or for a country no longer served)."""
    if user is None or user.country is None:
        return None
    try:
        return Market(user.country, user.region)
    except ValueError:
        return None
