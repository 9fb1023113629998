"""A client's whole story for the consultant: one screen first, every detail on demand, the follow-up PDF to
file, and one CSV of all her clients' check-ins.

Every function checks that the owner shares with the consultant now; all
figures come from the one judgement (`advise`) the owner is given too.
"""

from __future__ import annotations

import csv
import io

from babel.numbers import get_currency_symbol

from bot.app import checkins, portfolio, sharing, verdicts
from bot.app.callers import ASSESSMENT
from bot.app.conclusions import Attachment, Conclusion, drawn_later
from bot.app.consultants import answers_of, profile
from bot.app.services import Services
from bot.i18n import N_, _, current_locale, pgettext, use_currency
from bot.i18n.numbers import babel_locale, format_date
from bot.i18n.unicode import file_name
from bot.render.clients import CLIENT_FIGURES, answers_message, decisions_list, file_summary, person, standing_message
from bot.render.follow_up_report import PlanStory, follow_up_pdf
from bot.render.progress import history_message
from bot.render.report import business_name

# What a button under the summary opens, in the order shown; each is offered only when there is something.
REPORT_CAPTION = N_("The client's report, as they received it")
DETAILS = ("verdict", "answers", "checkins", "decisions", "plan", "chart", "report", "followup", "csv")


def summary(services: Services, consultant_id: int, owner_id: int) -> tuple[str, tuple[str, ...]] | None:
    """The one screen a client's file opens on, and the details it offers; None without access now."""
    if not sharing.can_view(services, consultant_id, owner_id):
        return None
    standing = portfolio.standing(services, owner_id, services.now())
    stored = verdicts.latest(services, owner_id)
    done = checkins.history(services, owner_id)
    offered = {"verdict": stored is not None, "answers": True, "checkins": bool(done),
               "decisions": bool(checkins.decisions(services, owner_id)),
               "plan": standing.advice is not None, "chart": standing.advice is not None,
               "report": stored is not None, "followup": stored is not None, "csv": bool(done)}
    made = format_date(stored.created_at.date(), current_locale()) if stored else None
    return (file_summary(standing, services.specs[ASSESSMENT], made),
            tuple(key for key in DETAILS if offered[key]))


def detail(services: Services, consultant_id: int, owner_id: int, key: str) -> Conclusion | None:
    """One detail of the client's file, in the consultant's language and the client's currency."""
    if not sharing.can_view(services, consultant_id, owner_id) or key not in DETAILS:
        return None
    stored = verdicts.latest(services, owner_id)
    done = checkins.history(services, owner_id)
    measured = checkins.of_plan(stored, done) if stored else []
    answers, currency = answers_of(services, owner_id)
    with use_currency(currency):
        if key == "answers":
            return Conclusion([answers_message(services.specs[ASSESSMENT], answers)])
        if key == "checkins" and done:
            return Conclusion([_("Plan {number}, verdict of {date}", number=story.number,
                                 date=format_date(story.made.date(), current_locale()))
                               + "\n" + history_message(list(story.checkins), N_("Check-ins:"))
                               for story in plans(services, owner_id) if story.checkins])
        if key == "decisions" and (taken := checkins.decisions(services, owner_id)):
            return Conclusion([decisions_list(taken)])
        if key == "csv" and done:
            return Conclusion([], [checkins.history_table(services, owner_id)])
        if stored is None:
            return None
        if key == "verdict":  # quoted as the owner received it, word for word, under a heading that says so
            quoted = _("The verdict as {name} received it:", name=person(profile(services, owner_id).name))
            return Conclusion([quoted, *verdicts.show(services, stored).messages],
                              [verdicts.report(services, stored, caption=REPORT_CAPTION)])
        if key == "report":
            return Conclusion([], [verdicts.report(services, stored, caption=REPORT_CAPTION)])
        if key == "followup":
            return Conclusion([], [follow_up(services, owner_id)])
        if not measured:
            return None
        if key == "plan":
            advice = checkins.advice_at(services, stored, measured)
            return Conclusion([standing_message(advice, format_date(measured[-1].at.date(), current_locale()))])
        return Conclusion([], [checkins.trend(stored, measured, CLIENT_FIGURES)])


def plans(services: Services, owner_id: int) -> list[PlanStory]:
    """Every assessment of the owner, oldest first, each with its check-ins and where its plan stood at the
    last of them."""
    done = checkins.history(services, owner_id)
    stories: list[PlanStory] = []
    number = 1
    while (stored := verdicts.nth(services, owner_id, number)) is not None:
        following = verdicts.nth(services, owner_id, number + 1)
        measured = [c for c in checkins.of_plan(stored, done) if following is None or c.at < following.created_at]
        advice = checkins.advice_at(services, stored, measured) \
            if measured and stored.verdict.plan is not None and stored.verdict.costs is not None else None
        stories.append(PlanStory(number, stored.verdict, stored.created_at, advice, tuple(measured)))
        number += 1
    return stories


def follow_up(services: Services, owner_id: int) -> Attachment:
    """The follow-up PDF of a client who has a verdict (the caller checked access)."""
    stories = plans(services, owner_id)
    latest = stories[-1]
    answers, _currency = answers_of(services, owner_id)
    name = business_name(answers) or person(profile(services, owner_id).name)
    now = services.now().astimezone(latest.made.tzinfo)
    standing = portfolio.standing(services, owner_id, services.now())
    draw = drawn_later(follow_up_pdf, name, standing, stories, checkins.decisions(services, owner_id), now)
    kind = pgettext("file name", "follow-up")
    return Attachment(file_name(f"{kind} {name}", "pdf", suffix=f"{now:%Y-%m-%d}"),
                      draw, "document", _("Follow-up of {name}, to file", name=name))


def portfolio_csv(services: Services, consultant_id: int) -> Attachment:
    """Every check-in of every client who shares with the consultant, one row each, headings in her language;
    each row says its client, plan and currency (UTF-8 with BOM, so spreadsheet programs read accents)."""
    owners = [link.owner_id for link in services.store.clients_of(consultant_id)]
    rows, currencies = [], set()
    for owner_id in owners:
        stories = plans(services, owner_id)
        answers, _currency = answers_of(services, owner_id)
        for story in stories:
            currencies.add(story.verdict.currency)
            rows += [{**checkin.answers, "client": profile(services, owner_id).name or "",
                      "business": business_name(answers) or "", "plan": story.number,
                      "currency": story.verdict.currency, "date": checkin.at.date().isoformat()}
                     for checkin in story.checkins]
    locale = babel_locale(current_locale())
    symbols = "/".join(sorted(get_currency_symbol(code, locale=locale) for code in currencies)) or "–"
    fields = ("client", "business", "plan", "currency", *checkins.CSV_FIELDS)
    headings = {"client": _("Client"), "business": _("Business"), "plan": _("Plan"), "currency": _("Currency")}
    buffer = io.StringIO()
    csv.writer(buffer).writerow([headings.get(field) or _(checkins.CSV_HEADINGS[field], currency=symbols)
                                 for field in fields])
    csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore").writerows(rows)
    return Attachment(file_name(pgettext("file name", "clients' check-ins"), "csv"),
                      ("\ufeff" + buffer.getvalue()).encode("utf-8"), "document")
