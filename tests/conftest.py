"""Shared fixtures: real specs, a real store on each engine, and a transcript-style dialogue player.

Tests that take `database` (a place to open a store at) or `any_store` run on
SQLite and on a real PostgreSQL this session starts (tests/postgres_server.py).
Without PostgreSQL installed their PostgreSQL half is left out and the run ends
with one line saying so; in CI (`CI` set) a PostgreSQL that cannot start fails them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from postgres_server import INSTALL, Server, binaries

from bot.advisor import DERIVED
from bot.engine import Engine, Text
from bot.i18n import use_locale
from bot.paths import dialogs_dir
from bot.spec import load_specs
from bot.storage import SqliteStore, open_store
from bot.storage.postgres import PostgresConnection

ASSESSMENT = "assessment"


@pytest.fixture(scope="session")
def specs():
    return load_specs(dialogs_dir())


@pytest.fixture
def store():
    store = SqliteStore(None)
    yield store
    store.close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "advisor.sqlite3"


ENGINES = ["sqlite", "postgresql"]
_left_out: list[str] = []


@pytest.fixture(scope="session")
def postgres():
    """The session's PostgreSQL server (skipped where PostgreSQL is not installed, unless in CI)."""
    found = binaries()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not installed, and CI must run every test on it: {INSTALL}")
        pytest.skip("PostgreSQL is not installed")
    try:
        server = Server.start(found)
    except (subprocess.CalledProcessError, OSError, KeyError) as error:  # KeyError: no `postgres` user
        detail = getattr(error, "stderr", b"") or b""
        pytest.fail(f"PostgreSQL did not start: {error} {detail.decode(errors='replace')[-500:]}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres) -> str:
    """The URL of an empty PostgreSQL database, for this test alone."""
    return postgres.empty()


@pytest.fixture(params=ENGINES)
def database(request, tmp_path) -> str:
    """Where a store is opened, on each engine in turn: a SQLite file, or an emptied PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "advisor.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture(autouse=True)
def _close_postgres_stores(monkeypatch):
    """Every PostgreSQL store a test opened in this process is closed after it: its pool holds
    connections and threads that would otherwise outlive the test."""
    opened = []
    init = PostgresConnection.__init__

    def tracked(self, *args, **kwargs):
        opened.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(PostgresConnection, "__init__", tracked)
    yield
    for store in opened:
        if hasattr(store, "pool"):
            store.close()


@pytest.fixture
def any_store(database):
    """A store on each engine in turn."""
    store = open_store(database)
    yield store
    store.close()


def _on_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    engines = set(callspec.params.values()) if callspec is not None else set()
    return "postgresql" in engines or bool({"pg_url", "postgres"} & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """Without PostgreSQL (and outside CI), its tests are left out, counted, and said so once at the end."""
    if binaries() is not None or os.environ.get("CI"):
        return
    _left_out.extend(item.nodeid for item in items if _on_postgresql(item))
    if _left_out:
        config.hook.pytest_deselected(items=[item for item in items if _on_postgresql(item)])
        items[:] = [item for item in items if not _on_postgresql(item)]


def pytest_terminal_summary(terminalreporter):
    if _left_out:
        terminalreporter.write_line(
            f"PostgreSQL is not installed: left out the {len(_left_out)} tests that run on it (every SQLite "
            f"test ran); to run them too: {INSTALL}")


@pytest.fixture
def engine(store, specs):
    store.ensure_user(1, language="fr")
    return Engine(store, specs, DERIVED)


class Player:
    """Plays one user through a dialogue, one typed line at a time."""

    def __init__(self, engine: Engine, user_id: int = 1, locale: str = "fr", dialog: str = ASSESSMENT):
        self.engine, self.user_id, self.locale, self.dialog = engine, user_id, locale, dialog

    def send(self, event):
        event = Text(event) if isinstance(event, str) else event
        with use_locale(self.locale):
            return self.engine.handle(self.user_id, self.dialog, event)

    def answer(self, **answers):
        """Answer whatever is asked from `answers` (by question id) until a question is missing."""
        step = None
        while True:
            view = self.engine.view(self.user_id, self.dialog)
            if view.finished or view.question.id not in answers:
                return step
            step = self.send(answers[view.question.id])
            assert step.status in ("accepted", "finished"), (view.question.id, step.status, step.problem
                                                             and step.problem.code)

    @property
    def state(self) -> str:
        return self.engine.view(self.user_id, self.dialog).question.id


@pytest.fixture
def player(engine):
    return Player(engine)
