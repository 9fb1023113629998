"""What a consultant is told of her clients: the digest, the notices that cannot wait, and her digest's rhythm.

Each item carries the client's triage entry (advice, new customers against
break-even, cost against plan, decision, silence), never only a pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from babel.dates import get_day_names
from babel.lists import format_list

from bot.i18n import N_, _, current_locale, ngettext
from bot.i18n.numbers import babel_locale, format_date
from bot.render.clients import ADVISED, HEADLINES, person, triage_entry
from bot.render.schedule import hour_text, moment_text
from bot.spec import Spec
from bot.storage import Decision, Digest

if TYPE_CHECKING:
    from bot.app.digests import Change
    from bot.app.portfolio import Standing

RHYTHMS = {
    "daily": N_("every working day at {time}"),
    "weekly": N_("every {weekday} at {time}"),
}


def digest_message(changes: Sequence[Change], since: datetime, spec: Spec) -> str:
    """What changed among the clients since `since` (a day on the consultant's wall clock), most urgent first."""
    lines = ["🗞 " + _("What changed among your clients since {date}:",
                      date=format_date(since.date(), current_locale()))]
    lines += [triage_entry(number, change.standing, spec) + "\n   " + _("New: {news}", news=_news(change))
              for number, change in enumerate(changes, start=1)]
    return "\n\n".join(lines)


def _news(change: Change) -> str:
    news = [_("shares with you")] if change.new_client else []
    if change.new_verdict and change.standing.client.headline:
        news.append(_("a new assessment ({headline})", headline=_(HEADLINES[change.standing.client.headline])))
    if change.checkins:
        news.append(ngettext("{n} check-in", "{n} check-ins", change.checkins))
    news += [_("decided at {months} months: {choice}", months=d.milestone, choice=_(ADVISED[d.chosen]))
             for d in change.decisions]
    return format_list(news, locale=babel_locale(current_locale()))


def decision_notice(standing: Standing, decision: Decision, spec: Spec) -> str:
    """A client took the six- or nine-month decision: which, against what was advised, with their figures."""
    return "✔️ " + _("{name} decided at {months} months: {choice} (advised: {advised}).",
                     name=person(standing.client.name), months=decision.milestone,
                     choice=_(ADVISED[decision.chosen]), advised=_(ADVISED[decision.advised])) \
        + "\n\n" + triage_entry(1, standing, spec)


def overdue_notice(standing: Standing, spec: Spec) -> str:
    """A client's decision point passed a month ago or more without a decision."""
    assert standing.decision is not None
    return "⏰ " + _("The {months}-month decision of {name} is overdue.", months=standing.decision.milestone,
                     name=person(standing.client.name)) + "\n\n" + triage_entry(1, standing, spec)


WENT_QUIET = N_("{name} has not answered the last three check-in reminders. I have asked whether to pause them, "
                "change their rhythm or stop them.")


def quiet_notice(standing: Standing, spec: Spec) -> str:
    """A client left the last three check-in reminders unanswered and was asked whether to go on."""
    return "🔕 " + _(WENT_QUIET, name=person(standing.client.name)) \
        + "\n\n" + triage_entry(1, standing, spec)


def digest_text(digest: Digest | None, zone: str, weekly_on: int) -> str:
    """The consultant's digest in words: its rhythm (a weekly one on day `weekly_on`, 0 = Monday) and the next
    one, or that there is none."""
    if digest is None or digest.every == "off":
        return _("No digest: you hear only of decisions taken or overdue.")
    weekday = get_day_names("wide", locale=babel_locale(current_locale()))[weekly_on]
    rhythm = RHYTHMS[digest.every]
    return _("Your digest comes {rhythm} ({zone}). Next one: {when}.",
             rhythm=_(rhythm, weekday=weekday, time=hour_text(digest.hour)), zone=zone,
             when=moment_text(digest.next_due_at, zone))
