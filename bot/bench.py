"""`advisor bench`: measured speed and memory, printed as a table and written as JSON.

Every figure comes from the real parts: the real `Application` and handlers,
the real engine, a real SQLite file. Only Telegram's HTTP side is replaced,
by a request class that records each call and answers it at once, so the
figures are our cost, not the network's. The same recording bot runs an echo
bot (one fixed reply per update): the framework's own floor, to which our
cost per update is compared.

Timings are medians or percentiles of many samples; the machine is shared,
so single runs vary. `--smoke` runs a small version of everything (for CI).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters
from telegram.request import BaseRequest, RequestData

from bot import checkins
from bot.config import Settings
from bot.engine import Text
from bot.services import Services
from bot.storage import iso

TARGETS = {
    "updates_per_second": (">=", 500),
    "p99_ms": ("<=", 10),
    "ratio_to_floor": ("<=", 3),
    "due_selection_ms": ("<=", 100),
    "cold_start_s": ("<=", 1.5),
    "peak_rss_mb": ("<=", 150),
}
# A typical owner's typed answers by question id (option ids are turned into the numbers shown).
OWNER = {
    "sector": "beauty", "staff": "5", "revenue": "150 000", "private_share": "100", "customer_age": "young",
    "locality": "town", "sells_online": "booking", "website": "interactive", "website_by": "staff",
    "networks_now": "facebook, instagram", "networks_use": "both", "hours_now": "2", "listening": "sometimes",
    "goal": "sales", "target": "rough", "customer_value": "300", "conversion": "50", "horizon": "months_6_9",
    "revenue_gap": "no", "stamina": "yes", "who": "staff", "skills": "private", "tools_budget": "30",
    "criticism": "answer", "staff_policy": "informal", "objective": "capacity",
    "objective_note": "Plus de rendez-vous le mardi", "success_factors": "regulars, speed, trends",
    "customer_networks": "instagram, facebook", "content": "slots, work, tips", "frequency": "few_weekly",
    "timeslot": "evening", "hours_plan": "3", "hourly_cost": "30", "kpis": "bookings, engagement",
    "checkins": "monthly",
}


class RecordingRequest(BaseRequest):
    """Telegram's HTTP side, replaced: every call is counted and answered with success at once."""

    def __init__(self) -> None:
        self.calls = 0
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        self.calls += 1
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if endpoint == "getMe":
            result: object = {"id": 1, "is_bot": True, "first_name": "Advisor", "username": "advisor_bot"}
        elif endpoint in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument"):
            result = {"message_id": next(self._ids), "date": int(time.time()),
                      "chat": {"id": params.get("chat_id", 0), "type": "private"}, "text": params.get("text", "")}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


def typed_answers(services: Services) -> tuple[list[str], dict]:
    """OWNER's answers as typed (option numbers, in the order asked), and as stored."""
    user = -999_999
    services.store.ensure_user(user, language="fr")
    engine, lines = services.engine, []
    while not (view := engine.view(user, "assessment")).finished:
        value = OWNER[view.question.id]
        if view.question.kind in ("choice", "multi"):
            numbers = {option.id: str(n) for n, option in enumerate(view.options, start=1)}
            value = ", ".join(numbers[code.strip()] for code in value.split(","))
        lines.append(value)
        engine.handle(user, "assessment", Text(value), "fr")
    answers = engine.view(user, "assessment").answers
    services.store.delete_user(user)
    return lines, answers


def prefill(services: Services, count: int, answers: dict) -> None:
    """`count` owners with a finished assessment, as a busy bot's database holds them."""
    rows = [{"user_id": 1_000_000 + n, "language": "fr" if n % 2 else "de", "spec": "assessment",
             "spec_version": services.specs["assessment"].version, "state": "done",
             "path": list(answers), "answers": answers, "finished": True} for n in range(count)]
    for start in range(0, count, 1000):
        services.store.import_conversations(rows[start:start + 1000])


def traffic(users: int, lines: list[str]) -> list[dict]:
    """Updates from `users` owners answering in turns, each up to the last question (no verdict)."""
    updates, update_id = [], itertools.count(1)
    sequences = [["/start", *lines[:-1]] for _ in range(users)]
    for turn in range(len(sequences[0])):
        for index, sequence in enumerate(sequences):
            user = 5_000_000 + index
            text = sequence[turn]
            message = {"message_id": turn + 1, "date": int(time.time()), "text": text,
                       "chat": {"id": user, "type": "private"},
                       "from": {"id": user, "is_bot": False, "first_name": f"Owner {index}",
                                "language_code": "fr" if index % 2 else "de"}}
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
            updates.append({"update_id": next(update_id), "message": message})
    return updates


async def replay(application: Application, updates: list[dict]) -> tuple[float, list[float]]:
    """Process every update in order; the total seconds and each update's milliseconds."""
    latencies = []
    async with application:
        started = time.perf_counter()
        for data in updates:
            update = Update.de_json(data, application.bot)
            before = time.perf_counter()
            await application.process_update(update)
            latencies.append((time.perf_counter() - before) * 1000)
        total = time.perf_counter() - started
    return total, latencies


def check_traffic_landed(services: Services, users: int, answered: int) -> None:
    """Fail loudly unless every simulated owner's answers were all stored: a fast failure is no figure."""
    for index in range(users):
        view = services.engine.view(5_000_000 + index, "assessment")
        if len(view.conversation.path) != answered:
            raise RuntimeError(f"owner {index} has {len(view.conversation.path)} answers stored, "
                               f"expected {answered}: the handlers failed, see the log above")


def echo_application(request: RecordingRequest) -> Application:
    async def echo(update: Update, context) -> None:
        await update.effective_message.reply_text("ok")

    application = ApplicationBuilder().token("1:bench").request(request).build()
    application.add_handler(MessageHandler(filters.ALL, echo))
    return application


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_updates(services: Services, users: int) -> dict:
    from bot.telegram.run import build_application

    lines, _answers = typed_answers(services)
    updates = traffic(users, lines)
    settings = Settings(token="1:bench")
    ours_request, floor_request = RecordingRequest(), RecordingRequest()
    application = build_application(settings, services, request=ours_request, rate_limited=False)
    total, latencies = asyncio.run(replay(application, updates))
    check_traffic_landed(services, users, len(lines) - 1)
    floor_total, floor_latencies = asyncio.run(replay(echo_application(floor_request), updates))
    ours_ms, floor_ms = statistics.median(latencies), statistics.median(floor_latencies)
    return {
        "updates": len(updates), "users": users,
        "updates_per_second": round(len(updates) / total, 1),
        "p50_ms": round(percentile(latencies, 0.50), 3), "p95_ms": round(percentile(latencies, 0.95), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "floor_updates_per_second": round(len(updates) / floor_total, 1),
        "floor_p50_ms": round(floor_ms, 3),
        "ratio_to_floor": round(ours_ms / floor_ms, 2),
        "bot_api_calls_per_update": round(ours_request.calls / len(updates), 2),
    }


def measure_sweep(scheduled: int, due_count: int, workdir: Path) -> dict:
    """Select the due check-ins among `scheduled` and mark each sent, as the reminder job does."""
    services = Services.open(workdir / "sweep.sqlite3")
    now = datetime(2027, 3, 1, 9, tzinfo=timezone.utc)
    rows = []
    for n in range(scheduled):
        due = now - timedelta(minutes=n + 1) if n < due_count else now + timedelta(hours=n % 500 + 1)
        rows.append({"user_id": 10_000_000 + n, "every": "weekly", "weekday": due.weekday(), "hour": 9,
                     "timezone": "Europe/Berlin", "anchor_day": due.day, "status": "active",
                     "next_due_at": iso(due), "period_due_at": iso(due)})
    services.store.import_schedules(rows)
    samples, found = [], []
    for _ in range(5):
        started = time.perf_counter()
        found = checkins.due(services, now, limit=due_count)
        samples.append((time.perf_counter() - started) * 1000)
    application = ApplicationBuilder().token("1:bench").request(RecordingRequest()).build()

    async def send_all() -> float:
        async with application:
            started = time.perf_counter()
            for row in found:
                await application.bot.send_message(row["user_id"], "Check-in")
                checkins.mark_sent(services, row, now)
            return time.perf_counter() - started

    seconds = asyncio.run(send_all())
    services.close()
    return {"scheduled": scheduled, "due": len(found),
            "due_selection_ms": round(statistics.median(samples), 2),
            "per_reminder_ms": round(seconds * 1000 / max(len(found), 1), 3)}


_COLD_START = """
import asyncio, sys, time
from bot.bench import RecordingRequest
from bot.config import Settings
from bot.services import Services
from bot.telegram.run import build_application
services = Services.open(sys.argv[1])
application = build_application(Settings(token="1:bench"), services, request=RecordingRequest())
asyncio.run(application.initialize())
print("ready", "matplotlib" in sys.modules or "fpdf" in sys.modules, flush=True)
"""


def measure_cold_start(runs: int, workdir: Path) -> dict:
    """Seconds from starting the interpreter to a bot ready to serve (specs checked, DB open)."""
    samples, heavy = [], False
    for _ in range(runs):
        started = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", _COLD_START, str(workdir / "cold.sqlite3")],
                                capture_output=True, text=True, check=True).stdout
        samples.append(time.perf_counter() - started)
        heavy = heavy or output.split()[-1] == "True"
    return {"cold_start_s": round(statistics.median(samples), 3), "heavy_libraries_loaded_at_start": heavy}


def measure_rendering(services: Services, runs: int) -> dict:
    from bot import verdicts
    from bot.advisor import assess
    from bot.i18n import use_locale

    _lines, answers = typed_answers(services)
    stored = verdicts.StoredVerdict(assess(answers), answers, datetime.now(timezone.utc))
    figures = {}
    with use_locale("fr"):
        for name, attachment in (("chart", verdicts.chart(stored)), ("pdf", verdicts.report(services, stored))):
            started = time.perf_counter()
            attachment.render()
            figures[f"{name}_first_ms"] = round((time.perf_counter() - started) * 1000, 1)
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                attachment.render()
                samples.append((time.perf_counter() - started) * 1000)
            figures[f"{name}_ms"] = round(statistics.median(samples), 1)
    return figures


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@dataclass(frozen=True)
class Size:
    prefilled: int
    users: int
    scheduled: int
    due: int
    cold_runs: int
    render_runs: int


FULL = Size(prefilled=10_000, users=200, scheduled=100_000, due=10_000, cold_runs=7, render_runs=5)
SMOKE = Size(prefilled=300, users=5, scheduled=3_000, due=300, cold_runs=1, render_runs=1)


def run(smoke: bool, json_path: Path | None) -> int:
    size = SMOKE if smoke else FULL
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        services = Services.open(workdir / "bench.sqlite3")
        _lines, answers = typed_answers(services)
        prefill(services, size.prefilled, answers)
        results = {"mode": "smoke" if smoke else "full", "prefilled_users": size.prefilled}
        results.update(measure_updates(services, size.users))
        results["peak_rss_mb"] = peak_rss_mb()  # after serving the traffic, before charts and PDFs
        results.update(measure_sweep(size.scheduled, size.due, workdir))
        results.update(measure_cold_start(size.cold_runs, workdir))
        results.update(measure_rendering(services, size.render_runs))
        services.close()
    print_table(results)
    if json_path:
        json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def print_table(results: dict) -> None:
    print(f"{'figure':34} {'value':>12}  target")
    for key, value in results.items():
        target = ""
        if key in TARGETS:
            sign, limit = TARGETS[key]
            met = value >= limit if sign == ">=" else value <= limit
            target = f"{sign} {limit}  {'met' if met else 'MISSED'}"
        print(f"{key:34} {value!s:>12}  {target}")
