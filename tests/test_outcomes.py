"""One judgement, every reader: the owner's chat, the console, the PDF and the consultant's file say the same."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from cases import BUTCHER, PAINTER_NOT_NOW, SALON, VILLAGE_SALON_OLDER, WANTS_SALES_NEXT_MONTH
from pypdf import PdfReader

from bot.advisor import assess
from bot.advisor.model import Reason
from bot.app import Services, sharing, stories, verdicts
from bot.i18n import _, use_locale
from bot.render import verdict_texts as texts
from bot.render.document import Mark, labelled
from bot.render.verdict import reason_text

NOW = datetime(2027, 2, 1, 10, tzinfo=UTC)
OWNER, CONSULTANT = 101, 202


def words(text: str) -> str:
    return " ".join(text.split())


def _with(language: str, message: str) -> str:
    with use_locale(language):
        return _(message)


def owner_and_consultant(answers: dict, language: str) -> tuple[list[str], list[str], list[str]]:
    """What the owner and their consultant read of one finished assessment: the owner's messages, the
    consultant's, and the text of each one's PDF report."""
    services = Services.open(None, clock=lambda: NOW)
    for user in (OWNER, CONSULTANT):
        services.store.ensure_user(user, language=language)
    spec = services.specs["assessment"]
    started = services.store.start_conversation(OWNER, spec.name, spec.version, spec.start, context=dict(answers))
    services.store.save_step(started, state="done", path=tuple(answers), finished=True)
    view = services.engine.view(OWNER, spec.name)
    assert view.finished
    sharing.accept(services, sharing.invite(services, OWNER, NOW), CONSULTANT, NOW)
    with use_locale(language):
        owner_reads = verdicts.conclude(services, OWNER, view)
        consultant_reads = stories.detail(services, CONSULTANT, OWNER, "verdict")
    assert consultant_reads is not None
    pdfs = [words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(told.attachments[-1].render())).pages))
            for told in (owner_reads, consultant_reads)]
    services.close()
    return list(owner_reads.messages), list(consultant_reads.messages), pdfs


@pytest.mark.parametrize("answers", [BUTCHER, PAINTER_NOT_NOW, WANTS_SALES_NEXT_MONTH],
                         ids=["go", "not_now", "not_ready"])
@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_consultant_reads_the_owner_s_verdict_word_for_word(answers, language):
    owner_reads, consultant_reads, pdfs = owner_and_consultant(answers, language)
    for message in owner_reads:
        assert message in consultant_reads
    for text in pdfs:
        for message in owner_reads:
            title = message.splitlines()[0]
            assert words(title.lstrip("🟢🟡🟠🔴🔵 ")) in text


@pytest.mark.parametrize("language", ["fr", "de"])
def test_under_a_green_light_a_partly_passed_test_says_why_it_does_not_hold_the_owner_back(language):
    """The salon has no rules for its team: a small point, so Go, and every reader is told it can wait."""
    verdict = assess(SALON)
    assert verdict.headline == "go" and {t.test: t.outcome for t in verdict.tests}["effort"] == "partial"
    owner_reads, consultant_reads, pdfs = owner_and_consultant(SALON, language)
    with use_locale(language):
        along = _("This does not hold you back: the points are small, fix them along the way.")
        point = reason_text(Reason("no_staff_policy"))
    for told in (owner_reads, consultant_reads):
        tests = next(message for message in told if message.startswith(_with(language, "The three readiness tests")))
        assert along in tests and point in tests
    for text in pdfs:
        assert words(along) in text and words(point) in text


def test_a_second_assessment_is_compared_with_the_first():
    """The salon moved from a village with older clients to a town with young ones: "not now" became "go"."""
    services = Services.open(None, clock=lambda: NOW)
    services.store.ensure_user(OWNER, language="de")
    spec = services.specs["assessment"]
    for answers in (VILLAGE_SALON_OLDER, SALON):
        started = services.store.start_conversation(OWNER, spec.name, spec.version, spec.start, context=dict(answers))
        services.store.save_step(started, state="done", path=tuple(answers), finished=True)
        with use_locale("de"):
            told = verdicts.conclude(services, OWNER, services.engine.view(OWNER, spec.name))
    compare = told.sections[-1]
    assert compare.key == "compare" and told.details_of == 2
    with use_locale("de"):
        first_row = compare.blocks[0].items[0]
        # The headlines in their short words: one colon on the line, after the label.
        assert labelled(first_row.label, first_row.text) == "Ergebnis: Zurzeit nicht → Ja"
        changes = {item.mark: item.text for item in compare.blocks[1].items}
        assert changes[Mark.GONE].startswith(_(texts.REASONS["village_older_clients"])[:30])
        assert Mark.GAINED in changes and Mark.YES not in changes, "a new reason is new, not praised"
        assert verdicts.detail(services, OWNER, 2, "compare") == compare
    assert verdicts.detail(services, OWNER, 1, "compare") is None, "the first has nothing to compare with"
    services.close()


def test_the_reason_that_sums_up_the_tests_leaves_their_answers_to_each_test(specs):
    """A not-ready verdict's 'Tests not passed yet' would carry every answer of three tests in one line."""
    from bot.advisor import assess
    from bot.render.verdict import why_section

    verdict = assess(WANTS_SALES_NEXT_MONTH)
    with use_locale("fr_CA"):
        why = why_section(verdict, specs["assessment"], WANTS_SALES_NEXT_MONTH)
    notes = {item.text.split("\u00a0:")[0]: item.note for item in why.blocks[0].items}
    assert notes["Encore à valider"] is None
    assert all(note for text, note in notes.items() if text != "Encore à valider")


def test_a_google_profile_left_out_of_the_plan_is_still_to_be_kept_up_to_date(specs):
    """Two networks are enough for the salon, but its Google profile is where people nearby find it."""
    from bot.advisor import assess
    from bot.render.verdict import plan_section

    answers = {**SALON, "customer_networks": ["instagram", "facebook", "google_business"]}
    verdict = assess(answers)
    assert verdict.plan is not None and ("google_business", "focus") in {(c.network, c.reason)
                                                                          for c in verdict.plan.skipped}
    with use_locale("fr"):
        networks = plan_section(verdict, verdict.plan).blocks[2].items
    assert labelled("Fiche Google", "tenez-la à jour, sans y publier") in [labelled(i.label, i.text) for i in networks]
