"""The engine drives a conversation: branching, back, skip, toggles, bad input, resume."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from answers import BUTCHER_TYPED
from conftest import ASSESSMENT, Player

from bot.advisor import DERIVED
from bot.engine import Back, Done, Engine, Pick, Position, Restart, Skip, Text, Toggle
from bot.storage import SqliteStore


def test_whole_assessment_finishes_with_every_answer_stored(player, store):
    step = player.answer(**BUTCHER_TYPED)
    assert step.status == "finished"
    view = step.view
    assert view.finished and view.question.is_end
    assert view.answers["sector"] == "food"
    assert view.answers["revenue"] == 1_000_000
    assert view.answers["success_factors"] == ["regulars", "capacity", "daily_offer"]
    assert view.answers["objective_note"] == "Remplir le comptoir chaud entre 14 et 17 h"
    # Questions that do not apply were never asked.
    assert "b2b_customers" not in view.answers and "networks_use" not in view.answers


def test_online_shop_is_not_asked_whether_customers_can_buy_online(player):
    player.answer(sector="online_shop", staff="1", revenue="35 000", private_share="100",
                  customer_age="mixed", locality="region")
    assert player.state == "website"


def test_mostly_business_customers_are_asked_where_buyers_are(player):
    player.answer(sector="b2b_supplier", staff="12", revenue="2 000 000", private_share="5")
    assert player.state == "b2b_customers"
    player.answer(b2b_customers="few_known")
    assert player.state == "buyers_where"


def test_painter_with_known_developer_partner_skips_buyer_question(player):
    player.answer(sector="trades", staff="6", revenue="380 000", private_share="60",
                  customer_age="mixed", b2b_customers="few_known")
    assert player.state == "locality"


@pytest.mark.parametrize("who", ["nobody", "agency"])
def test_experience_is_asked_only_of_a_person_who_will_do_the_work(player, who):
    """'Nobody yet' has no experience to tell, and an agency's is its trade."""
    answers = {key: value for key, value in BUTCHER_TYPED.items() if key != "skills"}
    step = player.answer(**{**answers, "who": who})
    assert step.status == "finished" and "skills" not in step.view.answers


def test_single_staff_firm_is_not_asked_about_a_staff_policy(player):
    answers = {**BUTCHER_TYPED, "staff": "1"}
    step = player.answer(**answers)
    assert "staff_policy" not in step.view.answers


def test_progress_counts_up_and_estimates_the_rest(player, engine):
    first = engine.view(1, ASSESSMENT)
    assert first.step == 1 and first.total > 30
    player.answer(sector="food")
    second = engine.view(1, ASSESSMENT)
    assert second.step == 2 and second.total >= second.step


@pytest.mark.parametrize("typed, code", [
    ("", "empty"),
    ("   \t ", "empty"),
    ("99", "not_an_option"),
    ("0", "not_an_option"),
    ("🙂", "not_an_option"),
    ("x" * 5000, "not_an_option"),
])
def test_invalid_choice_changes_nothing(player, store, engine, typed, code):
    before = engine.view(1, ASSESSMENT)
    step = player.send(typed)
    assert step.status == "invalid" and step.problem.code == code
    after = engine.view(1, ASSESSMENT)
    assert after.conversation == before.conversation
    assert store.answers(after.conversation.id) == {}


@pytest.mark.parametrize("typed, code", [
    ("-3", "too_small"),
    ("0", "too_small"),
    ("10000000", "too_large"),
    ("2,5", "not_whole"),
    ("beaucoup", "not_a_number"),
    ("🙂", "not_a_number"),
    ("1.500", "ambiguous_number"),
])
def test_invalid_numbers_are_explained(player, typed, code):
    player.answer(sector="food")
    step = player.send(typed)
    assert step.status == "invalid" and step.problem.code == code
    assert player.state == "staff"


@pytest.mark.parametrize("locale, typed, expected", [
    ("fr", "1 500 000", 1_500_000),
    ("fr", "1 500 000 €", 1_500_000),
    ("fr", "1.500.000 €", 1_500_000),
    ("de", "1.500.000", 1_500_000),
    ("de", "1.500.000 €", 1_500_000),
    ("de", "1 500 000 EUR", 1_500_000),
    ("de", "1500000", 1_500_000),
    ("de_AT", "€ 1.500.000", 1_500_000),
    ("de_CH", "CHF 1'500'000", 1_500_000),
    ("de_CH", "Fr. 1’500’000.–", 1_500_000),
    ("fr_CH", "1'500'000 CHF", 1_500_000),
    ("fr_CA", "1 500 000 $", 1_500_000),
    ("fr_LU", "1.500.000 €", 1_500_000),
])
def test_numbers_written_the_french_or_german_way(engine, locale, typed, expected):
    player = Player(engine, locale=locale)
    player.answer(sector="food", staff="3")
    step = player.send(typed)
    assert step.status == "accepted"
    assert step.view.answers["revenue"] == expected


@pytest.mark.parametrize("locale, typed, readings", [
    ("de_CH", "1.500", [1.5, 1500]), ("de_CH", "1,500", [1.5, 1500]), ("fr_CH", "1.500", [1.5, 1500]),
    ("fr_CA", "1,500", [1.5, 1500]), ("fr_CA", "1.500", [1.5, 1500]), ("fr_BE", "1.500", [1.5, 1500]),
])
def test_a_figure_read_two_ways_in_the_owners_country_is_asked_back(engine, locale, typed, readings):
    player = Player(engine, locale=locale)
    player.answer(sector="food", staff="3")
    step = player.send(typed)
    assert step.status == "invalid" and step.problem.code == "ambiguous_number"
    assert step.problem.params["readings"] == readings
    assert player.state == "revenue"


@pytest.mark.parametrize("locale", ["de", "de_DE", "de_AT", "de_BE", "de_LU", "fr_LU"])
def test_a_thousands_dot_is_no_question_where_it_is_the_only_way(engine, locale):
    player = Player(engine, locale=locale)
    player.answer(sector="food", staff="3")
    assert player.send("1.500").view.answers["revenue"] == 1500


def test_overlong_free_text_is_refused_with_its_limit(player):
    player.answer(**{k: v for k, v in BUTCHER_TYPED.items() if k != "objective_note"})
    assert player.state == "objective_note"
    step = player.send("a" * 5000)
    assert step.problem.code == "too_long" and step.problem.params == {"limit": 300, "length": 5000}
    step = player.send("Plus de clients 🙂🥩")
    assert step.status == "accepted" and step.view.answers["objective_note"] == "Plus de clients 🙂🥩"


def test_skip_only_where_optional(player):
    assert player.send(Skip()).problem.code == "not_optional"
    player.answer(sector="food", staff="4")
    step = player.send(Skip())
    assert step.status == "accepted" and step.view.answers["revenue"] is None


def test_back_returns_to_the_previous_question_and_a_new_answer_replaces_the_old(player, store):
    player.answer(sector="food", staff="4")
    step = player.send(Back())
    assert step.status == "back" and step.view.question.id == "staff" and step.view.previous == 4
    player.send("5")
    player.send(Back())
    player.send(Back())
    assert player.state == "sector"
    assert player.send(Back()).status == "at_start"
    player.send("beauty")
    view = player.engine.view(1, ASSESSMENT)
    assert view.answers == {"sector": "beauty"}
    # Every change is kept.
    history = [(row["question"], row["value"]) for row in store.answer_history(view.conversation.id)]
    assert history == [("sector", "food"), ("staff", 4), ("staff", 5), ("sector", "beauty")]


def test_changing_an_early_answer_changes_the_path(player):
    player.answer(sector="food", staff="4", revenue="300000", private_share="100", customer_age="young",
                  locality="town")
    assert player.state == "sells_online"
    for _ in range(3):
        player.send(Back())
    assert player.state == "private_share"
    player.send("10")
    assert player.state == "b2b_customers"
    assert "customer_age" not in player.engine.view(1, ASSESSMENT).answers


def test_multiple_choice_by_toggles_then_done(player, engine):
    player.answer(**{k: BUTCHER_TYPED[k] for k in list(BUTCHER_TYPED)[:9]})
    assert player.state == "networks_now"
    at = engine.view(1, ASSESSMENT).position
    assert player.send(Toggle("facebook", at)).view.selection == ("facebook",)
    assert player.send(Toggle("instagram", at)).view.selection == ("facebook", "instagram")
    assert player.send(Toggle("none", at)).view.selection == ("none",)
    assert player.send(Toggle("none", at)).view.selection == ()
    assert player.send(Done(at)).problem.code == "too_few_choices"
    player.send(Toggle("instagram", at))
    step = player.send(Done(at))
    assert step.status == "accepted" and step.view.answers["networks_now"] == ["instagram"]


def test_at_most_three_success_factors(player):
    player.answer(**{k: v for k, v in BUTCHER_TYPED.items() if k != "success_factors"})
    assert player.send("1, 2, 3, 4").problem.code == "too_many_choices"
    at = player.engine.view(1, ASSESSMENT).position
    for option in ("regulars", "capacity", "daily_offer"):
        player.send(Toggle(option, at))
    assert player.send(Toggle("price", at)).problem.code == "too_many_choices"


def test_success_factors_are_tailored_to_the_sector(engine, player):
    player.answer(**{k: v for k, v in BUTCHER_TYPED.items() if k != "success_factors"})
    shown = {option.id for option in engine.view(1, ASSESSMENT).options}
    assert "daily_offer" in shown and "delivery" not in shown


def test_stale_double_tapped_and_forged_buttons_change_nothing(player, engine, store):
    at = engine.view(1, ASSESSMENT).position
    assert player.send(Pick("food", at)).status == "accepted"
    # The same button pressed again (double tap) belongs to a question already answered.
    assert player.send(Pick("food", at)).status == "stale"
    now = engine.view(1, ASSESSMENT).position
    assert player.send(Pick("no_such_option", now)).status == "stale"
    assert player.send(Toggle("facebook", now)).status == "stale"
    assert player.send(Done(now)).status == "stale"
    assert player.send(Pick("food", Position("sector", 0))).status == "stale"
    assert engine.view(1, ASSESSMENT).answers == {"sector": "food"}
    assert len(store.answer_history(engine.view(1, ASSESSMENT).conversation.id)) == 1


def test_input_to_a_finished_conversation_is_refused(player):
    player.answer(**BUTCHER_TYPED)
    assert player.send("1").status == "already_finished"
    assert player.send(Skip()).status == "already_finished"


def test_back_after_finishing_reopens_the_last_question(player, engine):
    player.answer(**BUTCHER_TYPED)
    step = player.send(Back())
    assert step.status == "back" and not step.view.finished and step.view.question.id == "checkins"
    assert player.send("weekly").status == "finished"
    assert engine.view(1, ASSESSMENT).answers["checkins"] == "weekly"


def test_restart_begins_a_new_conversation_and_keeps_the_old(player, engine, store):
    player.answer(sector="food", staff="4")
    old = engine.view(1, ASSESSMENT).conversation
    step = player.send(Restart())
    assert step.status == "restarted" and step.view.question.id == "sector"
    assert step.view.conversation.id != old.id
    assert store.answers(old.id) == {"sector": "food", "staff": 4}


def test_closing_and_reopening_the_file_resumes_where_it_was(db_path, specs):
    store = SqliteStore(db_path)
    store.ensure_user(7, language="de")
    Player(Engine(store, specs, DERIVED), user_id=7, locale="de").answer(sector="beauty", staff="6", revenue="150.000")
    store.close()
    reopened = SqliteStore(db_path)
    view = Engine(reopened, specs, DERIVED).view(7, ASSESSMENT)
    assert view.question.id == "private_share"
    assert view.answers == {"sector": "beauty", "staff": 6, "revenue": 150_000}
    reopened.close()


def test_a_message_delivered_twice_is_applied_once(engine, store):
    first = engine.handle(1, ASSESSMENT, Text("food"), receipt=41)
    again = engine.handle(1, ASSESSMENT, Text("food"), receipt=41)
    assert (first.status, again.status) == ("accepted", "duplicate")
    assert engine.handle(1, ASSESSMENT, Text("17"), receipt=40).status == "duplicate"
    assert engine.handle(1, ASSESSMENT, Text("17"), receipt=42).status == "accepted"
    view = engine.view(1, ASSESSMENT)
    assert view.answers == {"sector": "food", "staff": 17}
    assert len(store.answer_history(view.conversation.id)) == 2


def test_after_a_week_of_silence_telegrams_restarted_update_ids_are_new_messages(specs):
    """Telegram starts its update ids afresh, possibly lower, after a week without any update."""
    now = [datetime(2027, 3, 1, 9, tzinfo=UTC)]
    store = SqliteStore(None, clock=lambda: now[0])
    store.ensure_user(1, language="fr")
    engine = Engine(store, specs, DERIVED)
    assert engine.handle(1, ASSESSMENT, Text("food"), receipt=28).status == "accepted"
    now[0] += timedelta(minutes=2)
    assert engine.handle(1, ASSESSMENT, Text("17"), receipt=27).status == "duplicate"  # a late repeat
    now[0] += timedelta(days=8)
    assert engine.handle(1, ASSESSMENT, Text("17"), receipt=3).status == "accepted"
    assert engine.handle(1, ASSESSMENT, Text("1 000 000"), receipt=4).status == "accepted"
    assert engine.handle(1, ASSESSMENT, Text("1 000 000"), receipt=4).status == "duplicate"
    assert engine.view(1, ASSESSMENT).answers == {"sector": "food", "staff": 17, "revenue": 1_000_000}
    store.close()
