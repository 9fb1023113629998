"""What a consultant sees of the owners who share with them. Every read checks the link first.

Read-only: nothing here writes an owner's data (not even by starting a
conversation, which the engine would do on a view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.app import checkins, verdicts
from bot.app.callers import ASSESSMENT
from bot.app.services import Services
from bot.spec import known
from bot.storage import Snapshot


@dataclass(frozen=True)
class Client:
    """One owner as listed for a consultant."""

    owner_id: int
    name: str | None
    sector: str | None  # an option id of the assessment's sector question
    business: str | None  # the business's name, if the owner gave it
    headline: str | None  # the latest verdict's headline code
    last_checkin: datetime | None


def answers_of(services: Services, owner_id: int) -> tuple[dict[str, Any], str | None]:
    """The answers behind the owner's latest verdict, else those of the assessment under way, with the
    currency they were given in (None before any)."""
    stored = verdicts.latest(services, owner_id)
    if stored is not None:
        return stored.answers, stored.verdict.currency
    record = services.store.active_conversation(owner_id, ASSESSMENT)
    if record is None:
        return {}, None
    return Snapshot(record, services.store.answers(record.id)).on_path, record.currency


def profile(services: Services, owner_id: int) -> Client:
    """Who the owner is and where they stand (no access check: callers do it, or it is the owner asking)."""
    user = services.store.user(owner_id)
    verdict = services.store.latest_verdict(owner_id)
    history = checkins.history(services, owner_id)
    answers, _currency = answers_of(services, owner_id)
    return Client(owner_id, user.name if user else None, answers.get(known.SECTOR), answers.get(known.BUSINESS_NAME),
                  verdict.headline if verdict else None, history[-1].at if history else None)


def news_on(services: Services, owner_id: int, consultant_id: int) -> bool | None:
    """Whether the consultant asked to be told of the owner's progress; None without access."""
    link = services.store.link(owner_id, consultant_id)
    return link.notify if link else None


def set_news(services: Services, owner_id: int, consultant_id: int, on: bool) -> bool | None:
    """Turn the news of this client on or off (again the same: nothing changes); None without access."""
    now_on = news_on(services, owner_id, consultant_id)
    if now_on is None:
        return None
    if now_on != on:
        services.store.set_notify(owner_id, consultant_id, on)
    return on


def to_tell(services: Services, owner_id: int) -> list[int]:
    """The owner's consultants who asked to be told when a dialogue is finished."""
    return [link.consultant_id for link in services.store.consultants_of(owner_id) if link.notify]
