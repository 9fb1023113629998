"""What storage hands out: typed, immutable records, never row dicts.

Times come back as aware `datetime`s in UTC, however the engine keeps them
(SQLite as ISO 8601 text, PostgreSQL as `timestamptz`); JSON columns come
back decoded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def as_time(stored: str | datetime | None) -> datetime | None:
    """A stored time (ISO text from SQLite, a `datetime` from PostgreSQL) as an aware datetime in UTC."""
    if not stored:
        return None
    moment = stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)
    return moment.astimezone(UTC)


def _at(stored: str | datetime) -> datetime:
    """A time that is always there."""
    moment = as_time(stored)
    assert moment is not None, "a required time is missing"
    return moment


@dataclass(frozen=True)
class Receipt:
    """The last Telegram update applied for a user, and when."""

    update_id: int
    at: datetime | None  # None for updates applied before times were kept


@dataclass(frozen=True)
class User:
    id: int
    language: str | None
    timezone: str | None
    name: str | None
    created_at: datetime
    blocked_at: datetime | None
    receipt: Receipt | None
    country: str | None = None  # where the business is (a market), None until the owner said
    region: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        receipt = None if row["last_update_id"] is None \
            else Receipt(row["last_update_id"], as_time(row.get("last_update_at")))
        return cls(id=row["id"], language=row["language"], timezone=row["timezone"], name=row["name"],
                   created_at=_at(row["created_at"]), blocked_at=as_time(row["blocked_at"]), receipt=receipt,
                   country=row.get("country"), region=row.get("region"))


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    user_id: int
    spec: str
    spec_version: int
    state: str
    path: tuple[str, ...]
    draft: tuple[str, ...] | None
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    resume_at: str | None = None  # the state to go on from once the questions a spec change put before it are answered
    currency: str = "EUR"  # the currency its amounts are in, fixed when it starts
    defaults_from: int | None = None  # the finished conversation it re-assesses, whose answers it offers again

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ConversationRecord:
        draft = json.loads(row["draft"]) if row["draft"] else None
        return cls(
            id=row["id"], user_id=row["user_id"], spec=row["spec"],
            spec_version=row["spec_version"], state=row["state"],
            path=tuple(json.loads(row["path"])),
            draft=tuple(draft) if draft is not None else None,
            started_at=_at(row["started_at"]), updated_at=_at(row["updated_at"]),
            finished_at=as_time(row["finished_at"]), resume_at=row.get("resume_at"),
            currency=row.get("currency") or "EUR", defaults_from=row.get("defaults_from"),
        )


@dataclass(frozen=True)
class StoredValue:
    """How many conversations (not abandoned) hold `value` as their latest answer to `question` of `spec`."""

    spec: str
    question: str
    value: Any
    count: int


@dataclass(frozen=True)
class Earlier:
    """The finished conversation a new one re-assesses: its path, currency and latest answers."""

    id: int
    currency: str
    path: tuple[str, ...]
    answers: dict[str, Any]

    @classmethod
    def of(cls, record: ConversationRecord, answers: dict[str, Any]) -> Earlier:
        return cls(record.id, record.currency, record.path, answers)

    @property
    def on_path(self) -> dict[str, Any]:
        """The answers that counted in it (those to the questions on its path)."""
        return {state: self.answers[state] for state in self.path if state in self.answers}


@dataclass(frozen=True)
class Snapshot:
    """A conversation and the latest answer to each of its questions, read together (and, for a
    re-assessment, the conversation whose answers it offers again)."""

    record: ConversationRecord
    answers: dict[str, Any]
    earlier: Earlier | None = None

    @property
    def on_path(self) -> dict[str, Any]:
        """The answers to the questions on the conversation's path, in the order asked
        (a changed path leaves answers behind that no longer count)."""
        return {state: self.answers.get(state) for state in self.record.path}


@dataclass(frozen=True)
class Visit:
    """Everything an incoming update needs to know about its sender, read in one statement:
    the user (None on first contact) and their latest open conversation on each spec."""

    user: User | None
    conversations: dict[str, Snapshot]
    owed: bool = False  # a message is owed to them (see outbox.py)
    memory: dict[str, Any] = field(default_factory=dict)  # what their chat's buttons refer to (see memory.py)
    read: object = None  # when it was read, as `Storage.unchanged_since` compares it (None: never unchanged)


@dataclass(frozen=True)
class VerdictRecord:
    id: int
    user_id: int
    conversation_id: int
    advisor_version: str
    headline: str
    data: dict[str, Any]
    created_at: datetime
    follow_up_due_at: datetime | None = None  # the one later message the verdict calls for, if any

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> VerdictRecord:
        return cls(id=row["id"], user_id=row["user_id"], conversation_id=row["conversation_id"],
                   advisor_version=row["advisor_version"], headline=row["headline"],
                   data=json.loads(row["data"]), created_at=_at(row["created_at"]),
                   follow_up_due_at=as_time(row.get("follow_up_due_at")))


LAST_WEEK = 5  # a monthly schedule's week of the month that stands for the month's last


@dataclass(frozen=True)
class Schedule:
    """An owner's check-in schedule; `next_due_at` is what the reminder sweep reads, and
    `period_due_at` the rhythm's own beat (a "remind me tomorrow" moves only the former); `week_of_month`
    which of its weekday a monthly rhythm takes (1 to 4, or LAST_WEEK); `unanswered` the rhythm's reminders sent
    since the owner last checked in."""

    user_id: int
    every: str
    weekday: int
    hour: int
    timezone: str
    week_of_month: int
    status: str
    next_due_at: datetime
    period_due_at: datetime
    last_sent_at: datetime | None
    unanswered: int = 0

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Schedule:
        return cls(user_id=row["user_id"], every=row["every"], weekday=row["weekday"], hour=row["hour"],
                   timezone=row["timezone"], week_of_month=row["week_of_month"], status=row["status"],
                   next_due_at=_at(row["next_due_at"]), period_due_at=_at(row["period_due_at"]),
                   last_sent_at=as_time(row["last_sent_at"]), unanswered=row["unanswered"])


@dataclass(frozen=True)
class Digest:
    """A consultant's digest: daily, weekly or off, at her hour; what the sweep reads, and when it last went."""

    consultant_id: int
    every: str
    hour: int
    next_due_at: datetime
    last_sent_at: datetime | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Digest:
        return cls(consultant_id=row["consultant_id"], every=row["every"], hour=row["hour"],
                   next_due_at=_at(row["next_due_at"]), last_sent_at=as_time(row["last_sent_at"]),
                   updated_at=_at(row["updated_at"]))


@dataclass(frozen=True)
class Invitation:
    id: int
    owner_id: int
    expires_at: datetime
    created_at: datetime | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Invitation:
        return cls(id=row["id"], owner_id=row["owner_id"], expires_at=_at(row["expires_at"]),
                   created_at=as_time(row.get("created_at")))


@dataclass(frozen=True)
class Link:
    """A consultant's read access to an owner's results."""

    owner_id: int
    consultant_id: int
    created_at: datetime
    notify: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Link:
        return cls(owner_id=row["owner_id"], consultant_id=row["consultant_id"],
                   created_at=_at(row["created_at"]), notify=bool(row["notify"]))


@dataclass(frozen=True)
class Decision:
    """What the owner chose at a decision point (months after the plan of verdict `verdict_id` started), and
    what was advised."""

    milestone: int
    advised: str
    chosen: str
    decided_at: datetime
    verdict_id: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Decision:
        return cls(row["milestone"], row["advised"], row["chosen"], _at(row["decided_at"]), row["verdict_id"])


@dataclass(frozen=True)
class Owed:
    """A message owed to a chat: of which `kind`, about which row (`ref`: a conversation for a conclusion)."""

    id: int
    user_id: int
    kind: str
    ref: int
    created_at: datetime
    outcome: int | None = None  # the verdict judged for a conclusion, once it was
    parts: int = 0  # how many of its messages were sent already
    since: datetime | None = None  # where the news it tells start (a digest's; they end at `created_at`)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Owed:
        return cls(row["id"], row["user_id"], row["kind"], row["ref"], _at(row["created_at"]), row["outcome"],
                   row["parts"], as_time(row["since"]))


@dataclass(frozen=True)
class Backlog:
    """What waits, for operators' gauges: updates received and not handled, messages owed, reminders due."""

    inbox: int
    oldest_received: datetime | None  # the oldest unhandled update's receipt; None when the inbox is empty
    outbox: int
    reminders_due: int  # active schedules whose next reminder is due and not yet owed
