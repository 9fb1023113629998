"""The layers of docs/architecture.md, as the imports actually are (type-only imports aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
# What each package may import from the others, at run time.
ALLOWED = {
    "spec": set(),
    "storage": set(),
    "i18n": {"paths", "spec"},
    "advisor": set(),
    "engine": {"spec", "storage", "i18n"},
    "render": {"advisor", "engine", "spec", "storage", "i18n"},
    "app": {"advisor", "engine", "render", "spec", "storage", "i18n", "paths"},
}
FRONT_ENDS = {"telegram", "console"}


def runtime_imports(path: Path) -> set[str]:
    """The bot packages a module imports, leaving out those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", None) == "TYPE_CHECKING" for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found |= {name.split(".")[1] for name in names if name.startswith("bot.") and name.count(".") >= 1}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below(package):
    for path in sorted((BOT / package).glob("*.py")):
        stray = runtime_imports(path) - ALLOWED[package] - {package}
        assert not stray, f"{path.relative_to(BOT.parent)} imports {sorted(stray)}"


def test_nothing_below_the_front_ends_knows_telegram():
    for package in ALLOWED:
        for path in sorted((BOT / package).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
            modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
            assert not {m for m in modules if m and m.split(".")[0] == "telegram"}, path


def test_front_ends_never_reach_storage_or_the_engine_directly():
    """They go through bot/app (records and enums may be named, for types)."""
    for package in FRONT_ENDS:
        for path in sorted((BOT / package).glob("*.py")):
            source = path.read_text(encoding="utf-8")
            assert ".store." not in source and "services.store" not in source, path
            assert "services.engine" not in source and ".engine." not in source, path


DRIVERS = {"sqlite3", "psycopg", "psycopg_pool", "sqlite_utils"}


def test_no_database_driver_is_named_above_storage():
    """The engine, the use cases and the front-ends know the storage interface, its records and its
    `StorageError`, never a driver: a second engine is added below `bot/storage` alone."""
    for path in sorted(BOT.rglob("*.py")):
        if path.is_relative_to(BOT / "storage"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {m for m in modules if m and m.split(".")[0] in DRIVERS}, path
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert not names & DRIVERS, path


def test_the_engine_and_the_use_cases_depend_on_the_interface_not_an_engine():
    for package in ("engine", "app"):
        for path in sorted((BOT / package).glob("*.py")):
            source = path.read_text(encoding="utf-8")
            assert "SqliteStore" not in source and "PostgresStore" not in source, path


def test_nothing_a_button_relies_on_is_kept_in_one_process():
    """python-telegram-bot's user_data, chat_data and bot_data live in one process: a button pressed on another
    instance, or after a restart, would not find them. What a button refers to is kept in storage (memory.py)."""
    for path in sorted((BOT / "telegram").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(user_data|chat_data|bot_data)\b", source), path
