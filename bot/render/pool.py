"""Charts and reports drawn in worker processes, one per core, so that a burst of verdicts is drawn side by side
and the bot's own process, free of that work, keeps answering everyone else.

Drawing is pure Python bound by the interpreter lock: on threads, fifty
reports are drawn one at a time and hold up every answer meanwhile. The pool
starts at the first drawing, never with the bot, so start-up pays nothing
for it. Its processes are forked from a small server process that has loaded
the drawing libraries once (forking the bot itself, with its threads, could
copy a lock some thread holds); each then cuts and parses the report's fonts, and they
run at a lower priority than the bot, so that when the cores are busy the
bot's answers go first and the files wait a little. The pool's own threads in
the bot's process (they hand work over and read results) take the interpreter
lock from the bot's loop each time they wake, for up to the interpreter's
switch interval (5 ms): from the pool's start it is a tenth of that, so an
answer never waits behind them more than half a millisecond.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import select
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)

NICENESS = 10  # how much lower the drawing processes' priority is than the bot's
SWITCH_INTERVAL = 0.0005  # seconds a thread may hold the interpreter lock while another waits for it
PRELOADED = ["matplotlib.backends.backend_agg", "fpdf", "fontTools.subset", "bot.render.report",
             "bot.render.progress"]

_pool: list[ProcessPoolExecutor] = []
_lock = threading.Lock()


def workers() -> int:
    """One drawing process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _started() -> ProcessPoolExecutor:
    import multiprocessing  # with the pool, not with the bot
    from concurrent.futures import ProcessPoolExecutor

    with _lock:
        if not _pool:
            sys.setswitchinterval(SWITCH_INTERVAL)
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOADED)
            _pool.append(ProcessPoolExecutor(workers(), mp_context=context, initializer=_ready,
                                             initargs=(os.getpid(),)))
            atexit.register(_stop)
        return _pool[0]


def _stop() -> None:
    """End the drawing processes while the interpreter is still whole (a pool left to the end complains)."""
    with _lock:
        if _pool:
            _pool.pop().shutdown(wait=False, cancel_futures=True)


def _ready(bot: int) -> None:
    """In each drawing process, once: end with the bot, step back for it, and cut and parse the report's fonts."""
    from bot.render import fonts, parsed_fonts
    from bot.render.plan_drawing import FONT

    threading.Thread(target=_end_with, args=(bot,), name="end-with-bot", daemon=True).start()
    os.nice(NICENESS)
    parsed_fonts.prepare(FONT, fonts.common())


def _end_with(bot: int) -> None:
    """Exit once the bot's process has ended, however it ended: a bot killed outright runs no clean-up, and its
    drawing processes (with the server that forked them) would otherwise stay, holding memory, restart after
    restart."""
    try:
        ended = os.pidfd_open(bot)  # Linux: readable once the process has ended
    except (AttributeError, OSError):  # elsewhere, or already gone
        while _running(bot):
            time.sleep(1)
    else:
        select.select([ended], [], [])
    os._exit(0)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def processes() -> list[int]:
    """The drawing processes' ids (none before the first drawing): for measuring what they use."""
    with _lock:
        return list(getattr(_pool[0], "_processes", None) or {}) if _pool else []


async def draw(drawing: Callable[[], bytes]) -> bytes:
    """The file `drawing` makes (it must pickle: a module-level function and its arguments), drawn in the pool;
    a pool whose process died (killed for memory, say) is replaced once."""
    from concurrent.futures.process import BrokenProcessPool

    loop = asyncio.get_running_loop()
    try:
        return await _handed_over(loop, drawing)
    except BrokenProcessPool:
        log.warning("A drawing process died; starting the drawing pool again")
        _stop()
        return await _handed_over(loop, drawing)


def _handed_over(loop: asyncio.AbstractEventLoop, drawing: Callable[[], bytes]) -> Awaitable[bytes]:
    """The drawing handed to the pool; where no process can be started at all (a host without shared memory
    for their queues), to a thread of the bot's process, as before there was a pool."""
    try:
        return loop.run_in_executor(_started(), drawing)  # the first drawing starts the processes
    except (OSError, NotImplementedError) as error:
        log.warning("No drawing processes (%s): drawing on a thread of the bot's process", error)
        return asyncio.to_thread(drawing)
