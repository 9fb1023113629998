"""A file or catalog the advisor cannot use stops it with one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

import bot.i18n as i18n
from bot.cli import main


def advisor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def immutable(tmp_path):
    """A real database file the system refuses to change (chattr +i), made writable again afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    path = tmp_path / "immutable.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE kept (x)")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a file immutable")
    yield path
    subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("command", [["export", "--user", "1"], ["telegram"]])
def test_an_immutable_database_stops_the_advisor_with_one_line(immutable, command):
    result = advisor("--db", str(immutable), *command)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"advisor: cannot use the database {immutable}: attempt to write a readonly database"]
    assert "Traceback" not in result.stderr


def test_a_missing_catalog_stops_the_advisor_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path)
    i18n.translations.cache_clear()
    try:
        code = main(["--db", str(tmp_path / "db.sqlite3"), "export", "--user", "1"])
    finally:
        i18n.translations.cache_clear()
    error = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(error) == 1
    assert error[0].startswith("advisor: no compiled catalog for") and str(tmp_path) in error[0]
