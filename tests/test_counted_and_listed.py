"""Counted words agree with their count, lists read as lists, and a concept has one name on every screen.

Checked in both languages and in every regional catalog, since a regional entry
(fr_CA's "plage horaire") can lose a plural form or a list's shape the
language's catalog has.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from cases import PAINTER

from bot.advisor import assess
from bot.i18n import LANGUAGES, _, ngettext, use_locale
from bot.i18n.catalogs import regional_locales
from bot.paths import locales_dir
from bot.render import verdict_texts as texts
from bot.render.values import answer, listed, network_name, on_network, option_label
from bot.render.verdict import next_steps

LOCALES = (*LANGUAGES, *regional_locales())
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A figure before the word it counts: "{posts} posts", "{number} hours".
COUNT_BEFORE_WORD = re.compile(r"\{(n|number|count|posts|days|weeks|months|customers|leads|length|people)\} "
                               r"(?!(a|an|at|in|of|per|from|or|and|to|since)\b)[a-z]")
MILESTONES = "decisions at 6 and 9 months"
LABEL_FIRST = "'Demandes 1', 'Anfragen 1': each figure after its label in both languages"
# Counts that are never one, or that both languages write after a label: each with why.
SINGULAR_ONLY = {
    "At {months} months, {name} decided {choice}. Send /clients to see the figures.": MILESTONES,
    "{months} months since your plan of {date} started: time to decide, as the method says. Your figures advise: "
    "{advice} What will you do?": MILESTONES,
    "At {months} months, {date}": MILESTONES,
    "At {months} months you chose to change the way you act. Your figures show where:": MILESTONES,
    "Already decided at {months} months: {choice}.": MILESTONES,
    "Noted for {months} months: {choice}. You will find it in /kpis, with your figures.": MILESTONES,
    "{choice} ({months} months)": MILESTONES,
    "That is {length} characters; please keep it to {limit}.": "only said above the limit",
    "Forward this link to your consultant. It works once, within {days} days:": "a fixed week",
    "With {value} per new customer, {customers} new customers a month pay for it.":
        "one or fewer is said by its own plural message",
    "With {value} per new customer, {customers} new customers a month pay for it, that is about {leads} enquiries "
    "at {rate}.": "one or fewer is said by its own plural message",
    "So far: {cost} spent, {leads} enquiries, {customers} new customers.": LABEL_FIRST,
    "So far: {leads} enquiries, {customers} new customers; the cost cannot be told without your hours.": LABEL_FIRST,
    "An enquiry is judged by your own figures: {customers} new customers from {leads} enquiries, not an assumed "
    "rate.": LABEL_FIRST,
    "At {months} months the client chose to change the way they act. The figures show where:": MILESTONES,
    "decided at {months} months: {choice}": MILESTONES,
    "{name} decided at {months} months: {choice} (advised: {advised}).": MILESTONES,
    "What plan {number} achieved": "a plan's number, not a count",
    "So far: {leads} enquiries, {customers} new customers; the cost cannot be told without the client's hours.":
        LABEL_FIRST,
    "An enquiry is judged by the client's own figures: {customers} new customers from {leads} enquiries, not an "
    "assumed rate.": LABEL_FIRST,
    "{count} small points of the tests are still open: too many to fix along the way.":
        "said only above ALONG_THE_WAY_AT_MOST (2)",
}


def template():
    with open(locales_dir() / "messages.pot", "rb") as pot:
        return read_po(pot)


def counted_messages():
    return [message for message in template() if message.id and message.pluralizable]


def test_every_figure_before_the_word_it_counts_is_a_plural_message():
    """A count given to `_()` reads "1 publications": it must go through ngettext."""
    singular_only = [message.id for message in template()
                     if message.id and not message.pluralizable and COUNT_BEFORE_WORD.search(message.id)
                     and message.id not in SINGULAR_ONLY]
    assert singular_only == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("message", counted_messages(), ids=lambda message: message.id[0][:40])
def test_every_counted_message_reads_for_one_and_for_two(locale, message):
    singular, plural = message.id
    names = set(PLACEHOLDER.findall(plural)) - {"n"}
    with use_locale(locale):
        one, two = (ngettext(singular, plural, count, **dict.fromkeys(names, count)) for count in (1, 2))
    assert "{" not in one + two and one != two
    assert "2" in two and ("1" in one or "{n}" not in singular and not names), "the count is shown"


@pytest.mark.parametrize(("locale", "one", "three"), [
    ("fr", "Commencez sur Facebook\u00a0: une publication par semaine sur votre créneau",
     "Commencez sur Facebook et sur votre fiche Google\u00a0: 3 publications par semaine"),
    ("fr_CA", "une publication par semaine dans votre plage horaire", "3 publications par semaine dans votre plage"),
    ("de", "Starten Sie auf Facebook: einen Beitrag pro Woche",
     "Starten Sie auf Facebook und in Ihrem Google-Unternehmensprofil: 3 Beiträge pro Woche"),
    ("de_CH", "einen Beitrag pro Woche", "3 Beiträge pro Woche"),
])
def test_the_first_step_counts_its_posts_and_names_each_network_as_the_language_does(locale, one, three):
    """The painter starts on Facebook with one post a week, or on Facebook and his Google profile with three and
    more hours: the first step names only the networks the week posts on."""
    weekly, more = assess(PAINTER), assess({**PAINTER, "frequency": "few_weekly", "hours_plan": 4})
    with use_locale(locale):
        first = [next_steps(verdict)[0].text for verdict in (weekly, more)]
    assert one in first[0] and three in first[1]


def outside_brackets(text: str) -> str:
    """The list without what brackets or quotation marks hold: a quoted test title is one name, commas and all."""
    return re.sub(r"\([^)]*\)|«[^»]*»|„[^“]*“", "", text)


LISTS = {"tests": texts.TESTS_LISTED, "kpis": texts.KPIS_LISTED, "factors": texts.FACTORS_LISTED}
AND = {"fr": " et ", "de": " und "}


def threes(names: list[str]):
    """Every name once, in lists of three: [a, b, c], [b, c, d], ..."""
    return [names[i:i + 3] for i in range(len(names) - 2)] or [names]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", LISTS)
def test_a_list_of_three_names_reads_as_three(locale, kind):
    """No name has a comma or an "and" of its own (outside brackets); French writes them in lower case."""
    language = locale[:2]
    with use_locale(locale):
        names = [_(message) for message in LISTS[kind].values()]
        for three in threes(names):
            text = outside_brackets(listed(three))
            assert text.count(", ") == 1 and text.count(AND[language]) == 1, text
    if language == "fr":
        assert [name for name in names if name[0].isupper()] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_network_places_read_as_a_list(locale):
    with use_locale(locale):
        text = listed(on_network(code) for code in ("google_business", "facebook", "instagram"))
    expected = {"fr": "sur votre fiche Google, sur Facebook et sur Instagram",
                "de": "in Ihrem Google-Unternehmensprofil, auf Facebook und auf Instagram"}
    assert text == expected[locale[:2]]


# Codes a question offers as options and the verdict, the plan and the check-ins name again.
NAMED_AGAIN = {"success_factors": texts.FACTORS, "kpis": texts.KPIS}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("question", NAMED_AGAIN)
def test_a_code_has_one_name_on_the_button_and_in_the_verdict(specs, locale, question):
    asked = specs["assessment"].questions[question]
    with use_locale(locale):
        two_names = {code: (option_label(asked.option(code)), _(name))
                     for code, name in NAMED_AGAIN[question].items()
                     if option_label(asked.option(code)) != _(name)}
    assert two_names == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_factors_names_sit_in_a_list_too(locale):
    """Factors whose ideas overlap share one label ("Conseils d'expert et qualité du travail")."""
    with use_locale(locale):
        names = [outside_brackets(_(name)) for name in texts.FACTORS.values()]
    assert [name for name in names if AND[locale[:2]] in name or ", " in name] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_a_network_the_owner_uses_today_is_named_as_the_plan_names_it(specs, locale):
    """'X (Twitter)' may say more on its button, but never another name ('Fiche d'établissement' for 'Fiche Google')."""
    asked = specs["assessment"].questions["networks_now"]
    with use_locale(locale):
        other = [option_label(option) for option in asked.options
                 if option.id in texts.NETWORKS and not option_label(option).startswith(network_name(option.id))]
    assert other == []


@pytest.mark.parametrize("locale, given", [
    ("fr", "L'offre ou le menu du jour\u00a0; L'équipe et les coulisses\u00a0; Actus, événements, nouveautés"),
    ("de", "Tagesangebot oder Tageskarte; Das Team hinter den Kulissen; Aktuelles, Aktionen, Neuheiten"),
])
def test_options_with_commas_of_their_own_are_told_apart_in_an_answer(specs, locale, given):
    """Review of 2026-12-07, item 13: "Actus, événements, nouveautés" joined with commas to the other options."""
    with use_locale(locale):
        assert answer(specs["assessment"].questions["content"], ["offers", "team", "news"]) == given
