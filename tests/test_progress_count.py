""""Question k of about n": the count of questions left, kept per question and the answers its rules test,
is the count a walk of the dialogue gives for every owner, whoever asked before them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from owners import owners

from bot.advisor import DERIVED
from bot.engine.dialogue import Dialogue
from bot.paths import dialogs_dir
from bot.spec import load_specs

ASSESSMENT = load_specs(dialogs_dir())["assessment"]
SHARED = Dialogue(ASSESSMENT, DERIVED)  # keeps its counts across all the owners drawn


def asked(answers: dict) -> list[tuple[str, dict]]:
    """Each question the owner was asked, with the answers known when it was shown."""
    known, state, shown = {"country": answers["country"]}, ASSESSMENT.start, []
    while not ASSESSMENT.questions[state].is_end:
        shown.append((state, dict(known)))
        known[state] = answers.get(state)
        state = SHARED.route(state, known)
    return shown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=owners(ASSESSMENT))
def test_questions_left_agree_with_a_walk_for_any_owner(answers):
    fresh = Dialogue(ASSESSMENT, DERIVED)  # has counted nothing yet: each count below is its own walk
    for state, known in asked(answers):
        assert SHARED.remaining(state, known) == fresh.remaining(state, known), state


def test_an_owner_at_the_same_question_with_other_answers_gets_their_own_count():
    """A one-person salon is never asked about a staff policy: one question fewer than the salon of five
    asked the same question just before, on the same dialogue."""
    salon = {"country": "FR", "sector": "beauty", "staff": 5, "revenue": 150_000, "private_share": 100}
    dialogue = Dialogue(ASSESSMENT, DERIVED)
    assert dialogue.remaining("customer_age", salon) == 32
    assert dialogue.remaining("customer_age", {**salon, "staff": 1}) == 31
    assert dialogue.remaining("customer_age", {**salon, "sector": "b2b_supplier", "private_share": 5}) == 14
