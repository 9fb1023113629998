"""Settings from the environment. Secrets are read here and never logged."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.storage import default_db_path

TELEGRAM_API = "https://api.telegram.org"
# Seconds a stopping instance gives the updates in hand. An update takes well under a second, unless a call to
# Telegram waits for its answer (20 s at most, run.py's READ_TIMEOUT); platforms kill 30 s after SIGTERM
# (Heroku; Kubernetes' default grace period), which leaves 10 s to release leases and close the database.
DRAIN_TIMEOUT = 20.0

# What Telegram accepts as a webhook's secret token (setWebhook's secret_token).
SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting that cannot be used as given; the message is one line naming it."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    api_base_url: str = TELEGRAM_API
    db_path: Path = field(default_factory=default_db_path)
    database_url: str | None = field(default=None, repr=False)  # DATABASE_URL: PostgreSQL instead of the file
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    listen: str = "0.0.0.0"
    port: int = 8443
    instances: int = 1  # INSTANCES: how many bot processes share Telegram's sending limit
    polling_port: int | None = None  # PORT when polling: where /healthz, /readyz and /metrics are served
    drain_timeout: float = DRAIN_TIMEOUT

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or TELEGRAM_API).rstrip("/"),
            db_path=Path(env.get("ADVISOR_DB") or default_db_path()),
            database_url=env.get("DATABASE_URL") or None,
            webhook_url=env.get("WEBHOOK_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
            port=int(env.get("PORT") or env.get("WEBHOOK_PORT") or 8443),
            instances=_count(env.get("INSTANCES") or "1"),
            polling_port=int(env["PORT"]) if env.get("PORT") else None,
            drain_timeout=float(env.get("DRAIN_TIMEOUT") or DRAIN_TIMEOUT),
        )

    @property
    def database(self) -> str | Path:
        """Where the advisor keeps everything: the PostgreSQL database of `DATABASE_URL`, else the SQLite file."""
        return self.database_url or self.db_path

    @property
    def shared(self) -> bool:
        """Whether several instances may serve the bot: on PostgreSQL they can (on SQLite, one process only)."""
        return self.database_url is not None

    def webhook_refusal(self, registering: bool = False) -> str | None:
        """Why the webhook cannot be served (or, `registering`, registered) with these settings, in one line.

        Where several instances may serve it (on PostgreSQL), each must know the
        secret Telegram sends, so it is configured, never made up at start; and a
        deploy step that registers it must give Telegram the one the instances know.
        """
        if self.webhook_secret is not None and not SECRET_FORM.fullmatch(self.webhook_secret):
            return "WEBHOOK_SECRET may hold only letters, digits, _ and -, at most 256 of them."
        if self.webhook_secret is None and (registering or (self.webhook_url and self.shared)):
            why = "the instances" if registering else \
                "with DATABASE_URL several instances may serve WEBHOOK_URL, and each"
            return (f"WEBHOOK_SECRET is not set: {why} must know the secret Telegram sends with each update "
                    "(the same on all, e.g. from `openssl rand -hex 32`).")
        return None


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(f"INSTANCES must be a whole number of 1 or more, not {text!r}.")
    return int(text)
