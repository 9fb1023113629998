"""Users' settings and standing: their language, their name as others see it, blocking the bot."""

from __future__ import annotations

from bot.app import schedules
from bot.app.callers import Sender
from bot.app.services import Services
from bot.i18n import DEFAULT_LANGUAGE, supported


def set_language(services: Services, user_id: int, language: str) -> None:
    services.store.update_user(user_id, language=language)


def writes_in(services: Services, user_id: int) -> str:
    """The language to write to a user in unasked (a reminder, a notice): theirs, else the default."""
    user = services.store.user(user_id)
    return (user and user.language) or DEFAULT_LANGUAGE


def name_of(services: Services, user_id: int) -> str | None:
    """The first name the user goes by, as others are shown it (None if unknown)."""
    user = services.store.user(user_id)
    return user.name if user else None


def mark_blocked(services: Services, sender: Sender, blocked: bool = True) -> None:
    """Remember that the sender blocked the bot (so nothing more is sent), or no longer does."""
    services.store.ensure_user(sender.id, language=supported(sender.language_code), name=sender.name)
    if blocked:
        blocked_by(services, sender.id)
    else:
        services.store.update_user(sender.id, blocked_at=None)


def blocked_by(services: Services, user_id: int) -> None:
    """Note that a known user blocked the bot, and stop their check-in reminders until they come back."""
    services.store.update_user(user_id, blocked_at=services.store.now())
    schedules.stop_for_blocked(services, user_id)
