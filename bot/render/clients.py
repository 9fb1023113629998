"""An owner as a consultant sees them: a line in the list of clients, and their answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.i18n import _, current_locale
from bot.i18n.numbers import format_date
from bot.i18n.unicode import isolated
from bot.render import verdict_texts as texts
from bot.render.document import labelled
from bot.render.values import answer, asked, option_label, wording
from bot.spec import Spec, known

if TYPE_CHECKING:
    from bot.app.consultants import Client


def person(name: str | None) -> str:
    """A person's name as others are shown it (Telegram may give none), isolated from the text around it."""
    return isolated(name) if name else _("(no name)")


def client_title(client: Client, spec: Spec) -> str:
    """The owner's name, then their business's name and line of business, where they gave them."""
    sector = spec.questions[known.SECTOR].option(client.sector) if client.sector else None
    about = [part for part in (client.business and isolated(client.business), option_label(sector) if sector else None)
             if part]
    return person(client.name) + (f" — {', '.join(about)}" if about else "")


def client_heading(client: Client, spec: Spec) -> str:
    """Name and sector, then the latest verdict's headline and the last check-in's date."""
    lines = [client_title(client, spec)]
    lines.append(_(texts.HEADLINES[client.headline]) if client.headline else _("No verdict yet."))
    lines.append(labelled(_("Last check-in"), format_date(client.last_checkin.date(), current_locale()))
                 if client.last_checkin else _("No check-in yet."))
    return "\n".join(lines)


def answers_message(spec: Spec, answers: Mapping[str, Any]) -> str:
    """Every answer given, question by question, in the order asked."""
    lines = [_("Answers:")]
    for question, value in asked(spec, answers):
        lines += [f"• {wording(question)}", f"  → {answer(question, value)}"]
    return "\n".join(lines) if answers else _("No answers yet.")
