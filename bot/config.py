"""Settings from the environment. Secrets are read here and never logged."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.storage import default_db_path

TELEGRAM_API = "https://api.telegram.org"
# Seconds a stopping instance gives the updates in hand. An update takes well under a second, unless a call to
# Telegram waits for its answer (20 s at most, run.py's READ_TIMEOUT); platforms kill 30 s after SIGTERM
# (Heroku; Kubernetes' default grace period), which leaves 10 s to release leases and close the database.
DRAIN_TIMEOUT = 20.0


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
            polling_port=int(env["PORT"]) if env.get("PORT") else None,
            drain_timeout=float(env.get("DRAIN_TIMEOUT") or DRAIN_TIMEOUT),
        )

    @property
    def database(self) -> str | Path:
        """Where the advisor keeps everything: the PostgreSQL database of `DATABASE_URL`, else the SQLite file."""
        return self.database_url or self.db_path
