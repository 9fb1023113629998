"""Every inline keyboard the bot shows, built from translated labels and callback data."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app.rhythm import RHYTHMS
from bot.engine import Position, View
from bot.i18n import LANGUAGES, N_, _, current_currency, current_language, current_locale, use_currency, use_locale
from bot.i18n.markets import country_name, region_name, regions
from bot.i18n.numbers import AmbiguousNumber, NotANumber, format_money, format_number, parse_number
from bot.i18n.unicode import sort_key
from bot.render.clients import FILTERS
from bot.render.progress import DECIDED
from bot.render.questions import label
from bot.render.schedule import hour_text
from bot.render.values import quantity
from bot.render.verdict import day_name
from bot.spec import MONEY_UNITS, Kind, Option, Question
from bot.storage import Schedule
from bot.telegram.callbacks import ALL_CHECKINS, NEW, NO, YES, Action, encode

# Language names stay in their own language whatever the user reads, so they are not translated.
ENDONYMS = {"fr": "Français", "de": "Deutsch"}
CHECK = "✅"
HOURS = (8, 9, 10, 12, 14, 16, 18, 20)  # offered for check-ins


def button(text: str, action: Action, at: Position | None = None, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, at, value))


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[start:start + per_row]) for start in range(0, len(buttons), per_row)]


# ------------------------------------------------------------------ dialogue answers
def number_text(value: str) -> str:
    """A suggested number as the user would type it in their locale, in a form read back as that very
    number: '1.125' may be 1125 in Switzerland (the German way), so it goes as '1.1250'."""
    figure, locale = Decimal(value), current_locale()
    text = format_number(figure, locale, digits=6)
    return text if _reads_as(text, locale, figure) else text + "0"  # a 4th decimal is no thousands group


def _reads_as(text: str, locale: str, figure: Decimal) -> bool:
    try:
        return parse_number(text, locale) == figure
    except (AmbiguousNumber, NotANumber):
        return False


def _plain(value: float) -> str:
    """A figure as digits and a dot, never in exponent notation."""
    return format(Decimal(str(value)), "f")


def suggestion_label(unit: str | None, value: float) -> str:
    """A suggested figure short enough for a button: '1 500 €', '25 %', '3'."""
    return _suggestion_label(unit, value, current_locale(), current_currency())


@lru_cache(maxsize=1024)
def _suggestion_label(unit: str | None, value: float, locale: str, currency: str) -> str:
    """Cached: the same few figures are shown on every keyboard, and Babel's formatting is not free."""
    if unit in MONEY_UNITS:
        return format_money(value, locale, currency=currency)
    if unit == "percent":
        with use_locale(locale):
            return quantity(unit, value)
    return format_number(value, locale)


def _choice_rows(view: View) -> list[list[InlineKeyboardButton]]:
    return [[button(label(option), Action.PICK, view.position, option.id)] for option in view.options]


def _multi_rows(view: View) -> list[list[InlineKeyboardButton]]:
    rows = [[button(f"{CHECK} {label(option)}" if option.id in view.selection else label(option),
                    Action.TOGGLE, view.position, option.id)] for option in view.options]
    return [*rows, [button(_("Done"), Action.DONE, view.position)]]


def _number_rows(view: View) -> list[list[InlineKeyboardButton]]:
    question = view.question
    if not question.suggestions:
        return []
    return [[button(suggestion_label(question.unit, value), Action.NUMBER, view.position, _plain(value))
             for value in question.suggestions]]


_ANSWER_ROWS: dict[Kind, Callable[[View], list[list[InlineKeyboardButton]]]] = {
    Kind.CHOICE: _choice_rows, Kind.MULTI: _multi_rows, Kind.NUMBER: _number_rows,
    Kind.TEXT: lambda view: [], Kind.END: lambda view: [],
}


def question_keyboard(view: View, last: float | None = None) -> InlineKeyboardMarkup | None:
    """Buttons for the current question: options or suggestions (and `last` time's figure), then Back and Skip."""
    return _kept_keyboard(view, last)[0]


def question_keyboard_json(view: View, last: float | None = None) -> str | None:
    """The same buttons as the Bot API takes them (JSON), for a call that sends them as they are."""
    return _kept_keyboard(view, last)[1]


_KEPT_KEYBOARDS = 4096


def _kept_keyboard(view: View, last: float | None) -> tuple[InlineKeyboardMarkup | None, str | None]:
    """Kept per question, position, offer and language: owners at the same question see the same buttons,
    and building and serialising them was a sixth of an answer's time. Everything a button shows or
    carries is in the key (python-telegram-bot's objects are immutable, so one is safely shared)."""
    key = (view.spec.name, view.spec.version, view.position, tuple(option.id for option in view.options),
           view.selection, view.default is not None, bool(view.conversation.path), last, current_locale(),
           view.conversation.currency)
    kept = _keyboards.get(key)
    if kept is None:
        if len(_keyboards) >= _KEPT_KEYBOARDS:
            _keyboards.clear()
        with use_currency(view.conversation.currency):
            markup = _question_keyboard(view, last)
        kept = _keyboards[key] = (markup, json.dumps(markup.to_dict(), ensure_ascii=False) if markup else None)
    return kept


_keyboards: dict[tuple[object, ...], tuple[InlineKeyboardMarkup | None, str | None]] = {}


def _question_keyboard(view: View, last: float | None) -> InlineKeyboardMarkup | None:
    question, at = view.question, view.position
    rows = _ANSWER_ROWS[question.kind](view)
    if view.default is not None:  # a re-assessment: last time's answer (a whole selection) in one tap
        rows.insert(0, [button("↩️ " + _("Same as last time"), Action.SAME, at)])
    if question.kind is Kind.NUMBER and last is not None:
        rows.append([button(_("Same as last time: {figure}", figure=suggestion_label(question.unit, last)),
                            Action.NUMBER, at, _plain(last))])
    moves = []
    if view.conversation.path:
        moves.append(button("⬅️ " + _("Back"), Action.BACK, at))  # not in an f-string, or Babel misses the text
    if question.optional:
        moves.append(button(_("Skip") + " ⏭️", Action.SKIP, at))
    if moves:
        rows.append(moves)
    return InlineKeyboardMarkup(rows) if rows else None


def restart_keyboard(view: View) -> InlineKeyboardMarkup:
    """Confirm or cancel starting again; valid only while the dialogue has not moved."""
    return InlineKeyboardMarkup([[
        button(_("Yes, start again"), Action.RESTART, view.position, YES),
        button(_("No, carry on"), Action.RESTART, view.position, NO),
    ]])


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(ENDONYMS[code], Action.LANGUAGE, value=code) for code in LANGUAGES]])


ROW_WIDTH = {1: 35, 2: 16, 3: 10}  # characters a label may have in a row of that many buttons on a phone


def _packed(buttons: Sequence[InlineKeyboardButton], most: int = 2) -> list[list[InlineKeyboardButton]]:
    """Up to `most` buttons to a row, in order, as long as every label in the row fits its share of the width."""
    rows: list[list[InlineKeyboardButton]] = []
    for pressable in buttons:
        row = rows[-1] if rows else []
        if row and len(row) < most and all(len(each.text) <= ROW_WIDTH[len(row) + 1] for each in (*row, pressable)):
            row.append(pressable)
        else:
            rows.append([pressable])
    return rows


def country_keyboard(countries: Sequence[str], guess: str) -> InlineKeyboardMarkup:
    """The countries offered, the likeliest first (marked), named in the reader's language."""
    ordered = [guess, *(country for country in countries if country != guess)]
    return InlineKeyboardMarkup(_packed([
        button(f"{CHECK} {country_name(country, current_locale())}" if country == guess
               else country_name(country, current_locale()), Action.COUNTRY, value=country)
        for country in ordered]))


def region_keyboard(country: str) -> InlineKeyboardMarkup:
    """The country's regions in alphabetical order of their names, after a button for none in particular."""
    names = sorted(((region_name(country, region, current_language()), region) for region in regions(country)),
                   key=lambda named: sort_key(named[0]))
    return InlineKeyboardMarkup([
        [button(_("Skip") + " ⏭️", Action.REGION, value=f"{country}:")],
        *_packed([button(name, Action.REGION, value=f"{country}:{region}") for name, region in names])])


# ------------------------------------------------------------------ check-in schedule
def weekday_rows(every: str) -> list[list[InlineKeyboardButton]]:
    """The seven weekdays, three to a row, each carrying the rhythm chosen before."""
    return _rows([button(day_name(day), Action.WEEKDAY, value=f"{every}:{day}") for day in range(7)], 3)


def weekday_keyboard(every: str, decline: str | None = None) -> InlineKeyboardMarkup:
    """The weekdays for `every`; with `decline`, a last button that stops check-ins."""
    rows = weekday_rows(every)
    if decline:
        rows.append([button(decline, Action.SCHEDULE, value="stop")])
    return InlineKeyboardMarkup(rows)


def hour_keyboard(every: str, weekday: int) -> InlineKeyboardMarkup:
    """Hours of the working day, four to a row, each carrying the rhythm and weekday chosen before."""
    return InlineKeyboardMarkup(_rows([button(hour_text(hour), Action.HOUR, value=f"{every}:{weekday}:{hour}")
                                       for hour in HOURS], 4))


def _rhythm(rhythm_question: Question, every: str) -> Option:
    """The question's option for a rhythm; `advisor check` makes sure the spec offers every one."""
    option = rhythm_question.option(every)
    if option is None:
        raise LookupError(f"question {rhythm_question.id!r} offers no rhythm {every!r}")
    return option


def schedule_keyboard(rhythm_question: Question, schedule: Schedule | None) -> InlineKeyboardMarkup:
    """A button per rhythm (worded as in the assessment), then pause or resume, and stop, unless stopped."""
    rows = [[button(label(_rhythm(rhythm_question, every)), Action.RHYTHM, value=every)] for every in RHYTHMS]
    if schedule is not None and schedule.status != "stopped":
        toggle = button("⏸️ " + _("Pause"), Action.SCHEDULE, value="pause") \
            if schedule.status in ("active", "asked") \
            else button("▶️ " + _("Resume"), Action.SCHEDULE, value="resume")
        rows.append([toggle, button("⏹️ " + _("Stop"), Action.SCHEDULE, value="stop")])
    return InlineKeyboardMarkup(rows)


def resume_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button("▶️ " + _("Resume reminders"), Action.SCHEDULE, value="resume")]])


def reminder_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [button("▶️ " + _("Start the check-in"), Action.REMINDER, value="start")],
        [button("⏰ " + _("Remind me tomorrow"), Action.REMINDER, value="tomorrow")],
        [button("⏭️ " + _("Skip this period"), Action.REMINDER, value="skip")],
    ])


# ------------------------------------------------------------------ sharing and data rights
def access_keyboard(people: Sequence[tuple[str, str]], links: Sequence[str]) -> InlineKeyboardMarkup:
    """A Revoke button per consultant shown (token, name), a Cancel button per open link (its token; numbered as
    in the list), then one for a new link."""
    rows = [[button(_("Revoke access of {name}", name=name), Action.ACCESS, value=token)]
            for token, name in people]
    rows += _rows([button(_("Cancel link {number}", number=number), Action.INVITES, value=token)
                   for number, token in enumerate(links, start=1)], 2)
    rows.append([button("➕ " + _("New invitation link"), Action.INVITES, value=NEW)])
    return InlineKeyboardMarkup(rows)


def invitation_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button("✅ " + _("Accept"), Action.INVITATION, value=YES),
                                  button(_("Decline"), Action.INVITATION, value=NO)]])


def clients_keyboard(people: Sequence[tuple[int, str, str]], chosen: str, page: int, pages: int
                     ) -> InlineKeyboardMarkup:
    """A button per client on the page (number, token, name) that opens their file, the pages before and after,
    and the filters, the chosen one ticked."""
    rows = _rows([button(f"{number}. {name}", Action.CLIENT, value=token) for number, token, name in people], 2)
    turns = [button(arrow, Action.TRIAGE, value=f"{chosen}:{to}")
             for arrow, to in (("◀️", page - 1), ("▶️", page + 1)) if 0 <= to < pages]
    rows += [turns] if turns else []
    rows += _rows([button(("✓ " if name == chosen else "") + _(FILTERS[name]), Action.TRIAGE, value=f"{name}:0")
                   for name in FILTERS], 2)
    rows.append([button("📄 " + _("All check-ins (CSV)"), Action.TRIAGE, value=ALL_CHECKINS)])
    return InlineKeyboardMarkup(rows)


# The details of a client's file, as the buttons under its summary name them.
FILE_LABELS = {"verdict": N_("Verdict"), "answers": N_("Answers"), "checkins": N_("Check-ins"),
               "decisions": N_("Decisions"), "plan": N_("Where the plan stands"), "chart": N_("Chart"),
               "report": N_("Report (PDF)"), "followup": N_("Follow-up (PDF)"), "csv": N_("Check-ins (CSV)")}


def file_keyboard(token: str, details: Sequence[str]) -> InlineKeyboardMarkup:
    """A button per detail the client's file offers; `token` stands for the client."""
    return InlineKeyboardMarkup(_rows([button(_(FILE_LABELS[key]), Action.FILE, value=f"{token}:{key}")
                                       for key in details], 2))


def news_keyboard(token: str, on: bool) -> InlineKeyboardMarkup:
    """The one button that turns a client's news off (if on) or on: it says which, so a second tap changes nothing."""
    if on:
        return InlineKeyboardMarkup([[button("🔕 " + _("Stop these messages"), Action.NOTIFY, value=f"{token}:off")]])
    return InlineKeyboardMarkup([[button("🔔 " + _("Yes, tell me"), Action.NOTIFY, value=f"{token}:on")]])


def digest_keyboard() -> InlineKeyboardMarkup:
    """Have the digest daily or weekly (the hour is asked next), or not at all."""
    return InlineKeyboardMarkup([[button(_("Daily"), Action.DIGEST, value="daily"),
                                  button(_("Weekly"), Action.DIGEST, value="weekly"),
                                  button(_("No digest"), Action.DIGEST, value="off")]])


def digest_hours_keyboard(every: str) -> InlineKeyboardMarkup:
    """The hours a daily or weekly digest can come at."""
    return InlineKeyboardMarkup(_rows([button(hour_text(hour), Action.DIGEST, value=f"{every}:{hour}")
                                       for hour in HOURS], 4))


def erase_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(_("Yes, delete everything"), Action.ERASE, value=YES),
                                  button(_("No, keep it"), Action.ERASE, value=NO)]])


# The verdict's details, as the buttons under its summary name them (short: two or three fit a row).
DETAIL_LABELS = {"change": N_("Change first"), "why": N_("Why"), "tests": N_("Tests"), "plan": N_("Plan"),
                 "week": N_("Week"), "money": N_("Costs"), "kpis": N_("Figures"), "instead": N_("Instead"),
                 "compare": N_("Compared")}


def details_keyboard(number: int, keys: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per detail section of the owner's verdict `number`; each sends that section."""
    return InlineKeyboardMarkup(_packed([button(_(DETAIL_LABELS[key]), Action.DETAIL, value=f"{number}:{key}")
                                         for key in keys], most=3))


def decision_keyboard(number: int, milestone: int) -> InlineKeyboardMarkup:
    """The method's three choices at decision point `milestone` of the owner's plan `number`, one per row (they
    are sentences), each naming its point; a late tap still decides that point."""
    return InlineKeyboardMarkup([[button(_("{choice} ({months} months)", choice=_(DECIDED[choice]), months=milestone),
                                         Action.DECISION, value=f"{number}:{milestone}:{choice}")]
                                 for choice in DECIDED])
