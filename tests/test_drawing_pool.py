"""Files are drawn in worker processes, one per core, behind the bot's own process."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from bot.app.conclusions import Attachment, Drawing
from bot.render import pool


def who_draws() -> bytes:
    return f"{os.getpid()} {os.getpriority(os.PRIO_PROCESS, 0)}".encode()


def dies() -> bytes:
    os._exit(1)


async def test_files_are_drawn_side_by_side_in_other_processes_at_a_lower_priority():
    drawings = [Attachment("x.png", Drawing(who_draws, (), "fr", "EUR"), "photo") for _ in range(4 * pool.workers())]
    drawn = {tuple(map(int, content.split())) for content in await asyncio.gather(*(a.drawn() for a in drawings))}
    processes = {pid for pid, _priority in drawn}
    assert os.getpid() not in processes and len(processes) <= pool.workers()
    assert all(priority > os.getpriority(os.PRIO_PROCESS, 0) for _pid, priority in drawn)


async def test_a_drawing_process_that_dies_is_replaced():
    with pytest.raises(BrokenProcessPool):
        await pool.draw(Drawing(dies, (), "fr", "EUR"))
    assert int((await pool.draw(Drawing(who_draws, (), "fr", "EUR"))).split()[0]) != os.getpid()


async def test_where_no_process_can_be_started_files_are_still_drawn(monkeypatch):
    pool._stop()

    def refused(method):
        raise OSError("no shared memory here")

    monkeypatch.setattr("multiprocessing.get_context", refused)
    assert int((await pool.draw(Drawing(who_draws, (), "fr", "EUR"))).split()[0]) == os.getpid()
