"""`advisor bench`: measured speed and memory, printed as a table and written as JSON.

Every figure comes from the real parts: the real `Application` and handlers,
the real engine, a real SQLite file. Only Telegram's HTTP side is replaced,
by a request class that records each call and answers it at once
(recording.py), so the figures are our cost, not the network's. On the same
traffic (traffic.py) run an echo bot, the framework's floor (echo.py), and a
conventional python-telegram-bot peer with PicklePersistence (peer.py), to
which our cost per update is compared. The verdict path (verdict_path.py)
times many owners finishing at once, and everyone else's answers meanwhile.
Everything that reaches into the product is in ours.py. `--json` writes each
target beside the figures, and whether it was met.

Timings are medians or percentiles of many samples; the machine is shared,
so single runs vary. `--smoke` runs a small version of everything (for CI).
Submodules are imported when the benchmark runs, not with the package: the
cold start it measures imports `bot.bench.recording`, and should pay for
nothing else.
"""

from __future__ import annotations

import json
import resource
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FULL", "SMOKE", "Size", "TARGETS", "run"]

TARGETS = {
    "updates_per_second": (">=", 1000),
    "p99_ms": ("<=", 5),
    "ratio_to_peer": ("<=", 1.5),  # the yardstick: the conventional peer makes the same two calls per answer
    "due_selection_ms": ("<=", 100),
    "cold_start_s": ("<=", 1.5),
    "peak_rss_mb": ("<=", 150),
    "chart_ms": ("<=", 60),
    "pdf_ms": ("<=", 100),
    "others_answer_ratio": ("<=", 1.5),
    "verdict_text_p95_ms": ("<", 300),
    "verdict_files_p95_ms": ("<", 3000),
}
# Headings of the printed table, each before the first figure of its part.
HEADINGS = {
    "updates": "our answer path (typed answers, up to the last question)",
    "pg_updates_per_second": "our answer path on PostgreSQL (same traffic, same pre-filled owners)",
    "floor_updates_per_second": "echo-bot floor (one call per update, same traffic)",
    "peer_pickle_mb": "conventional PTB peer (ConversationHandler, PicklePersistence, same traffic)",
    "scheduled": "reminder sweep",
    "cold_start_s": "start and rendering",
    "verdict_owners": "verdict path (owners sending their last answer at once)",
    "instances_1_updates_per_second": "instance processes on PostgreSQL, through their webhooks (all owners at once; "
                                      "then quiet: one update at a time)",
}


@dataclass(frozen=True)
class Size:
    prefilled: int  # owners with a finished assessment already stored
    users: int  # owners answering in turns
    durable_updates: int  # for the peer writing its file after every update (a second each: fewer)
    verdict_owners: int  # owners finishing at once, in each burst
    others: int  # owners answering an ordinary question, on a quiet bot and again during each burst
    rounds: int  # bursts, each compared with the quiet bot just before
    scheduled: int
    due: int
    cold_runs: int
    render_runs: int


FULL = Size(prefilled=10_000, users=200, durable_updates=20, verdict_owners=50, others=200, rounds=3,
            scheduled=100_000, due=10_000, cold_runs=7, render_runs=9)
SMOKE = Size(prefilled=300, users=5, durable_updates=6, verdict_owners=3, others=3, rounds=1, scheduled=3_000,
             due=300, cold_runs=1, render_runs=1)


def run(smoke: bool, json_path: Path | None, database: str | None = None, instances: int = 0) -> int:
    """With `database` (an empty PostgreSQL database's URL), the answer path runs there too, on the same
    traffic and pre-filled owners, beside SQLite; with `instances` as well, through the webhooks of one and
    of that many instance processes on it."""
    import asyncio
    import logging

    from bot.bench import echo, ours, peer, verdict_path
    from bot.bench import instances as several
    from bot.bench.recording import RecordingRequest
    from bot.bench.traffic import FIRST_OWNER, figures, replay, traffic

    async def timed(application, updates: list[dict]) -> tuple[float, list[float]]:
        async with application:
            return await replay(application, updates)

    size = SMOKE if smoke else FULL
    logging.getLogger("telegram.ext.Application").setLevel(logging.WARNING)  # no line per start and stop
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        services = ours.open_services(workdir / "bench.sqlite3")
        lines, answers = ours.typed_answers(services)
        ours.prefill(services, size.prefilled, answers)
        results: dict = {"mode": "smoke" if smoke else "full", "prefilled_users": size.prefilled,
                         "prefilled_db_mb": round(sum(path.stat().st_size for path in workdir.iterdir()) / 1e6, 1)}
        ours.settle_owners(services, FIRST_OWNER, size.users)
        updates = traffic(size.users, lines[:-1])

        request = RecordingRequest()
        statements = ours.Statements(services)
        total, latencies = asyncio.run(timed(ours.application(services, request), updates))
        ours.check_traffic_landed(services, FIRST_OWNER, size.users, len(lines) - 1)
        results.update({"updates": len(updates), "users": size.users, **figures("", total, latencies),
                        "bot_api_calls_per_update": round(request.calls / len(updates), 2),
                        "statements_per_update": round(statements.count / len(updates), 2)})
        if database:
            results.update(on_postgresql(database, size, lines, answers, updates, results["p50_ms"]))
        results["peak_rss_mb"] = peak_rss_mb()  # after serving the traffic, before the others and the files
        ratios = len(results)  # the ratios are shown with our figures

        floor_total, floor_latencies = asyncio.run(timed(echo.echo_application(RecordingRequest()), updates))
        floor = figures("floor_", floor_total, floor_latencies)
        results.update({key: floor[key] for key in ("floor_updates_per_second", "floor_p50_ms")})
        results.update(peer.measure(workdir, size.prefilled, lines, list(answers), updates, size.users,
                                    traffic(1, lines[:-1])[:size.durable_updates]))
        results = _insert(results, ratios, {
            "ratio_to_peer": round(results["p50_ms"] / results["peer_60s_2calls_p50_ms"], 2),
            "ratio_to_durable_peer": round(results["p50_ms"] / results["peer_each_2calls_p50_ms"], 4),
            "ratio_to_floor": round(results["p50_ms"] / floor["floor_p50_ms"], 2)})

        results.update(ours.measure_sweep(size.scheduled, size.due, workdir))
        results.update(ours.measure_cold_start(size.cold_runs, workdir))
        results.update(ours.measure_rendering(services, size.render_runs))
        results.update(verdict_path.measure(services, size.verdict_owners, size.others, size.rounds, lines))
        services.close()
        if database and instances:
            results.update(several.measure(database, sorted({1, instances}), size.users, lines[:-1], workdir))
    print_table(results)
    if json_path:
        results["targets"] = {key: {"target": f"{sign} {limit}", "met": met(results[key], sign, limit)}
                              for key, (sign, limit) in TARGETS.items()}
        json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def on_postgresql(database: str, size: Size, lines: list[str], answers: dict, updates: list[dict],
                  sqlite_p50_ms: float) -> dict:
    """The same answer path, traffic and pre-filled owners on PostgreSQL: its figures under `pg_`."""
    import asyncio

    from bot.bench import ours
    from bot.bench.recording import RecordingRequest
    from bot.bench.traffic import FIRST_OWNER, figures, replay

    async def timed(application) -> tuple[float, list[float]]:
        async with application:
            return await replay(application, updates)

    services = ours.open_services(database)
    try:
        ours.prefill(services, size.prefilled, answers)
        ours.settle_owners(services, FIRST_OWNER, size.users)
        statements = ours.Statements(services)
        total, latencies = asyncio.run(timed(ours.application(services, RecordingRequest())))
        ours.check_traffic_landed(services, FIRST_OWNER, size.users, len(lines) - 1)
    finally:
        services.close()
    measured = figures("pg_", total, latencies)
    return {**measured, "pg_statements_per_update": round(statements.count / len(updates), 2),
            "pg_ratio_to_sqlite": round(measured["pg_p50_ms"] / sqlite_p50_ms, 2)}


def met(value: float, sign: str, limit: float) -> bool:
    return {">=": value >= limit, "<=": value <= limit, "<": value < limit}[sign]


def _insert(results: dict, at: int, figures: dict) -> dict:
    items = list(results.items())
    return dict(items[:at] + list(figures.items()) + items[at:])


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def print_table(results: dict) -> None:
    print(f"{'figure':34} {'value':>12}  target")
    for key, value in results.items():
        if key in HEADINGS:
            print(f"-- {HEADINGS[key]}")
        target = ""
        if key in TARGETS:
            sign, limit = TARGETS[key]
            target = f"{sign} {limit}  {'met' if met(value, sign, limit) else 'MISSED'}"
        print(f"{key:34} {value!s:>12}  {target}")
