"""One instance and several, each a process serving its webhook, on one PostgreSQL: what one carries, what
a second adds.

Each instance is the bot as `advisor telegram --webhook` runs it (ours.serve_instance:
the real application, its webhook server, the inbox, PostgreSQL), the rate
limiter off as everywhere in the benchmark. This process plays Telegram: it
answers the instances' Bot API calls over HTTP (`BotApi`, on tornado), and posts
the owners' updates to the instances in turn, as a load balancer spreads
Telegram's posts, with the secret header. An owner's next update is posted once
the bot sent the next question; an update's time runs from its post to that
question, so it holds the HTTP hops, the inbox and the handling.

For each number of instances, two runs with owners of their own:
- busy: every owner answering at once, at most CONNECTIONS posts open (Telegram's
  default `max_connections`): updates per second, and p50 / p99 per update at that load;
  the processor time the instances used per update, and the busiest one's share of it;
- quiet: one update at a time: p50 / p99, the cost of one update on this path.

Several instances on one machine share its cores with PostgreSQL and with this
process: the figures say what a second process costs or gains here, not what a
second machine would add.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.bench import ours
from bot.bench.botapi import BotApi, parse_body
from bot.bench.traffic import figures, message_update

SECRET = "bench-webhook-secret"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONNECTIONS = 40  # posts open at once, as Telegram opens at most max_connections (40 by default)
QUIET_OWNERS = 3  # owners answering one update at a time in the quiet run
FIRST_OWNER = 6_000_000  # owners of these runs: above the other runs' (traffic.FIRST_OWNER)
WAIT = 60.0  # seconds for the next question before the run is called failed
STARTUP = 60.0  # seconds for an instance to take posts


class Telegram:
    """The Bot API the instances call, over HTTP; an owner's next question resolves what awaits it."""

    def __init__(self) -> None:
        self.api = BotApi(keep=False, check=False)
        self.awaited: dict[int, asyncio.Future[None]] = {}
        sockets = bind_sockets(0, "127.0.0.1")
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        self.server = HTTPServer(tornado.web.Application([(r"/bot[^/]+/(\w+)", _Method, {"telegram": self})],
                                                         log_function=lambda handler: None))  # no line per call
        self.server.add_sockets(sockets)

    def next_question(self, chat_id: int) -> asyncio.Future[None]:
        self.awaited[chat_id] = asyncio.get_running_loop().create_future()
        return self.awaited[chat_id]

    def called(self, method: str, params: dict) -> tuple[int, dict]:
        if method == "sendMessage" and params.get("reply_markup"):  # a question comes with its buttons
            awaited = self.awaited.pop(int(params["chat_id"]), None)
            if awaited is not None and not awaited.done():
                awaited.set_result(None)
        return self.api.respond(method, params)


class _Method(tornado.web.RequestHandler):
    def initialize(self, telegram: Telegram) -> None:
        self.telegram = telegram

    def post(self, method: str) -> None:
        params, _files = parse_body(self.request.headers.get("Content-Type", ""), self.request.body)
        status, body = self.telegram.called(method, params)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def measure(database: str, counts: list[int], users: int, lines: list[str], folder: Path) -> dict:
    """Figures under `instances_N_` for each N in `counts`; `database` holds the pre-filled owners already."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per post otherwise
    return asyncio.run(_measure(database, counts, users, lines, folder))


async def _measure(database: str, counts: list[int], users: int, lines: list[str], folder: Path) -> dict:
    telegram = Telegram()
    update_ids = itertools.count(FIRST_OWNER)
    results: dict = {}
    try:
        for count in counts:
            first = FIRST_OWNER + count * 100_000
            busy_owners = range(first, first + users)
            quiet_owners = range(first + users, first + users + QUIET_OWNERS)
            services = ours.Services.open(database)
            try:
                ours.settle_owners(services, first, users + QUIET_OWNERS)
            finally:
                services.close()
            with _instances(count, database, telegram.url, folder) as started:
                ports = list(started)
                for n, port in enumerate(ports):
                    await _ready(port, _log(folder, count, n))
                run = _Run(telegram, ports, update_ids, lines)
                before = [_cpu_seconds(pid) for pid in started.values()]
                busy_total, busy = await run.owners(busy_owners, CONNECTIONS)
                used = [_cpu_seconds(pid) - spent for pid, spent in zip(started.values(), before, strict=True)]
                quiet_total, quiet = await run.owners(quiet_owners, 1)
            services = ours.Services.open(database)
            try:
                ours.check_traffic_landed(services, first, users + QUIET_OWNERS, len(lines))
            finally:
                services.close()
            busy_figures = figures(f"instances_{count}_", busy_total, busy)
            quiet_figures = figures(f"instances_{count}_quiet_", quiet_total, quiet)
            results.update({key: busy_figures[key] for key in busy_figures if not key.endswith("p95_ms")})
            # What the instances' processes used of a core per update, and how the work was shared between them.
            results[f"instances_{count}_cpu_ms_per_update"] = round(sum(used) * 1000 / len(busy), 2)
            results[f"instances_{count}_busiest_share"] = round(max(used) / sum(used), 2) if sum(used) else 1.0
            results.update({key: quiet_figures[key] for key in quiet_figures if key.endswith(("p50_ms", "p99_ms"))})
    finally:
        telegram.server.stop()
    return results


class _Run:
    """Owners answering through the instances, each update posted to the next instance in turn."""

    def __init__(self, telegram: Telegram, ports: list[int], update_ids: Iterator[int], lines: list[str]):
        self.telegram, self.ports, self.update_ids, self.lines = telegram, ports, update_ids, lines
        self.turn = itertools.count()

    async def owners(self, owners: range, connections: int) -> tuple[float, list[float]]:
        """Every owner's /start and answers; the seconds it all took, and each update's milliseconds."""
        latencies: list[float] = []
        posts = asyncio.Semaphore(connections)
        async with httpx.AsyncClient(timeout=WAIT) as http:
            async def owner(user: int) -> None:
                for message_id, text in enumerate(["/start", *self.lines], start=1):
                    update = message_update(next(self.update_ids), user, message_id, text)
                    asked = self.telegram.next_question(user)
                    started = time.perf_counter()
                    async with posts:
                        port = self.ports[next(self.turn) % len(self.ports)]
                        answer = await http.post(f"http://127.0.0.1:{port}/hook", json=update,
                                                 headers={HEADER: SECRET})
                    if answer.status_code != 200:
                        raise RuntimeError(f"an instance answered a post with {answer.status_code}")
                    await asyncio.wait_for(asked, WAIT)
                    latencies.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            if connections == 1:
                for user in owners:
                    await owner(user)
            else:
                await asyncio.gather(*(owner(user) for user in owners))
        return time.perf_counter() - started, latencies


@contextmanager
def _instances(count: int, database: str, api_url: str, folder: Path) -> Iterator[dict[int, int]]:
    """`count` instance processes on free ports (their logs in `folder`), stopped with SIGTERM after: the process
    id on each port."""
    ports = [_free_port() for _ in range(count)]
    processes = []
    try:
        for n, port in enumerate(ports):
            with open(_log(folder, count, n), "ab") as log:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "bot.bench.instance", database, api_url, str(port), SECRET],
                    stdout=log, stderr=log))
        yield {port: process.pid for port, process in zip(ports, processes, strict=True)}
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _cpu_seconds(pid: int) -> float:
    """The processor time a process has used so far (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _log(folder: Path, count: int, n: int) -> Path:
    return folder / f"instance-{count}-{n}.log"


async def _ready(port: int, log: Path) -> None:
    """Wait until the instance on `port` takes posts (its /readyz, or its port answering at all)."""
    deadline = time.monotonic() + STARTUP
    async with httpx.AsyncClient(timeout=2) as http:
        while True:
            try:
                if (await http.get(f"http://127.0.0.1:{port}/readyz")).status_code in (200, 404):
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the instance on port {port} did not start: {log.read_text()[-2000:]}")
            await asyncio.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
