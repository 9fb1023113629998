"""The owners and their answers: the same traffic for our bot, the echo floor and the peer.

Owners answer in turns (each sends one message, then the next owner), as
many people chatting at once would; each update is fed to the application
on its own and timed from being handed over to its handlers being done.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application

# A typical owner's answers by question id (option ids are turned into the numbers shown, as typed).
OWNER = {
    "sector": "beauty", "staff": "5", "revenue": "150 000", "private_share": "100", "customer_age": "young",
    "locality": "town", "sells_online": "booking", "website": "interactive", "website_by": "staff",
    "networks_now": "facebook, instagram", "networks_use": "both", "hours_now": "2", "results_now": "enquiries",
    "listening": "sometimes", "business_name": "Salon Léa",
    "goal": "sales", "target": "rough", "customer_value": "300", "conversion": "50", "horizon": "months_6_9",
    "revenue_gap": "no", "stamina": "yes", "who": "staff", "skills": "private", "tools_budget": "30",
    "criticism": "answer", "staff_policy": "informal", "objective": "capacity",
    "objective_note": "Plus de rendez-vous le mardi", "success_factors": "regulars, speed, trends",
    "customer_networks": "instagram, facebook", "content": "slots, work, tips", "frequency": "few_weekly",
    "timeslot": "evening", "hours_plan": "3", "hourly_cost": "30", "kpis": "bookings, engagement",
    "checkins": "monthly",
}
FIRST_OWNER = 5_000_000  # user ids of the owners sending traffic (the pre-filled ones are below)


def message_update(update_id: int, user: int, message_id: int, text: str) -> dict:
    """The update Telegram sends when owner `user` types `text` in their private chat."""
    message = {"message_id": message_id, "date": int(time.time()), "text": text,
               "chat": {"id": user, "type": "private"},
               "from": {"id": user, "is_bot": False, "first_name": f"Owner {user}",
                        "language_code": "fr" if user % 2 else "de"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": update_id, "message": message}


def traffic(users: int, lines: list[str], first_user: int = FIRST_OWNER) -> list[dict]:
    """Updates from `users` owners answering in turns: /start, then each of `lines`."""
    updates, update_id = [], itertools.count(1)
    sequence = ["/start", *lines]
    for turn, text in enumerate(sequence):
        for index in range(users):
            updates.append(message_update(next(update_id), first_user + index, turn + 1, text))
    return updates


After = Callable[[], Awaitable[None]]


async def replay(application: Application, updates: list[dict], after: After | None = None,
                 ) -> tuple[float, list[float]]:
    """Process every update in order, each followed by `after()` if given (counted in its time);
    the total seconds and each update's milliseconds. The application must be initialised."""
    latencies = []
    started = time.perf_counter()
    for data in updates:
        if "message" in data:  # typed now, as an owner would after seeing the question (not when the list was made)
            data["message"]["date"] = int(time.time())
        update = Update.de_json(data, application.bot)
        before = time.perf_counter()
        await application.process_update(update)
        if after is not None:
            await after()
        latencies.append((time.perf_counter() - before) * 1000)
    return time.perf_counter() - started, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(prefix: str, total: float, latencies: list[float]) -> dict:
    """Updates per second and p50 / p95 / p99 in milliseconds, under keys starting with `prefix`."""
    return {f"{prefix}updates_per_second": round(len(latencies) / total, 1),
            f"{prefix}p50_ms": round(percentile(latencies, 0.50), 3),
            f"{prefix}p95_ms": round(percentile(latencies, 0.95), 3),
            f"{prefix}p99_ms": round(percentile(latencies, 0.99), 3)}
