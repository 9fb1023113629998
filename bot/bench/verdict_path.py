"""The verdict path: many owners send their last answer at once, each waits for verdict, chart, PDF; meanwhile
other owners go on answering ordinary questions.

The owners first answer everything but the last question (not timed). Then
the real application is started as in production, whose per-chat concurrent
processor handles updates side by side, and the drawing pool is started by
one owner finishing alone (the pool's start, timed apart). Then, in each
round, one group of other owners answers the same question one every few
milliseconds on a quiet bot, and a second group answers it again while a
new burst's last answers are all queued at once: how long their next
question takes, with and without the burst, says whether the burst holds up
everyone else. Both groups answer the same question, so the comparison is
of like with like; the rounds pool their samples, so that the p95, set by a
few slow answers, follows the burst rather than one moment of a shared
machine. Each Bot API call is logged with its moment, so for every owner we
know when their verdict text, chart and PDF went out.
"""

from __future__ import annotations

import asyncio
import time

from telegram import Update
from telegram.ext import Application

from bot.bench import ours
from bot.bench.recording import RecordingRequest, Sent
from bot.bench.traffic import message_update, percentile, replay, traffic

FIRST = 6_000_000  # user ids of the bursts' owners, apart from the answer traffic's
OTHERS = 7_000_000  # user ids of the owners answering ordinary questions, quiet or meanwhile
ALONE = 7_900_000  # the owner whose verdict starts the drawing pool
ASKED = 5  # the others have answered this many lines; each answers the next one, quiet or during a burst
SPACING = 0.01  # seconds between two other owners' answers
TIMEOUT = 900  # seconds: every file of every owner sent by then, or the run fails


def _update(update_id: int, user: int, turn: int, text: str, bot) -> Update:
    return Update.de_json(message_update(update_id, user, turn + 1, text), bot)


async def _answered(request: RecordingRequest, since: int, method: str, users: set[int], timeout: float) -> None:
    """Wait until each of `users` was sent a `method` call after log entry `since` (reading each entry once, so
    that waiting costs the bot next to nothing)."""
    deadline, waiting = time.monotonic() + timeout, set(users)
    while waiting:
        if time.monotonic() > deadline:
            raise RuntimeError(f"not every owner got their {method}: see the log above")
        await asyncio.sleep(0.01)
        seen, since = request.log[since:], len(request.log)
        waiting -= {sent.chat_id for sent in seen if sent.method == method}


async def _others_answer(application: Application, request: RecordingRequest, first: int, others: int,
                         line: str) -> list[float]:
    """Owners `first`, `first` + 1, … each answer `line`, one every SPACING seconds: milliseconds until each was
    sent the next question."""
    fed: dict[int, float] = {}
    since = len(request.log)
    for user in range(first, first + others):
        fed[user] = time.perf_counter()
        await application.update_queue.put(_update(8_000_000 + user, user, ASKED, line, application.bot))
        await asyncio.sleep(SPACING)
    await _answered(request, since, "sendMessage", set(fed), TIMEOUT)
    asked: dict[int, float] = {}
    for sent in request.log[since:]:
        if sent.method == "sendMessage" and sent.chat_id in fed:
            asked.setdefault(sent.chat_id, sent.at)
    return [(asked[user] - fed[user]) * 1000 for user in fed]


async def _run(services: ours.Services, owners: int, others: int, rounds: int, lines: list[str]) -> dict:
    request = RecordingRequest(log=True)
    application = ours.application(services, request)
    ours.settle_owners(services, FIRST, owners * rounds)
    ours.settle_owners(services, OTHERS, others * 2 * rounds)
    ours.settle_owners(services, ALONE, 1)
    async with application:
        await replay(application, traffic(owners * rounds, lines[:-1], first_user=FIRST))
        ours.check_traffic_landed(services, FIRST, owners * rounds, len(lines) - 1)
        await replay(application, traffic(others * 2 * rounds, lines[:ASKED], first_user=OTHERS))
        await replay(application, traffic(1, lines[:-1], first_user=ALONE))
        await application.start()
        # One owner finishing alone starts the drawing pool, as the first verdict after a restart does.
        since, started = len(request.log), time.perf_counter()
        await application.update_queue.put(_update(900_000, ALONE, len(lines), lines[-1], application.bot))
        await _answered(request, since, "sendDocument", {ALONE}, TIMEOUT)
        pool_start = time.perf_counter() - started
        quiet: list[float] = []
        busy: list[float] = []
        fed: dict[int, float] = {}
        since, drawn_before = len(request.log), ours.drawing_processor_seconds()
        drawing_seconds = 0.0
        for round_ in range(rounds):
            group = OTHERS + 2 * round_ * others
            quiet += await _others_answer(application, request, group, others, lines[ASKED])
            burst = range(FIRST + round_ * owners, FIRST + (round_ + 1) * owners)
            began = time.perf_counter()
            for user in burst:
                fed[user] = time.perf_counter()
                await application.update_queue.put(_update(1_000_000 + user, user, len(lines), lines[-1],
                                                           application.bot))
            busy += await _others_answer(application, request, group + others, others, lines[ASKED])
            await _answered(request, since, "sendDocument", set(burst), TIMEOUT)
            drawing_seconds += time.perf_counter() - began
        drawing = ours.drawing_processor_seconds() - drawn_before
        await application.stop()
    return {"pool_start": pool_start, "quiet": quiet, "busy": busy, "fed": fed, "log": request.log[since:],
            "drawing": drawing, "drawing_seconds": drawing_seconds}


def measure(services: ours.Services, owners: int, others: int, rounds: int, lines: list[str]) -> dict:
    """Per owner of the bursts, from the last answer fed in: verdict text sent, chart sent, PDF sent, both files
    sent (ms); the others' answers with and without a burst (ms); the drawing pool's start (s)."""
    run = asyncio.run(_run(services, owners, others, rounds, lines))
    fed: dict[int, float] = run["fed"]
    log: list[Sent] = run["log"]
    text: dict[int, float] = {}
    chart: dict[int, float] = {}
    pdf: dict[int, float] = {}
    for sent in log:
        user = sent.chat_id
        if user not in fed:
            continue
        if sent.method == "sendMessage" and user not in text and ours.is_verdict_text(sent.text):
            text[user] = sent.at
        elif sent.method == "sendPhoto":
            chart.setdefault(user, sent.at)
        elif sent.method == "sendDocument":
            pdf.setdefault(user, sent.at)
    if not set(fed) == set(text) == set(chart) == set(pdf):
        raise RuntimeError("some owner's verdict text, chart or PDF was not sent")
    files = {user: max(chart[user], pdf[user]) for user in fed}
    latency = {name: [(sent[user] - fed[user]) * 1000 for user in fed]
               for name, sent in (("text", text), ("chart", chart), ("pdf", pdf), ("files", files))}
    bursts = [[user for user in fed if (user - FIRST) // owners == round_] for round_ in range(rounds)]
    # A burst's first file, and its last, from its first last answer; an owner's text waited behind a file if
    # it went out after another owner's of the same burst did.
    first_file = max(min(min(chart[user], pdf[user]) for user in burst) - fed[burst[0]] for burst in bursts)
    all_sent = max(max(pdf[user] for user in burst) - fed[burst[0]] for burst in bursts)
    behind = sum(any(files[other] < text[user] for files in (chart, pdf) for other in burst if other != user)
                 for burst in bursts for user in burst)
    quiet, busy = percentile(run["quiet"], 0.95), percentile(run["busy"], 0.95)
    results: dict[str, float] = {
        "verdict_owners": owners, "verdict_rounds": rounds, "others_answering": len(run["busy"]),
        "others_answer_p50_quiet_ms": round(percentile(run["quiet"], 0.50), 1),
        "others_answer_p50_ms": round(percentile(run["busy"], 0.50), 1),
        "others_answer_p95_quiet_ms": round(quiet, 1), "others_answer_p95_ms": round(busy, 1),
        "others_answer_ratio": round(busy / quiet, 2)}
    for name, values in latency.items():
        results[f"verdict_{name}_p50_ms"] = round(percentile(values, 0.50), 1)
        results[f"verdict_{name}_p95_ms"] = round(percentile(values, 0.95), 1)
    results["verdict_text_max_ms"] = round(max(latency["text"]), 1)
    results["verdict_first_file_ms"] = round(first_file * 1000, 1)
    results["verdict_texts_behind_a_file"] = behind
    results["verdict_all_sent_s"] = round(all_sent, 2)
    results["drawing_pool_start_s"] = round(run["pool_start"], 2)
    # Processor time a burst's files took, and how many cores the drawing had on average meanwhile: a file
    # p95 far above the former over the cores means the drawing waited for the machine, not for the bot.
    results["verdict_drawing_cpu_s"] = round(run["drawing"] / rounds, 2)
    results["verdict_drawing_cores"] = round(run["drawing"] / max(run["drawing_seconds"], 0.01), 2)
    return results
