"""The `advisor` command: console chat, Telegram bot, and operator tools."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from bot.config import Settings, SettingsError
from bot.i18n import LANGUAGES
from bot.i18n.markets import MARKETS, Market
from bot.spec import SpecError
from bot.storage.connection import is_url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Social-media advisor for small businesses. Without a command: the Telegram "
                    "bot if TELEGRAM_BOT_TOKEN is set, otherwise the console chat.")
    parser.add_argument("--db", help="SQLite file or postgresql:// URL (default: $DATABASE_URL, else $ADVISOR_DB, "
                                     "else data/advisor.sqlite3)")
    commands = parser.add_subparsers(dest="command")
    chat = commands.add_parser("chat", help="the assessment in this terminal")
    chat.add_argument("--lang", choices=LANGUAGES, default=None, help="fr or de (default: fr)")
    chat.add_argument("--country", choices=MARKETS, default=None,
                      help="where the business is: sets currency, number style, networks and holidays "
                           "(default: the language's home, FR or DE)")
    chat.add_argument("--region", default=None, help="its region for public holidays, e.g. BY, GE, QC")
    chat.add_argument("--user", type=int, default=-1,
                      help="console user id (negative, so it never meets a Telegram id)")
    chat.add_argument("--out", type=Path, default=Path("out"),
                      help="folder for the chart (PNG) and report (PDF); default: out/")
    telegram = commands.add_parser("telegram", help="run the Telegram bot (polling, or webhook if WEBHOOK_URL is set)")
    telegram.add_argument("--webhook", action="store_true",
                          help="serve a webhook on $PORT; refuse to start without WEBHOOK_URL (Procfile 'web')")
    webhook = commands.add_parser("webhook", help="register the webhook with Telegram (the deploy's release step), "
                                                  "delete it, or show what Telegram has")
    webhook.add_argument("action", choices=("set", "delete", "info"),
                         help="set: WEBHOOK_URL with WEBHOOK_SECRET; delete: back to polling; info: what is registered")
    check = commands.add_parser("check", help="validate the dialogue specs and catalogs, then exit")
    check.add_argument("--db", dest="stored", metavar="DATABASE",
                       help="also check the answers stored in this SQLite file or postgresql:// URL against the specs")
    export = commands.add_parser("export", help="print everything stored about a user as JSON")
    export.add_argument("--user", type=int, required=True)
    report = commands.add_parser("report", help="write a user's latest verdict as a PDF report")
    report.add_argument("--user", type=int, required=True)
    report.add_argument("--lang", choices=LANGUAGES, default=None)
    report.add_argument("--out", type=Path, default=None, help="PDF path (default: out/<name>.pdf)")
    diagram = commands.add_parser("diagram", help="print a dialogue's flow as a Mermaid state diagram")
    diagram.add_argument("dialog", help="assessment or checkin")
    bench = commands.add_parser("bench", help="measure speed and memory; prints a table")
    bench.add_argument("--smoke", action="store_true", help="a small, quick run (as in CI)")
    bench.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    bench.add_argument("--database", metavar="URL", default=None,
                       help="an empty PostgreSQL database's URL: the answer path is measured there too")
    bench.add_argument("--instances", type=int, default=0, metavar="N",
                       help="with --database: also through the webhooks of one and of N instance processes")
    backup = commands.add_parser("backup", help="copy the database to FILE, consistently, also while the bot runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    commands.add_parser("migrate", help="apply the database migrations this version has and the database lacks")
    copy = commands.add_parser("copy", help="copy the SQLite file to PostgreSQL, verified (moving a deployment)")
    copy.add_argument("--to", required=True, metavar="URL", help="the postgresql:// URL to copy to")
    copy.add_argument("--force", action="store_true", help="replace what the target database holds")
    delete = commands.add_parser("delete", help="erase everything stored about a user")
    delete.add_argument("--user", type=int, required=True)
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 2
    if args.command is None and not settings.token:  # `advisor` alone is the console chat, with its defaults
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "chat"])
    database = args.db or settings.database
    if is_url(args.db):  # what runs on PostgreSQL, whether from DATABASE_URL or --db, may run as several instances
        settings = replace(settings, database_url=args.db)
    command = args.command or "telegram"
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        level=logging.WARNING if command == "chat" else logging.INFO)
    # transitions logs every state change at INFO: far too chatty for operators.
    logging.getLogger("transitions").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per glyph subset in each PDF
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # two lines per reminder sweep, every minute
    if command == "bench":
        from bot.bench import run

        if args.instances and not args.database:
            parser.error("--instances needs --database (the instances share one PostgreSQL database)")
        return run(args.smoke, args.json, args.database, args.instances)
    if command == "check":
        from bot.app.checks import problems
        from bot.paths import dialogs_dir
        from bot.storage import redacted

        stored = args.stored
        found = problems(dialogs_dir(), stored)
        for problem in found:
            print(f"advisor: {problem}", file=sys.stderr)
        if found:
            print(f"{len(found)} problems found.", file=sys.stderr)
            return 2
        print("Dialogue specs valid, catalogs complete, every answer the code reads exists"
              + (f", every answer stored in {redacted(stored)} has its question and options." if stored else "."))
        return 0
    if command == "webhook":
        from bot.telegram.registration import run_webhook

        return run_webhook(settings, args.action)
    if command == "copy":
        from bot.app.operator import run_copy

        return run_copy(args.db or settings.db_path, args.to, args.force)
    if command == "migrate":
        from bot.app.operator import run_migrate

        return run_migrate(database)
    if command == "backup":
        from bot.app.operator import run_backup

        return run_backup(database, args.file, args.force)
    if command == "telegram" and (refusal := settings.webhook_refusal()):
        print(f"advisor: {refusal}", file=sys.stderr)
        return 2
    from bot.app import Services
    from bot.i18n import CatalogMissing
    from bot.storage import StorageError, alone, disk_warnings

    bot_on_file = command == "telegram" and not is_url(database)
    # Read before the file is opened (which creates a missing one), told once the bot is really starting.
    disk = disk_warnings(Path(database), os.environ) if bot_on_file else []

    try:
        # The bot alone holds the file for its life: a second one refuses to start. The console chat and
        # the one-shot commands need no such lock (SQLite lets them write beside it, one at a time).
        held = alone(Path(database)) if bot_on_file else None  # noqa: F841 (held until the process ends)
        services = Services.open(database)
    except (SpecError, StorageError, CatalogMissing) as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 2
    try:
        if command == "diagram":
            from bot.engine.dialogue import mermaid

            if args.dialog not in services.specs:
                print(f"advisor: no dialogue '{args.dialog}'; there are: {', '.join(sorted(services.specs))}",
                      file=sys.stderr)
                return 2
            print(mermaid(services.specs[args.dialog]), end="")
            return 0
        if command in ("export", "report", "delete"):
            from bot.app.operator import run_operator_command

            return run_operator_command(services, args)
        if command == "chat":
            from bot.app.verdicts import conclude
            from bot.console.chat import ConsoleChat

            chat = ConsoleChat(services, args.user, args.lang, conclude=conclude,
                               stdin=sys.stdin, stdout=sys.stdout, out_dir=args.out,
                               market=Market(args.country, args.region) if args.country else None)
            try:
                return chat.run()
            except KeyboardInterrupt:  # Ctrl-C: every answer given is already stored
                print(file=sys.stderr)
                return 130
            except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing left to say
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (stays open until exit)
                return 0
        if getattr(args, "webhook", False) and not settings.webhook_url:
            print("advisor: --webhook needs WEBHOOK_URL, the public HTTPS address Telegram posts updates to "
                  "(the 'web' process serves it on $PORT; use 'worker' to poll instead).", file=sys.stderr)
            return 2
        for warning in disk:
            logging.getLogger("bot.storage").warning(warning)
        from bot.telegram.run import run_telegram

        return run_telegram(settings, services)
    finally:
        services.close()
