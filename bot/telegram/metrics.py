"""The bot's Prometheus metrics: counted where things happen, the backlog read from storage at each scrape.

One registry per application (not prometheus_client's global one), so that
several applications in one process, as in the tests, count apart. The
backlog's gauges (inbox, outbox, reminders due) are read by one statement when
/metrics is scraped (bot/storage/operations.py, read by ops.py) and handed to
`exposition`: they are the same whichever instance is asked, and left out of
a scrape while the database does not answer. Nothing here names a person: counts,
kinds and the class of an error only.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Enum, Histogram, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from telegram import Update

from bot.app import Services
from bot.storage import Backlog

KINDS = ("message", "command", "button", "other")
# What this instance does: takes posted updates (webhook), polls (leader), or waits to take polling over
# (standby); "starting" until it serves.
ROLES = ("starting", "webhook", "leader", "standby")


def kind_of(update: object) -> str:
    """An update's kind as counted: a button press, a command, a message (typed or sent), or other."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    message = update.message or update.edited_message
    if message is None:
        return "other"  # a membership change (the bot blocked or unblocked)
    return "command" if (message.text or "").startswith("/") else "message"


class Metrics:
    """Every metric the bot exposes, in a registry of its own; `set_role` for the instance's role."""

    def __init__(self, services: Services):
        self.registry = CollectorRegistry()
        registry = self.registry
        self.updates = Counter("advisor_updates", "Updates handled, by kind", ["kind"], registry=registry)
        self.update_seconds = Histogram(
            "advisor_update_seconds", "Seconds from taking an update off the queue to its handlers done (its "
            "chat's earlier updates included), by kind", ["kind"], registry=registry)
        for kind in KINDS:  # each series exists from the start, at 0
            self.updates.labels(kind)
            self.update_seconds.labels(kind)
        self.errors = Counter("advisor_errors", "Failures the error handler met, by the error's class", ["error"],
                              registry=registry)
        self.flood = Counter("advisor_telegram_429", "Calls Telegram refused with 429 (flood control)",
                             registry=registry)
        self.retries = Counter("advisor_telegram_retries", "Calls sent to Telegram again, by cause",
                               ["cause"], registry=registry)
        self.sent = Counter("advisor_owed_sent", "Owed messages sent from the outbox (reminders, follow-ups, "
                            "verdicts…), by kind", ["kind"], registry=registry)
        self.role = Enum("advisor_role", "What this instance does", states=list(ROLES), registry=registry)
        self._backlog = _Backlog(services)
        registry.register(self._backlog)

    def set_role(self, role: str) -> None:
        """One of ROLES."""
        self.role.state(role)

    def handled(self, update: object, seconds: float) -> None:
        kind = kind_of(update)
        self.updates.labels(kind).inc()
        self.update_seconds.labels(kind).observe(seconds)

    def exposition(self, backlog: Backlog | None) -> bytes:
        """The text format Prometheus scrapes, with `backlog` as read for it (None: left out)."""
        self._backlog.read = backlog
        return generate_latest(self.registry)


class _Backlog(Collector):
    """The gauges of what is waiting, as read from storage for the scrape under way."""

    def __init__(self, services: Services):
        self.services = services
        self.read: Backlog | None = None

    def collect(self) -> Iterator[Metric]:
        backlog = self.read
        if backlog is None:
            return
        oldest = backlog.oldest_received
        age = 0.0 if oldest is None else max(0.0, (self.services.now() - oldest).total_seconds())
        yield GaugeMetricFamily("advisor_inbox_updates", "Updates received and not yet handled", value=backlog.inbox)
        yield GaugeMetricFamily("advisor_inbox_oldest_seconds", "Age of the oldest update not yet handled (0: none)",
                                value=age)
        yield GaugeMetricFamily("advisor_outbox_messages", "Messages owed and not yet sent", value=backlog.outbox)
        yield GaugeMetricFamily("advisor_reminders_due", "Check-in reminders due and not yet owed",
                                value=backlog.reminders_due)
