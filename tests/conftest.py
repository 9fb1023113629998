"""Shared fixtures: real specs, a real SQLite store, and a transcript-style dialogue player."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor import DERIVED
from bot.engine import Engine, Text
from bot.i18n import use_locale
from bot.paths import dialogs_dir
from bot.spec import load_specs
from bot.storage import SqliteStore

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
