"""Keep the bot token and the webhook secret out of every log line.

The Bot API puts the token in every URL, and httpx logs each URL at INFO, so
the HTTP loggers are turned down to WARNING; a filter on the root handlers
then masks the secrets in whatever else is logged, tracebacks included.
"""

from __future__ import annotations

import logging

MASK = "[REDACTED]"
_HTTP_LOGGERS = ("httpx", "httpcore")


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record whose message or traceback holds a secret; drops nothing."""

    def __init__(self, *secrets: str | None):
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


def protect_secrets(*secrets: str | None) -> None:
    """Silence per-request HTTP logs and mask `secrets` in everything the root handlers write."""
    for name in _HTTP_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    redactor = RedactSecrets(*secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
