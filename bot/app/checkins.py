"""KPI check-ins: starting one from the plan, their history, and the advice after each.

What the figures mean is decided in `bot.advisor.progress`; when check-ins
fall due, in `bot.app.schedules`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from babel.numbers import get_currency_symbol

from bot.advisor.figures import Checkin
from bot.advisor.progress import DECISION_POINTS, Advice, advise, decision_point, kpi_series
from bot.app import verdicts
from bot.app.callers import CHECKIN
from bot.app.conclusions import Attachment, Conclusion, drawn_later
from bot.app.schedules import local_zone
from bot.app.services import Services
from bot.app.verdicts import StoredVerdict, latest
from bot.engine import View
from bot.i18n import N_, _, current_currency, current_locale, pgettext, use_currency
from bot.i18n.numbers import babel_locale, format_date
from bot.i18n.unicode import file_name
from bot.render.progress import OWN_FIGURES, advice_messages, decisions_message, history_message, trend_chart
from bot.storage import Decision, Owed

DIALOG = CHECKIN
GOOGLE = "google_business"  # a Google profile is asked its views, calls, route requests and reviews
CSV_FIELDS = ("date", "network_1", "followers_1", "interactions_1", "messages_1", "views_1", "calls_1", "routes_1",
              "network_2", "followers_2", "interactions_2", "messages_2", "views_2", "calls_2", "routes_2", "reach",
              "reviews", "leads", "customers", "bookings", "returning", "revenue", "posts", "hours", "money", "note")
# The column headings of the CSV file, in the owner's language.
CSV_HEADINGS = {
    "date": N_("Date"),
    "network_1": N_("Network 1"),
    "followers_1": N_("Followers on network 1"),
    "interactions_1": N_("Comments, shares and likes on network 1"),
    "messages_1": N_("Messages on network 1"),
    "views_1": N_("Views of the Google profile (network 1)"),
    "calls_1": N_("Calls through the Google profile (network 1)"),
    "routes_1": N_("Route requests on the Google profile (network 1)"),
    "network_2": N_("Network 2"),
    "followers_2": N_("Followers on network 2"),
    "interactions_2": N_("Comments, shares and likes on network 2"),
    "messages_2": N_("Messages on network 2"),
    "views_2": N_("Views of the Google profile (network 2)"),
    "calls_2": N_("Calls through the Google profile (network 2)"),
    "routes_2": N_("Route requests on the Google profile (network 2)"),
    "reach": N_("People reached"),
    "reviews": N_("New reviews"),
    "leads": N_("Enquiries"),
    "customers": N_("New customers"),
    "bookings": N_("Bookings"),
    "returning": N_("Returning customers (%)"),
    "revenue": N_("Revenue ({currency})"),
    "posts": N_("Posts"),
    "hours": N_("Hours"),
    "money": N_("Tools and ads ({currency})"),
    "note": N_("Note"),
}


# ------------------------------------------------------------------ check-ins
def start(services: Services, user_id: int) -> View | None:
    """A new check-in on the networks of the owner's plan, asking for the figures since the last check-in (the
    verdict's day for the first); None unless the verdict calls for check-ins: a "not now" has no plan to
    measure, a "not ready" none yet."""
    stored = latest(services, user_id)
    plan = stored.verdict.plan if stored else None
    if stored is None or plan is None or not plan.networks or stored.verdict.follow_up.kind != "checkins":
        return None
    networks = [choice.network for choice in plan.networks]
    context = {f"network_{index}": network for index, network in enumerate(networks[:2], start=1)}
    done = history(services, user_id)
    context["since"] = (done[-1].at if done else stored.created_at).date().isoformat()
    followed = {kpi.code for kpi in stored.verdict.kpis} | ({"reviews"} if GOOGLE in networks[:2] else set())
    context |= {f"track_{code}": "yes" for code in ("reach", "reviews", "bookings", "returning") if code in followed}
    with use_currency(stored.verdict.currency):  # figures compared with the plan's, in its currency
        return services.engine.restart(user_id, DIALOG, context=context)


def none_yet(services: Services, user_id: int) -> bool:
    """Whether the owner has finished no check-in yet: the first one counts from the verdict."""
    return not services.store.finished_conversations(user_id, DIALOG)


def history(services: Services, user_id: int) -> list[Checkin]:
    """Every check-in the owner did, oldest first, whatever plan it measured; dated in the owner's zone, each
    knowing the one before it (the start of the period its figures cover)."""
    zone = local_zone(services, user_id)
    done: list[Checkin] = []
    for record in services.store.finished_conversations(user_id, DIALOG):
        if record.finished_at:
            done.append(Checkin(record.finished_at.astimezone(zone), services.store.answers(record.id),
                                done[-1].at if done else None))
    return done


def of_plan(stored: StoredVerdict, checkins: list[Checkin], until: datetime | None = None) -> list[Checkin]:
    """The check-ins that measured the plan of `stored` (until the next plan's start, if there is one): a
    re-assessment starts a new plan, with its own clock, costs and decision points, so the figures given for
    an earlier plan do not count towards it (though the first check-in's period starts at the one before)."""
    return [checkin for checkin in checkins
            if checkin.at >= stored.created_at and (until is None or checkin.at < until)]


def advice_at(services: Services, stored: StoredVerdict, checkins: list[Checkin]) -> Advice:
    """The advice after the last of `checkins` of the plan of `stored`, knowing whether the owner chose to change
    the way they act at an earlier decision point of that plan."""
    changed = [d.milestone for d in services.store.decisions(stored.user_id)
               if d.verdict_id == stored.id and d.chosen == "change" and d.decided_at <= checkins[-1].at]
    return advise(stored.verdict, stored.created_at, checkins, checkins[-1].at, changed[-1] if changed else None)


def previous_figure(services: Services, view: View) -> Any:
    """The owner's answer to the question of `view` at the last check-in ("same as last time"); none when that
    figure was about another network (a new plan may follow other networks)."""
    done = services.store.finished_conversations(view.conversation.user_id, DIALOG)
    if not done:
        return None
    last, question = services.store.answers(done[-1].id), view.question.id
    number = question.rpartition("_")[2]
    if number.isdigit() and last.get(f"network_{number}") != view.answers.get(f"network_{number}"):
        return None
    return last.get(question)


def conclude(services: Services, user_id: int, view: View) -> Conclusion:
    """The advice after a finished check-in, with the trend chart."""
    stored = latest(services, user_id)
    assert stored is not None, "a check-in starts only from a verdict"
    checkins = of_plan(stored, history(services, user_id))
    advice = advice_at(services, stored, checkins)
    with use_currency(stored.verdict.currency):
        messages = advice_messages(advice)
    return Conclusion(messages=messages, attachments=[trend(stored, checkins)])


def trend(stored: StoredVerdict, checkins: list[Checkin], caption: str = OWN_FIGURES) -> Attachment:
    """The chart of each KPI the verdict follows at every check-in, against its target, and of the new
    customers against those that pay for the plan: the figures the advice tells."""
    series = kpi_series(stored.verdict, stored.created_at, checkins)
    return Attachment("kpis.png", drawn_later(trend_chart, [c.at for c in checkins], series, caption), "photo",
                      _(caption))


def overview(services: Services, user_id: int) -> Conclusion | None:
    """The KPI history as text, the decisions taken, where the plan stands at its latest check-in (the advice
    given then: pace against each target, cost per enquiry and customer), and the chart; None before the
    first check-in."""
    stored = latest(services, user_id)
    checkins = history(services, user_id)
    if stored is None or not checkins:
        return None
    taken = decisions(services, user_id)
    measured = of_plan(stored, checkins)
    with use_currency(stored.verdict.currency):
        messages = [history_message(checkins), *([decisions_message(taken)] if taken else [])]
        if measured:
            advice = advice_at(services, stored, measured)
            heading = _("Where the plan stood at the check-in of {date}:",
                        date=format_date(measured[-1].at.date(), current_locale()))
            messages.append(heading + "\n\n" + advice_messages(advice)[0])
    return Conclusion(messages=messages, attachments=[trend(stored, measured)] if measured else [])


def history_csv(services: Services, user_id: int) -> bytes:
    """Every check-in as a CSV row under headings in the owner's language (UTF-8 with BOM, so spreadsheet
    programs read accents)."""
    buffer = io.StringIO()
    stored = latest(services, user_id)
    with use_currency(stored.verdict.currency if stored else None):
        symbol = get_currency_symbol(current_currency(), locale=babel_locale(current_locale()))
    csv.writer(buffer).writerow([_(CSV_HEADINGS[field], currency=symbol) for field in CSV_FIELDS])
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    for checkin in history(services, user_id):
        writer.writerow({**checkin.answers, "date": checkin.at.date().isoformat()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ------------------------------------------------------------------ decisions
CHOICES = ("continue", "change", "reevaluate")


@dataclass(frozen=True)
class DecisionDue:
    """A decision point reached at the latest check-in of the plan of verdict `verdict_id` (the owner's verdict
    `number`, made at `started`): when, and what the figures advise."""

    milestone: int
    advised: str
    verdict_id: int
    number: int
    started: datetime


@dataclass(frozen=True)
class Decided:
    """The decision kept at a point: the one just taken, or (`new` False) the one taken there before."""

    decision: Decision
    new: bool


def decision_due(services: Services, user_id: int) -> DecisionDue | None:
    """The six- or nine-month decision the owner should take now, after their latest check-in."""
    stored = latest(services, user_id)
    if stored is None or stored.verdict.follow_up.kind != "checkins":
        return None
    done = of_plan(stored, history(services, user_id))
    if not done:
        return None
    advice = advice_at(services, stored, done)
    point = decision_point(advice.months, _decided(services, stored))
    return None if point is None else DecisionDue(point, advice.choice, stored.id, stored.number, stored.created_at)


def decide(services: Services, user_id: int, number: int, milestone: int, chosen: str) -> Decided | None:
    """Store the owner's choice at `milestone` months of their plan `number` (the point a button names, however
    late it is tapped); None when that plan has not reached that point. A point decided already keeps its
    first decision."""
    due = point_of(services, user_id, number, milestone)
    if due is None or chosen not in CHOICES:
        return None
    new = services.store.record_decision(user_id, due.verdict_id, milestone, due.advised, chosen)
    return Decided(next(decision for decision in decisions(services, user_id)
                        if (decision.verdict_id, decision.milestone) == (due.verdict_id, milestone)), new)


def point_of(services: Services, user_id: int, number: int, milestone: int) -> DecisionDue | None:
    """Decision point `milestone` of the owner's plan `number`, with what the figures advised at the first
    check-in that reached it; None before it (or for a plan without check-ins)."""
    stored = verdicts.nth(services, user_id, number)
    if stored is None or stored.verdict.follow_up.kind != "checkins" or milestone not in DECISION_POINTS:
        return None
    following = verdicts.nth(services, user_id, number + 1)
    done = of_plan(stored, history(services, user_id), following.created_at if following else None)
    for last in range(1, len(done) + 1):
        advice = advice_at(services, stored, done[:last])
        if advice.months >= milestone:
            return DecisionDue(milestone, advice.choice, stored.id, number, stored.created_at)
    return None


def _decided(services: Services, stored: StoredVerdict) -> set[int]:
    return {d.milestone for d in services.store.decisions(stored.user_id) if d.verdict_id == stored.id}


def decision_owed(services: Services, owed: Owed) -> Decision | None:
    """The decision whose confirmation and news are owed (None if it is gone: erased)."""
    return services.store.decision(owed.ref)


def decisions(services: Services, user_id: int) -> list[Decision]:
    """Every decision of every plan, dated in the owner's zone."""
    zone = local_zone(services, user_id)
    return [replace(decision, decided_at=decision.decided_at.astimezone(zone))
            for decision in services.store.decisions(user_id)]


def history_table(services: Services, user_id: int) -> Attachment:
    """The CSV file of every check-in, named in the owner's language."""
    return Attachment(file_name(pgettext("file name", "check-ins"), "csv"), history_csv(services, user_id),
                      "document")
