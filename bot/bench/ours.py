"""Our bot's side of the benchmark: the one module that reaches into the product.

Every import of the product's use cases (services, schedules, verdicts),
storage and Telegram front-end is here, so that moving those modules means changing the
benchmark in one place. The rest of the benchmark sees plain functions: open
the services, fill the database, build the real application, time the
reminder sweep, the cold start and the renderings.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from bot.app import Services, checkins, outbox, schedules, verdicts
from bot.bench.recording import RecordingRequest
from bot.bench.traffic import OWNER
from bot.config import Settings
from bot.engine import Text
from bot.i18n import use_locale
from bot.i18n.markets import HOME
from bot.render.verdict import ICONS
from bot.storage import Schedule

DIALOG = "assessment"
__all__ = ["Services", "application", "check_traffic_landed", "drawing_processor_seconds", "is_verdict_text",
           "measure_cold_start", "measure_rendering", "measure_sweep", "open_services", "prefill", "serve_instance",
           "typed_answers"]


def open_services(database: Path | str) -> Services:
    """The advisor on a SQLite file, or on an empty PostgreSQL database (a `postgresql://` URL)."""
    services = Services.open(database)
    if services.store.user(-999_999) is not None or services.store.user(1_000_000) is not None:
        services.close()
        raise SystemExit(f"advisor: bench fills the database it is given; {database} holds a benchmark's data "
                         "already: give it an empty one")
    return services


class Statements:
    """How many SQL statements the store sends while counting: every one goes through `execute`."""

    def __init__(self, services: Services):
        self.count = 0
        store: Any = services.store
        execute, execute_many = store.execute, store.execute_many

        def counted(sql: str, params: Any = ()) -> Any:
            self.count += 1
            return execute(sql, params)

        def counted_many(sql: str, rows: Any) -> None:
            rows = list(rows)
            self.count += len(rows)
            execute_many(sql, rows)

        store.execute, store.execute_many = counted, counted_many


def application(services: Services, request: RecordingRequest) -> Application:
    """The bot exactly as it runs (handlers, concurrent updates per chat), minus the rate limiter:
    the benchmark measures what handling costs us, not Telegram's sending limits."""
    from bot.telegram.run import build_application

    return build_application(Settings(token="1:bench"), services, request=request, rate_limited=False)


def serve_instance(database: str, api_url: str, port: int, secret: str) -> None:
    """One instance as `advisor telegram --webhook` runs it (the application, its webhook server on `port`,
    the inbox, storage on `database`), minus the rate limiter, until SIGTERM."""
    from bot.telegram.run import build_application, serve

    settings = Settings(token="1:bench", api_base_url=api_url, database_url=database,
                        webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=secret, listen="127.0.0.1",
                        port=port)
    services = Services.open(database)
    try:
        asyncio.run(serve(build_application(settings, services, rate_limited=False), settings))
    finally:
        services.close()


def typed_answers(services: Services) -> tuple[list[str], dict]:
    """OWNER's answers as typed (option numbers, in the order asked), and as stored."""
    user = -999_999
    services.store.ensure_user(user, language="fr")
    engine, lines = services.engine, []
    while not (view := engine.view(user, DIALOG)).finished:
        value = OWNER[view.question.id]
        if view.question.kind in ("choice", "multi"):
            numbers = {option.id: str(n) for n, option in enumerate(view.options, start=1)}
            value = ", ".join(numbers[code.strip()] for code in value.split(","))
        lines.append(value)
        with use_locale("fr"):  # typed text is read in the current locale
            engine.handle(user, DIALOG, Text(value))
    answers = engine.view(user, DIALOG).answers
    services.store.delete_user(user)
    return lines, answers


def prefill(services: Services, count: int, answers: dict) -> None:
    """`count` owners with a finished assessment, as a busy bot's database holds them."""
    rows = [{"user_id": 1_000_000 + n, "language": "fr" if n % 2 else "de", "spec": DIALOG,
             "spec_version": services.specs[DIALOG].version, "state": "done",
             "path": list(answers), "answers": answers, "finished": True} for n in range(count)]
    for start in range(0, count, 1000):
        services.store.import_conversations(rows[start:start + 1000])


def settle_owners(services: Services, first_user: int, users: int) -> None:
    """The answering owners as returning ones: their language and country known (the traffic times answers,
    not the one-off country prompt)."""
    for user_id in range(first_user, first_user + users):
        language = "fr" if user_id % 2 else "de"
        services.store.ensure_user(user_id, language=language)
        services.store.set_market(user_id, HOME[language], None)


def check_traffic_landed(services: Services, first_user: int, users: int, answered: int) -> None:
    """Fail loudly unless every simulated owner's answers were all stored: a fast failure is no figure."""
    for index in range(users):
        view = services.engine.view(first_user + index, DIALOG)
        if len(view.conversation.path) != answered:
            raise RuntimeError(f"owner {index} has {len(view.conversation.path)} answers stored, "
                               f"expected {answered}: the handlers failed, see the log above")


def is_verdict_text(text: str) -> bool:
    """Whether a sent message is a verdict's first text (it opens with the headline's icon, in bold)."""
    return text.removeprefix("<b>").startswith(tuple(ICONS.values()))


def measure_sweep(scheduled: int, due_count: int, workdir: Path) -> dict:
    """Select the due check-ins among `scheduled`, owe each reminder and send it, as the reminder job does."""
    services = Services.open(workdir / "sweep.sqlite3")
    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    rows = []
    for n in range(scheduled):
        due = now - timedelta(minutes=n + 1) if n < due_count else now + timedelta(hours=n % 500 + 1)
        rows.append(Schedule(10_000_000 + n, every="weekly", weekday=due.weekday(), hour=9, timezone="Europe/Berlin",
                             week_of_month=1, status="active", next_due_at=due, period_due_at=due,
                             last_sent_at=None))
    services.store.import_schedules(rows)
    samples, found = [], []
    for _ in range(5):
        started = time.perf_counter()
        found = schedules.due(services, now, limit=due_count)
        samples.append((time.perf_counter() - started) * 1000)
    sender = ApplicationBuilder().token("1:bench").request(RecordingRequest()).build()

    async def send_all() -> float:
        async with sender:
            started = time.perf_counter()
            schedules.owe_reminders(services, now, limit=due_count)  # moved on, each reminder owed
            for schedule in found:  # and sent from the outbox, as its sweep does
                for owed in outbox.claim(services, schedule.user_id, "bench"):
                    await sender.bot.send_message(schedule.user_id, "Check-in")
                    outbox.sent(services, owed)
            return time.perf_counter() - started

    seconds = asyncio.run(send_all())
    services.close()
    return {"scheduled": scheduled, "due": len(found),
            "due_selection_ms": round(statistics.median(samples), 2),
            "per_reminder_ms": round(seconds * 1000 / max(len(found), 1), 3)}


_COLD_START = """
import asyncio, sys, time
from bot.bench.recording import RecordingRequest
from bot.config import Settings
from bot.app import Services
from bot.telegram.run import build_application
services = Services.open(sys.argv[1])
application = build_application(Settings(token="1:bench"), services, request=RecordingRequest())
asyncio.run(application.initialize())
print("ready", any(name in sys.modules for name in ("matplotlib", "fpdf", "psycopg")), flush=True)
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


def drawing_processor_seconds() -> float:
    """Processor time the drawing pool's processes have used so far (Linux: their /proc; 0 elsewhere)."""
    import os

    from bot.render import pool

    ticks = 0
    for pid in pool.processes():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields
    return ticks / os.sysconf("SC_CLK_TCK")


def measure_rendering(services: Services, runs: int) -> dict:
    """The verdict's chart and PDF, and the chart of a year of monthly check-ins, drawn alone in this process: the
    first time (imports, fonts cut) and then (median of the time taken, and of the processor time used)."""
    from bot.advisor import assess
    from bot.advisor.figures import Checkin

    _lines, answers = typed_answers(services)
    stored = verdicts.StoredVerdict(assess(answers), answers, datetime.now(UTC))
    year = [Checkin(stored.created_at + timedelta(days=30 * month), {
        "followers_1": 100 + 25 * month, "interactions_1": 60, "posts": 20, "leads": 2, "customers": 1,
        "returning": 30 + month, "hours": 15}) for month in range(1, 13)]
    figures = {}
    with use_locale("fr"):
        # Each sample draws afresh, as each owner's files are; the PDF draws its own chart, as vector graphics.
        for name, attachment_of in (("chart", lambda: verdicts.chart(stored)),
                                    ("pdf", lambda: verdicts.report(services, stored)),
                                    ("kpi_chart", lambda: checkins.trend(stored, year))):
            started = time.perf_counter()
            attachment_of().render()
            figures[f"{name}_first_ms"] = round((time.perf_counter() - started) * 1000, 1)
            samples, cpu = [], []
            for _ in range(runs):
                attachment = attachment_of()
                started, used = time.perf_counter(), time.process_time()
                attachment.render()
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - used) * 1000)
            figures[f"{name}_ms"] = round(statistics.median(samples), 1)
            # The processor time it took: what a core of its own would take, on a machine others keep busy.
            figures[f"{name}_cpu_ms"] = round(statistics.median(cpu), 1)
    return figures
