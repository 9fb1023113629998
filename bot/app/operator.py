"""Operator commands on one user's data: export, report, delete."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path

from bot.app import verdicts
from bot.app.services import Services
from bot.i18n import DEFAULT_LANGUAGE, use_locale


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
