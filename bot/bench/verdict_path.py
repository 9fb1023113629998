"""The verdict path: many owners send their last answer at once, each waits for verdict, chart, PDF.

The owners first answer everything but the last question (not timed). Then
their last answers are queued together into the real application, started
as in production, whose per-chat concurrent processor handles them side by
side. Each Bot API call is logged with its moment, so for every owner we
know when their verdict text went out and when their chart and PDF did. The
charts and PDFs are drawn on worker threads, as in production; the question
is whether one owner's text waits behind other owners' drawings.
"""

from __future__ import annotations

import asyncio
import time

from telegram import Update

from bot.bench import ours
from bot.bench.recording import RecordingRequest, Sent
from bot.bench.traffic import message_update, percentile, replay, traffic

FIRST = 6_000_000  # user ids of these owners, apart from the answer traffic's
TIMEOUT = 900  # seconds: every file of every owner sent by then, or the run fails


async def _run(services: ours.Services, owners: int, lines: list[str]) -> tuple[dict[int, float], list[Sent]]:
    request = RecordingRequest(log=True)
    application = ours.application(services, request)
    ours.settle_owners(services, FIRST, owners)
    async with application:
        _total, _latencies = await replay(application, traffic(owners, lines[:-1], first_user=FIRST))
        ours.check_traffic_landed(services, FIRST, owners, len(lines) - 1)
        await application.start()
        since = len(request.log)
        last = [Update.de_json(message_update(1_000_000 + n, FIRST + n, len(lines) + 1, lines[-1]),
                               application.bot) for n in range(owners)]
        fed = {}
        for user, update in enumerate(last, start=FIRST):
            fed[user] = time.perf_counter()
            await application.update_queue.put(update)
        deadline = time.monotonic() + TIMEOUT
        while sum(sent.method == "sendDocument" for sent in request.log[since:]) < owners:
            if time.monotonic() > deadline:
                raise RuntimeError("not every owner got their PDF report: see the log above")
            await asyncio.sleep(0.01)
        await application.stop()
    return fed, request.log[since:]


def measure(services: ours.Services, owners: int, lines: list[str]) -> dict:
    """Per owner, from the last answer fed in: verdict text sent, chart sent, PDF sent (ms)."""
    fed, log = asyncio.run(_run(services, owners, lines))
    text: dict[int, float] = {}
    chart: dict[int, float] = {}
    pdf: dict[int, float] = {}
    for sent in log:
        user = sent.chat_id
        if user is None:
            continue
        if sent.method == "sendMessage" and user not in text and ours.is_verdict_text(sent.text):
            text[user] = sent.at
        elif sent.method == "sendPhoto":
            chart.setdefault(user, sent.at)
        elif sent.method == "sendDocument":
            pdf.setdefault(user, sent.at)
    if not set(fed) == set(text) == set(chart) == set(pdf):
        raise RuntimeError("some owner's verdict text, chart or PDF was not sent")
    latency = {name: [(sent[user] - fed[user]) * 1000 for user in fed]
               for name, sent in (("text", text), ("chart", chart), ("pdf", pdf))}
    first_file = min(min(chart.values()), min(pdf.values()))
    # An owner's text waited behind another owner's file if it went out after that file did.
    behind = sum(any(files[other] < text[user] for files in (chart, pdf) for other in fed if other != user)
                 for user in fed)
    results: dict[str, float] = {"verdict_owners": owners}
    for name, values in latency.items():
        results[f"verdict_{name}_p50_ms"] = round(percentile(values, 0.50), 1)
        results[f"verdict_{name}_p95_ms"] = round(percentile(values, 0.95), 1)
    results["verdict_text_max_ms"] = round(max(latency["text"]), 1)
    results["verdict_first_file_ms"] = round((first_file - min(fed.values())) * 1000, 1)
    results["verdict_texts_behind_a_file"] = behind
    results["verdict_all_sent_s"] = round(max(pdf.values()) - min(fed.values()), 2)
    return results
