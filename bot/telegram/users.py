"""Telegram users as the store knows them: their row, their language, whether they blocked us."""

from __future__ import annotations

from telegram import User

from bot import checkins
from bot.i18n import DEFAULT_LANGUAGE, supported
from bot.render.clients import person
from bot.services import Services
from bot.storage import Store


def language_of(store: Store, user: User) -> str | None:
    """The language chosen before, else the Telegram app's language if we speak it, else None."""
    return chosen_language(store.user(user.id), user)


def chosen_language(row: dict | None, user: User) -> str | None:
    """`language_of` for a user whose row is already at hand."""
    return (row and row["language"]) or supported(user.language_code)


def speaking(store: Store, user: User | None) -> str:
    """The language to answer `user` in, even one we know nothing about."""
    return (user and language_of(store, user)) or DEFAULT_LANGUAGE


def know(store: Store, user: User) -> dict:
    """The user's row, made on first contact; a user writing again has evidently unblocked us.

    The first name is kept current: consultants and owners are shown it.
    """
    row = store.ensure_user(user.id, language=supported(user.language_code), name=user.first_name)
    changes = {"blocked_at": None} if row["blocked_at"] else {}
    if row["name"] != user.first_name:
        changes["name"] = user.first_name
    if changes:
        store.update_user(user.id, **changes)
    return row


def writes_in(store: Store, user_id: int) -> str:
    """The language to write to a user in unasked (a reminder, a notice): theirs, else the default."""
    row = store.user(user_id)
    return (row and row["language"]) or DEFAULT_LANGUAGE


def name_of(store: Store, user_id: int) -> str:
    """The first name the user goes by on Telegram, as others are shown it."""
    row = store.user(user_id)
    return person(row and row["name"])


def mark_blocked(services: Services, user: User, blocked: bool = True) -> None:
    """Remember that the user blocked the bot (so nothing more is sent), or no longer does."""
    services.store.ensure_user(user.id, language=supported(user.language_code), name=user.first_name)
    if blocked:
        blocked_by(services, user.id)
    else:
        services.store.update_user(user.id, blocked_at=None)


def blocked_by(services: Services, user_id: int) -> None:
    """Note that a known user blocked the bot, and stop their check-in reminders until they come back."""
    services.store.update_user(user_id, blocked_at=services.store.now())
    checkins.stop_for_blocked(services, user_id)
