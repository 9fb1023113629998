"""The advisor's parts assembled once: storage, specs, engine.

Front-ends (console, Telegram, command line) build one `Services` at start-up;
nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.advisor import DERIVED
from bot.engine import Engine
from bot.i18n.catalogs import check_spec_translations
from bot.paths import dialogs_dir
from bot.spec import Spec, load_specs
from bot.storage import Clock, Store, utc_now


@dataclass
class Services:
    store: Store
    specs: dict[str, Spec]
    engine: Engine

    @classmethod
    def open(cls, db_path: Path | str | None, specs_folder: Path | None = None,
             clock: Clock = utc_now) -> Services:
        """Load and check every spec (refusing to start on a bad one), then open the database."""
        specs = load_specs(specs_folder or dialogs_dir())
        for spec in specs.values():
            check_spec_translations(spec)
        store = Store(db_path, clock=clock)
        return cls(store=store, specs=specs, engine=Engine(store, specs, DERIVED))

    def now(self) -> datetime:
        """The time, from the one clock that also dates what storage records (tests set it)."""
        return self.store.clock()

    def close(self) -> None:
        self.store.close()
