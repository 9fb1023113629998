"""Operator commands: one user's data (export, report, delete) and a copy of the whole database (backup)."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from bot.app import verdicts
from bot.app.services import Services
from bot.i18n import DEFAULT_LANGUAGE, use_locale
from bot.storage import StorageError, backup, is_url, open_store, redacted


def run_operator_command(services: Services, args: Namespace) -> int:
    store = services.store
    user = store.user(args.user)
    if user is None:
        print(f"advisor: no user {args.user}", file=sys.stderr)
        return 1
    if args.command == "export":
        json.dump(store.export_user(args.user), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.command == "report":
        stored = verdicts.latest(services, args.user)
        if stored is None:
            print(f"advisor: user {args.user} has no verdict yet", file=sys.stderr)
            return 1
        with use_locale(args.lang or user.language or DEFAULT_LANGUAGE):
            attachment = verdicts.report(services, stored)
        path = args.out or Path("out") / attachment.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(attachment.render())
        print(path)
        return 0
    if not args.yes:
        print("advisor: deleting a user cannot be undone; add --yes to confirm", file=sys.stderr)
        return 2
    store.delete_user(args.user)
    print(f"user {args.user} deleted")
    return 0


def run_migrate(database: Path | str) -> int:
    """`advisor migrate`: bring the database's schema up to this version (the platforms' release step).
    One line: what was applied, or that nothing was due; a database a newer version migrated is refused."""
    try:
        store = open_store(database)
    except StorageError as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 2
    try:
        done = ", ".join(store.migrated) or "none due"
        print(f"database {store.where}: migrations applied: {done}")
    finally:
        store.close()
    return 0


def run_copy(database: Path | str, target: str, force: bool) -> int:
    """`advisor copy --to postgresql://…`: the SQLite file's every table copied to PostgreSQL and verified;
    a line per table, then one for the whole, or one line saying why nothing was copied."""
    if is_url(database) or not is_url(target):
        print("advisor: copy moves the SQLite file (--db or ADVISOR_DB) to a postgresql:// URL (--to)",
              file=sys.stderr)
        return 2
    from bot.storage.copy import copy_database  # loads the PostgreSQL driver: only for this command

    try:
        copied = copy_database(Path(database), target, force)
    except StorageError as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 2
    for table in copied:
        print(f"{table.table}: {table.rows} rows, sha256 {table.checksum[:16]}, the same on both sides")
    print(f"copied {database} to {redacted(target)}: {sum(table.rows for table in copied)} rows in "
          f"{len(copied)} tables, verified")
    return 0


def run_backup(database: Path | str, target: Path, force: bool) -> int:
    """`advisor backup FILE`: a consistent copy of the SQLite database, taken while the bot may be running.

    One line either way: what was written, or why nothing was.
    """
    if is_url(database):
        print("advisor: backup copies a SQLite file; back PostgreSQL up with pg_dump (see README, Deploying)",
              file=sys.stderr)
        return 2
    db_path = Path(database)
    if not db_path.is_file():
        print(f"advisor: no database at {db_path}", file=sys.stderr)
        return 2
    if target.exists() and target.resolve() == db_path.resolve():
        print(f"advisor: {target} is the database itself; name another file", file=sys.stderr)
        return 2
    if target.exists() and not force:
        print(f"advisor: {target} exists; add --force to replace it", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"advisor: no folder {target.parent} for the backup", file=sys.stderr)
        return 2
    try:
        size = backup(db_path, target)
    except StorageError as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 1
    print(f"backup of {db_path} written to {target} ({size / 1024:,.0f} KB, integrity checked)")
    return 0
