"""Telegram users as the store knows them: their row, their language, whether they blocked us."""

from __future__ import annotations

from telegram import User

from bot.i18n import DEFAULT_LANGUAGE, supported
from bot.storage import Store


def language_of(store: Store, user: User) -> str | None:
    """The language chosen before, else the Telegram app's language if we speak it, else None."""
    row = store.user(user.id)
    return (row and row["language"]) or supported(user.language_code)


def speaking(store: Store, user: User | None) -> str:
    """The language to answer `user` in, even one we know nothing about."""
    return (user and language_of(store, user)) or DEFAULT_LANGUAGE


def know(store: Store, user: User) -> dict:
    """The user's row, made on first contact; a user writing again has evidently unblocked us."""
    row = store.ensure_user(user.id, language=supported(user.language_code), name=user.first_name)
    if row["blocked_at"]:
        store.update_user(user.id, blocked_at=None)
    return row


def mark_blocked(store: Store, user: User, blocked: bool = True) -> None:
    """Remember that the user blocked the bot (so nothing more is sent), or no longer does."""
    store.ensure_user(user.id, language=supported(user.language_code), name=user.first_name)
    store.update_user(user.id, blocked_at=store.now() if blocked else None)
