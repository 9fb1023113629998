"""A real PostgreSQL server for the test session, from Debian's `postgresql` package (about 1 s to start).

initdb and postgres refuse to run as root: as root (CI here) they run as the
`postgres` user the package creates, in a folder of their own under /tmp,
listening on a free localhost port and a socket in that folder. Durability
is switched off (fsync): the tests kill the bot, and halt the server, never the machine.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

INSTALL = "apt-get install -y postgresql"
DATABASE = "advisor"


def binaries() -> Path | None:
    """The newest installed server's bin folder, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    bin: Path
    folder: Path
    port: int
    user: str | None  # the OS user the server runs as (None: this one)

    @property
    def options(self) -> str:
        # Each commit is written to the log before it returns (synchronous_commit on), so a server halted
        # at once keeps every commit, as a real one does; only the disk flush is skipped (fsync off).
        return (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c full_page_writes=off -c max_connections=200")

    def _start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-l", str(self.folder / "log"),
                  "-o", self.options, "start")

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run(command, check=True, user=self.user, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=self.folder)

    @classmethod
    def start(cls, bin: Path) -> Server:
        folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        user = None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            user = "postgres"
        server = cls(bin, folder, _free_port(), user)
        data = folder / "data"
        server._run(str(bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync")
        server._start()
        with psycopg.connect(server.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}".encode())
        return server

    def create_database(self, name: str, template: str = "template1") -> str:
        """A database of its own (empty, or a copy of `template`), for a test that must not share the usual one."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}".encode())
        return self.url(name)

    def empty(self) -> str:
        """The usual database, emptied: no table, no migration applied."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(b"DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        return self.url()

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def halt(self) -> None:
        """Stop the server at once, as a crash would: every connection dropped."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start it again after `halt`, on the same port."""
        self._start()
