"""The owner's data rights: a copy of everything stored, and erasing it all."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.app import sharing, verdicts
from bot.app.conclusions import Attachment
from bot.app.services import Services
from bot.i18n import pgettext
from bot.i18n.unicode import file_name


@dataclass(frozen=True)
class Erased:
    """Who was erased, as others knew them, and the consultants who had access (to be told)."""

    name: str | None
    consultants: list[int]


def export(services: Services, user_id: int) -> list[Attachment]:
    """Everything stored about the user as a JSON file, and the PDF report if there is a verdict."""
    data = json.dumps(services.store.export_user(user_id), ensure_ascii=False, indent=2).encode("utf-8")
    files = [Attachment(file_name(pgettext("file name", "my-data"), "json"), data, "document")]
    stored = verdicts.latest(services, user_id)
    if stored is not None:
        files.append(verdicts.report(services, stored))
    return files


def erase(services: Services, user_id: int) -> Erased:
    """Delete every row about the user (one audit line of the deletion stays)."""
    user = services.store.user(user_id)
    erased = Erased(user.name if user else None, sharing.consultants(services, user_id))
    services.store.delete_user(user_id)
    return erased
