"""Who opened the Mini App: Telegram's signed `initData`, checked on the server (Telegram's "Validating data
received via the Mini App").

Telegram signs the fields it hands the Mini App with a key derived from the
bot's token: HMAC-SHA256 of the token under the key "WebAppData", then
HMAC-SHA256 of the fields (all but `hash`, sorted, as `key=value` lines)
under that key. A forged field, another bot's data or data older than
`MAX_AGE` is refused; the page's own claims are never trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

MAX_AGE = timedelta(hours=1)  # an open Mini App is reloaded from the menu button well within an hour
CLOCK_SKEW = timedelta(minutes=5)  # Telegram's clock may run a little ahead of ours


def _signature(fields: dict[str, str], token: str) -> str:
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def sign(fields: dict[str, str], token: str) -> str:
    """`fields` as Telegram hands them to a Mini App of the bot with `token` (for tests and local trials)."""
    return urlencode({**fields, "hash": _signature(fields, token)})


def verified_user(init_data: str, token: str, now: datetime, max_age: timedelta = MAX_AGE) -> int | None:
    """The Telegram user id `init_data` was signed for, if Telegram signed it for this bot within `max_age`."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    given = fields.pop("hash", "")
    if not given or not hmac.compare_digest(given, _signature(fields, token)):
        return None
    try:
        signed = datetime.fromtimestamp(int(fields.get("auth_date", "")), UTC)
        user = json.loads(fields.get("user", ""))
    except ValueError:
        return None
    if not now - max_age <= signed <= now + CLOCK_SKEW or not isinstance(user, dict):
        return None
    user_id = user.get("id")
    return user_id if isinstance(user_id, int) else None
