"""The advisor's parts assembled once: storage, specs, engine.

Front-ends (console, Telegram, command line) build one `Services` at start-up;
nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.advisor import DERIVED
from bot.engine.engine import Engine, Starting
from bot.i18n.catalogs import check_spec_translations
from bot.paths import dialogs_dir
from bot.spec import Spec, load_specs
from bot.storage import Clock, Storage, open_store, utc_now


@dataclass
class Services:
    store: Storage
    specs: dict[str, Spec]
    engine: Engine

    @classmethod
    def open(cls, database: Path | str | None, specs_folder: Path | None = None,
             clock: Clock = utc_now) -> Services:
        """Load and check every spec (refusing to start on a bad one), then open the database: a SQLite
        file's path (None: in memory) or a `postgresql://` URL."""
        specs = load_specs(specs_folder or dialogs_dir())
        for spec in specs.values():
            check_spec_translations(spec)
        store = open_store(database, clock=clock)
        return cls(store=store, specs=specs, engine=Engine(store, specs, DERIVED, settings_context(store, specs)))

    def now(self) -> datetime:
        """The time, from the one clock that also dates what storage records (tests set it)."""
        return self.store.clock()

    def close(self) -> None:
        self.store.close()


# The user settings a spec may take as context values (`context:` in its YAML).
SETTINGS = ("country",)


def settings_context(store: Storage, specs: dict[str, Spec]) -> Starting:
    """What a conversation started for a user is given: their settings that its spec takes as context."""
    def context(user_id: int, dialog: str) -> dict[str, Any]:
        wanted = [key for key in SETTINGS if key in specs[dialog].context]
        user = store.user(user_id) if wanted else None
        return {key: getattr(user, key) for key in wanted if user is not None and getattr(user, key)}

    return context
