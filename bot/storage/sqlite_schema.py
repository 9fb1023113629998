"""Versioned schema migrations, applied once each, in order, in a transaction."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("advisor")


@migrations()
def m001_core(db: Database) -> None:
    db.table("users").create(
        {"id": int, "language": str, "timezone": str, "name": str,
         "created_at": str, "blocked_at": str},
        pk="id",
    )
    db.table("conversations").create(
        {"id": int, "user_id": int, "spec": str, "spec_version": int, "state": str,
         "path": str, "draft": str, "started_at": str, "updated_at": str,
         "finished_at": str, "abandoned_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "spec", "spec_version", "state", "path", "started_at", "updated_at"},
    )
    db.table("conversations").create_index(["user_id", "spec", "id"])
    # Every answer ever given is kept; the current one is the latest per question.
    db.table("answers").create(
        {"id": int, "conversation_id": int, "question": str, "value": str, "answered_at": str},
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "question", "answered_at"},
    )
    db.table("answers").create_index(["conversation_id", "question", "id"])
    db.table("verdicts").create(
        {"id": int, "user_id": int, "conversation_id": int, "advisor_version": str,
         "headline": str, "data": str, "created_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("conversation_id", "conversations", "id")],
        not_null={"user_id", "conversation_id", "advisor_version", "headline", "data", "created_at"},
    )
    db.table("verdicts").create_index(["user_id", "id"])


@migrations()
def m002_checkin_schedules(db: Database) -> None:
    # One schedule per owner. `next_due_at` (UTC, ISO) is what the reminder sweep
    # reads, through the index; `period_due_at` keeps the rhythm's own beat, so
    # a "remind me tomorrow" does not shift the following check-ins.
    db.table("schedules").create(
        {"user_id": int, "every": str, "weekday": int, "hour": int, "timezone": str,
         "anchor_day": int, "status": str, "next_due_at": str, "period_due_at": str,
         "last_sent_at": str, "updated_at": str},
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"every", "weekday", "hour", "timezone", "anchor_day", "status", "next_due_at",
                  "period_due_at", "updated_at"},
    )
    db.table("schedules").create_index(["status", "next_due_at"])


@migrations()
def m003_sharing(db: Database) -> None:
    # Invitation tokens are stored only as SHA-256 hashes.
    db.table("invitations").create(
        {"id": int, "owner_id": int, "token_hash": str, "created_at": str, "expires_at": str,
         "used_at": str, "used_by": int, "revoked_at": str},
        pk="id", foreign_keys=[("owner_id", "users", "id")],
        not_null={"owner_id", "token_hash", "created_at", "expires_at"},
    )
    db.table("invitations").create_index(["token_hash"], unique=True)
    db.table("links").create(
        {"owner_id": int, "consultant_id": int, "created_at": str, "notify": int},
        pk=("owner_id", "consultant_id"),
        foreign_keys=[("owner_id", "users", "id"), ("consultant_id", "users", "id")],
        not_null={"created_at", "notify"},
    )
    db.table("links").create_index(["consultant_id"])
    db.table("audit").create(
        {"id": int, "at": str, "action": str, "actor_id": int, "owner_id": int, "consultant_id": int},
        pk="id", not_null={"at", "action"},
    )
    db.table("audit").create_index(["owner_id"])
    db.table("audit").create_index(["consultant_id"])


@migrations()
def m004_update_receipts(db: Database) -> None:
    # The last Telegram update applied for each user, written in the same
    # transaction as its effect: an update delivered again after a crash is
    # recognised and not applied twice.
    db.table("users").add_column("last_update_id", int)


@migrations()
def m005_receipt_times(db: Database) -> None:
    # When the last update was applied: Telegram keeps an undelivered update at most
    # 24 hours, and restarts its update ids only after a week without any, so an id at
    # or below the last one is a repeat only while the last one is recent.
    db.table("users").add_column("last_update_at", str)


@migrations()
def m006_verdict_follow_ups(db: Database) -> None:
    # A verdict that calls for one later message (check the readiness fixes, or look
    # again in six months) keeps when it is due and when it was sent; the sweep
    # reads the unsent ones through the index.
    db.table("verdicts").add_column("follow_up_due_at", str)
    db.table("verdicts").add_column("follow_up_sent_at", str)
    db.table("verdicts").create_index(["follow_up_sent_at", "follow_up_due_at"])


@migrations()
def m007_resume_points(db: Database) -> None:
    # Where an owner stood when a new version of the questionnaire sent them back to a
    # question they must now answer: once it is answered they go on from there, past
    # the questions they had answered already.
    db.table("conversations").add_column("resume_at", str)


@migrations()
def m008_inbox(db: Database) -> None:
    # Each update as Telegram sent it (JSON), from its receipt until it is handled: what is
    # left at a start was received and never handled, and is handled then (`starts`: how many
    # starts found it left, so that one that always fails is given up). `user_id` is the
    # sender's, so that erasing a user erases what they sent and is still waiting.
    db.table("inbox").create(
        {"update_id": int, "user_id": int, "body": str, "received_at": str, "starts": int},
        pk="update_id", not_null={"body", "received_at", "starts"},
    )


@migrations()
def m009_decisions(db: Database) -> None:
    # What an owner decided at the six- and nine-month points (continue, change the way
    # they act, re-evaluate the objective), against what the figures advised then.
    db.table("decisions").create(
        {"id": int, "user_id": int, "milestone": int, "advised": str, "chosen": str, "decided_at": str},
        pk="id", foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "milestone", "advised", "chosen", "decided_at"},
    )
    db.table("decisions").create_index(["user_id", "milestone"], unique=True)


@migrations()
def m010_markets(db: Database) -> None:
    # Where the owner's business is (a country of bot/i18n/markets.py and, if given, its
    # region): it sets the locale, currency, time zone and public holidays. Each
    # conversation keeps the currency its amounts were given in; every one before
    # markets was in euros.
    db.table("users").add_column("country", str)
    db.table("users").add_column("region", str)
    db.table("conversations").add_column("currency", str)
    db.execute("UPDATE conversations SET currency = 'EUR'")


@migrations()
def m011_decisions_per_plan(db: Database) -> None:
    # A decision belongs to the plan (the verdict) whose six or nine months it closes: a
    # re-assessment starts a new plan with its own decision points. Each earlier decision
    # goes to the verdict that was the owner's latest when it was taken.
    db.table("decisions").add_column("verdict_id", int)
    db.execute("""UPDATE decisions SET verdict_id = (
                      SELECT MAX(verdicts.id) FROM verdicts
                      WHERE verdicts.user_id = decisions.user_id AND verdicts.created_at <= decisions.decided_at)""")
    db.execute("DROP INDEX idx_decisions_user_id_milestone")
    db.table("decisions").create_index(["verdict_id", "milestone"], unique=True)
    db.table("decisions").create_index(["user_id"])


@migrations()
def m012_defaults_from(db: Database) -> None:
    # A new assessment taken after a verdict names the finished conversation it re-assesses: that
    # one's answers are offered again as defaults ("same as last time"), never changed. Every
    # conversation before this migration re-assessed nothing.
    db.table("conversations").add_column("defaults_from", int)


@migrations()
def m013_reminders_on_the_owner_s_terms(db: Database) -> None:
    # A monthly rhythm keeps the owner's weekday: "the second Thursday of each month". The day of the
    # month it started on gives which of that weekday it is (the 29th to the 31st: the month's last, 5).
    # `unanswered` counts the rhythm's reminders sent since the owner last checked in: after three,
    # they are asked whether to pause, change the rhythm or stop. Earlier reminders count as answered.
    db.execute("ALTER TABLE schedules RENAME COLUMN anchor_day TO week_of_month")
    db.execute("UPDATE schedules SET week_of_month = (week_of_month - 1) / 7 + 1")
    db.table("schedules").add_column("unanswered", int, not_null_default=0)


@migrations()
def m014_consultant_digests(db: Database) -> None:
    # A consultant's digest of what changed among her clients: daily, weekly or off, at her hour in
    # her time zone; the sweep reads `next_due_at` through the index. `notices` keeps each immediate
    # notice sent (a decision overdue: "overdue:<verdict>:<months>"), so it goes once.
    db.table("digests").create(
        {"consultant_id": int, "every": str, "hour": int, "next_due_at": str, "last_sent_at": str,
         "updated_at": str},
        pk="consultant_id", foreign_keys=[("consultant_id", "users", "id")],
        not_null={"every", "hour", "next_due_at", "updated_at"},
    )
    db.table("digests").create_index(["next_due_at"])
    db.table("notices").create(
        {"consultant_id": int, "owner_id": int, "key": str, "sent_at": str},
        pk=("consultant_id", "owner_id", "key"), not_null={"sent_at"},
    )


@migrations()
def m015_outbox(db: Database) -> None:
    # Messages owed to a chat (see bot/storage/outbox.py), from the change that owes them until
    # Telegram accepted them (then the row goes); `claimed_at`/`claimed_by`: the sender holding them;
    # `outcome`: the verdict judged for a conclusion, once it was (sent again after a crash, not judged
    # again); `parts`: how many of its messages Telegram accepted already (a crash repeats only the one
    # it cut). Each owner's latest finished assessment that has no verdict (a crash came in between)
    # owes it from now on, as a finished one does from the moment it finishes.
    db.table("outbox").create(
        {"id": int, "user_id": int, "kind": str, "ref": int, "created_at": str,
         "claimed_at": str, "claimed_by": str, "outcome": int, "parts": int},
        pk="id", not_null={"user_id", "kind", "ref", "created_at", "parts"}, defaults={"parts": 0},
    )
    db.table("outbox").create_index(["user_id", "id"])
    db.execute("""INSERT INTO outbox (user_id, kind, ref, created_at)
                  SELECT c.user_id, 'conclusion', c.id, c.finished_at FROM conversations c
                  WHERE c.spec = 'assessment' AND c.finished_at IS NOT NULL
                    AND c.id = (SELECT max(id) FROM conversations WHERE user_id = c.user_id AND spec = 'assessment'
                                AND finished_at IS NOT NULL)
                    AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.conversation_id = c.id)
                  ORDER BY c.finished_at""")


@migrations()
def m016_inbox_claims(db: Database) -> None:
    # Several instances share the inbox (see bot/storage/inbox.py): each update names its chat, whose updates
    # one instance at a time claims (`claimed_at`/`claimed_by`, as in the outbox); a handled update keeps its id
    # (`handled_at`, its body emptied) for a day, so a second delivery to any instance is dropped. An update kept
    # before this names the chat it came from (a private chat's id is its sender's).
    db.table("inbox").add_column("chat_id", int, not_null_default=0)
    db.table("inbox").add_column("claimed_at", str)
    db.table("inbox").add_column("claimed_by", str)
    db.table("inbox").add_column("handled_at", str)
    db.execute("""UPDATE inbox SET chat_id = coalesce(
                      json_extract(body, '$.message.chat.id'), json_extract(body, '$.edited_message.chat.id'),
                      json_extract(body, '$.callback_query.message.chat.id'),
                      json_extract(body, '$.my_chat_member.chat.id'), user_id, 0)""")
    db.execute("CREATE INDEX inbox_pending ON inbox (chat_id, update_id) WHERE handled_at IS NULL")
    db.table("inbox").create_index(["handled_at"])


@migrations()
def m017_chat_memory(db: Database) -> None:
    # What a chat's buttons refer to (bot/storage/memory.py), until now in each process's memory: a button
    # pressed on another instance, or after a restart, finds it here. Nothing to carry over: what the
    # processes held was lost at each restart anyway.
    db.table("chat_memory").create(
        {"chat_id": int, "key": str, "value": str, "updated_at": str},
        pk=("chat_id", "key"), not_null={"value", "updated_at"},
    )


@migrations()
def m018_digests_owed(db: Database) -> None:
    # A consultant's digest is owed in the outbox like a reminder (one instance claims it, it goes out once);
    # `since`: where the news it tells start (they end when it was owed). Nothing owed before has news.
    db.execute("ALTER TABLE outbox ADD COLUMN since TEXT")
