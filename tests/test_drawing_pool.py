"""Files are drawn in worker processes, one per core, behind the bot's own process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

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


KILLED_BOT = """
import asyncio, os, signal
from bot.render import pool

async def main():
    print(await pool.draw(os.getpid), flush=True)  # the drawing process's own number
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    asyncio.run(main())
"""


def running(pid):
    """Whether `pid` is a live process (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_killed_bot_leaves_no_drawing_process_behind(tmp_path):
    script = tmp_path / "killed_bot.py"
    script.write_text(KILLED_BOT)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == -signal.SIGKILL, done.stderr
    drawer = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while running(drawer) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(drawer)
