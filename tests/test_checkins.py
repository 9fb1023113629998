"""Check-ins: the dialogue from the plan, the sweep's due list, and the advice rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from cases import BUTCHER, PAINTER, SALON
from sqlite_utils import Database

from bot.advisor import assess
from bot.advisor.money import customers_a_month
from bot.advisor.progress import Checkin, advise, kpi_paces, kpi_ratios, kpi_series
from bot.app import Services, checkins, schedules, verdicts
from bot.engine import Skip, Text
from bot.i18n import use_locale
from bot.render.money import break_even_short
from bot.render.progress import advice_messages, history_message
from bot.storage import SqliteStore
from bot.storage.sqlite_schema import migrations

START = datetime(2027, 1, 4, 9, tzinfo=UTC)


def figures(**values):
    base = {"followers_1": 100, "interactions_1": 20, "messages_1": 2, "leads": 1, "customers": 0,
            "revenue": 0, "hours": 12, "money": 40}
    return {**base, **values}


def history(months_apart, answers_list):
    return [Checkin(START + timedelta(days=30 * (i + 1) * months_apart), a) for i, a in enumerate(answers_list)]


def test_early_months_are_not_judged_on_sales():
    verdict = assess(SALON)
    advice = advise(verdict, START, history(1, [figures(), figures(followers_1=130)]), START + timedelta(days=60))
    assert advice.choice == "continue"
    assert advice.reasons[0].code == "too_early"


def test_costs_far_above_plan_call_for_a_change_even_early():
    verdict = assess(SALON)  # 3 h a week planned
    heavy = [figures(hours=60, money=500), figures(hours=60, money=500)]
    advice = advise(verdict, START, history(1, heavy), START + timedelta(days=60))
    assert advice.choice == "change"
    assert advice.reasons[0].code == "costs_over_plan"
    assert advice.cost_so_far == 2 * (60 * 35 + 500)


def test_concentrate_on_the_network_that_works():
    verdict = assess(SALON)
    first, second = [c.network for c in verdict.plan.networks]
    data = [figures(interactions_1=5, messages_1=0, interactions_2=80, messages_2=9)] * 2
    advice = advise(verdict, START, history(1, data), START + timedelta(days=60))
    assert advice.choice == "change" and (advice.focus, advice.drop) == (second, first)


def test_nothing_after_six_months_means_re_evaluate():
    verdict = assess(BUTCHER)
    data = [figures(leads=0, customers=0)] * 7
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "reevaluate" and advice.reasons[0].code == "nothing_after_horizon"


def test_paying_off_after_six_months_means_continue_with_cost_per_customer():
    verdict = assess(PAINTER)  # a private customer is worth 2,500 EUR
    data = [figures(leads=3, customers=1, hours=8, money=0)] * 7
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "continue" and advice.reasons[0].code == "paying_off"
    assert advice.cost_per_customer == advice.cost_so_far / 7 and advice.cost_per_lead == advice.cost_so_far / 21


def test_the_cost_so_far_is_exact_to_the_cent_and_rounded_only_when_shown():
    """3 × 0.1 h at 35 € plus 3 × 0.10 €: exactly 10.80 €, not 10.799999…; a third of it per enquiry."""
    data = [figures(hours=0.1, money=0.1, leads=1)] * 3
    advice = advise(assess(BUTCHER), START, history(1, data), START + timedelta(days=90))
    assert advice.cost_so_far == Decimal("10.80") and advice.cost_per_lead == Decimal("3.60")
    planned = assess(BUTCHER).costs.total_per_month * Decimal(90 * 12) / Decimal("365.25")
    assert advice.planned_so_far == planned
    with use_locale("fr"):
        assert "Coût par demande\u00a0: 4\u00a0€" in advice_messages(advice)[0], "rounded half-up when shown"


def test_too_few_customers_after_six_months_means_change():
    verdict = assess(BUTCHER)  # needs about 1.1 new customers a month
    data = [figures(leads=1, customers=0)] * 6 + [figures(leads=1, customers=1)]
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "change" and advice.reasons[0].code == "below_break_even"


def test_sweep_selects_only_what_is_due(specs):
    store = SqliteStore(None)
    services = Services(store=store, specs=specs, engine=None)
    for user in range(1, 201):
        store.ensure_user(user, language="fr")
        schedules.set_rhythm(services, user, "weekly", user % 7, 9, START + timedelta(hours=user))
    later = START + timedelta(days=10)  # the first check-ins come a week after the schedule is set, or more
    due = schedules.due(services, later)
    assert due and all(row.next_due_at <= later for row in due)
    assert len(due) < 200
    assert schedules.owe_reminders(services, later) == len(due)  # each moved on, its reminder owed once
    assert schedules.due(services, later) == []
    assert schedules.owe_reminders(services, later) == 0


def test_snooze_and_skip_keep_the_rhythm(specs):
    store = SqliteStore(None)
    services = Services(store=store, specs=specs, engine=None)
    store.ensure_user(5, language="de")
    first = schedules.set_rhythm(services, 5, "weekly", 0, 9, START)
    assert store.schedule(5).timezone == "Europe/Berlin"
    schedules.owe_reminder(services, store.schedule(5), first)
    schedules.snooze(services, 5, first)
    assert schedules.due(services, first + timedelta(hours=23)) == []
    assert len(schedules.due(services, first + timedelta(days=1))) == 1
    following = schedules.skip_period(services, 5, first + timedelta(days=1))
    assert following == first + timedelta(weeks=1)


def test_pause_resume_and_blocked(specs):
    store = SqliteStore(None)
    services = Services(store=store, specs=specs, engine=None)
    store.ensure_user(6, language="fr")
    first = schedules.set_rhythm(services, 6, "biweekly", 3, 18, START)
    schedules.set_status(services, 6, "paused", START)
    assert schedules.due(services, first + timedelta(days=1)) == []
    resumed = schedules.set_status(services, 6, "active", first + timedelta(days=1))
    assert resumed.next_due_at == first + timedelta(weeks=2)
    schedules.stop_for_blocked(services, 6)
    assert schedules.due(services, first + timedelta(weeks=3)) == []


# ------------------------------------------------------------------ paces
def test_a_skipped_follower_count_is_missing_not_zero():
    """80 followers, then a skipped count, then 120: no fall to -80, and growth measured from the last known."""
    checkins = history(1, [figures(followers_1=80), figures(followers_1=None), figures(followers_1=120)])
    paces = kpi_paces(checkins, START)
    assert paces["followers"][:2] == [None, None]
    assert paces["followers"][2] == pytest.approx(40 * (365.25 / 12) / 60, abs=0.1)  # 40 more over two months
    advice = advise(assess(BUTCHER), START, checkins, checkins[-1].at)
    followers = next(item for item in advice.progress if item.code == "followers")
    assert followers.latest == paces["followers"][2] and followers.previous is None


def test_no_pace_is_projected_from_less_than_a_week():
    """Seven messages a day after the verdict used to read '213 a month'; now it is too early to tell."""
    checkins = [Checkin(START + timedelta(days=1), figures(messages_1=7))]
    assert kpi_paces(checkins, START).get("messages") is None
    advice = advise(assess(SALON), START, checkins, checkins[0].at)
    assert all(item.latest is None for item in advice.progress)
    weekly = [Checkin(START + timedelta(days=14), figures(messages_1=7))]
    assert kpi_paces(weekly, START)["messages"] == [round(7 * (365.25 / 12) / 14, 1)]


def test_each_target_is_compared_in_its_own_period():
    verdict = assess({**SALON, "kpis": ["reach", "reviews", "enquiries"]})
    checkins = [Checkin(START + timedelta(days=14), figures(reach=1400, reviews=3))]
    advice = advise(verdict, START, checkins, checkins[0].at)
    by_code = {item.code: item for item in advice.progress}
    assert by_code["reach"].per == "week" and by_code["reach"].latest == 700.0  # 1,400 in two weeks
    assert by_code["reviews"].per == "month" and by_code["reviews"].latest == round(3 * (365.25 / 12) / 14, 1)


FOLLOWED = ["reach", "reviews", "engagement", "bookings"]


def test_the_checkin_asks_every_figure_the_verdict_follows(specs, tmp_path):
    services = Services.open(tmp_path / "db.sqlite3")
    verdict_for(services, {**SALON, "kpis": FOLLOWED})
    assert {"reach", "reviews", "posts", "bookings"} <= set(asked_in_a_checkin(services))
    services.close()


def test_cost_per_enquiry_and_customer_are_set_against_what_pays_for_itself():
    """The butcher's customer brings 600 EUR of margin, and half his enquiries become customers (four enquiries
    are too few to measure his own conversion)."""
    checkins = history(1, [figures(leads=4, customers=1, hours=10, money=0)])
    advice = advise(assess(BUTCHER), START, checkins, checkins[-1].at)
    assert advice.break_even_per_customer == 600 and advice.break_even_per_lead == 300
    assert advice.cost_per_customer == 350 and advice.cost_per_lead == 87.5  # 10 h at 35 EUR
    with use_locale("de"):
        text = advice_messages(advice)[0]
    assert "✅ Kosten pro Anfrage: 88\u00a0€ (lohnt sich bis 300\u00a0€)" in text
    assert "✅ Kosten pro Neukunde: 350\u00a0€ (lohnt sich bis 600\u00a0€)" in text


def verdict_for(services, answers):
    """A user whose finished assessment holds `answers`, with its verdict stored."""
    services.store.ensure_user(1, language="fr")
    conversation = services.store.start_conversation(1, "assessment", services.specs["assessment"].version,
                                                      "done", context=answers)
    services.store.save_step(conversation, state="done", path=tuple(answers), finished=True)
    verdicts.conclude(services, 1, services.engine.view(1, "assessment"))


def asked_in_a_checkin(services):
    view = checkins.start(services, 1)
    asked = []
    with use_locale("fr"):
        while not view.finished:
            asked.append(view.question.id)
            view = services.engine.handle(1, "checkin", Skip(view.position)).view
    return asked


@pytest.mark.parametrize(("answers", "asked"), [(BUTCHER, True), ({**SALON, "kpis": ["reach", "reviews"]}, False)])
def test_returning_customers_are_asked_when_the_verdict_follows_them(tmp_path, answers, asked):
    services = Services.open(tmp_path / "db.sqlite3")
    verdict_for(services, answers)
    assert ("returning" in {kpi.code for kpi in verdicts.latest(services, 1).verdict.kpis}) is asked
    assert ("returning" in asked_in_a_checkin(services)) is asked
    services.close()


def test_the_share_of_returning_customers_is_compared_with_its_target_by_its_change_since_the_first():
    """The butcher follows returning customers: +5 percentage points in six months. His first share is the
    starting point; a share a fortnight later tells nothing yet (a rough guess moves slowly: three months at
    least); thirteen weeks on, 6 points more is ahead."""
    shares = {7: 30, 14: None, 21: 32, 98: 36}  # by days since the verdict
    checkins = [Checkin(START + timedelta(days=day), figures(returning=share)) for day, share in shares.items()]
    paces = kpi_paces(checkins, START, {"returning": "half_year"})
    assert paces["returning"][:3] == [None, None, None]
    assert paces["returning"][3] == round(6 * (365.25 / 2) / 91, 1)
    advice = advise(assess(BUTCHER), START, checkins, checkins[-1].at)
    returning = next(item for item in advice.progress if item.code == "returning")
    assert (returning.per, returning.target, returning.latest) == ("half_year", 5, paces["returning"][3])
    with use_locale("de"):
        text = advice_messages(advice)[0]
    assert "✅ Anteil wiederkehrender Kunden: +12 Prozentpunkte in sechs Monaten (Ziel +5 Prozentpunkte in " \
           "sechs Monaten)" in text
    fallen = [*checkins[:1], Checkin(START + timedelta(days=98), figures(returning=27))]
    advice = advise(assess(BUTCHER), START, fallen, fallen[-1].at)
    with use_locale("fr"):
        text = advice_messages(advice)[0]
    assert "⏳ Part de clients qui reviennent\u00a0: -6 points en six mois (objectif +5 points en six mois)" in text
    early = advise(assess(BUTCHER), START, checkins[:1], checkins[0].at)
    with use_locale("fr"):
        assert "moins de trois mois depuis la première réponse" in advice_messages(early)[0]


def test_check_ins_stored_before_returning_customers_were_asked_replay_as_they_were(tmp_path):
    """A check-in finished on version 3 of the check-in, and one under way at its revenue question."""
    path = tmp_path / "db.sqlite3"
    services = Services.open(path)
    verdict_for(services, BUTCHER)
    done = checkins.start(services, 1)
    with use_locale("fr"):
        while not done.finished:
            done = services.engine.handle(1, "checkin", Skip(done.position)).view
        under_way = checkins.start(services, 1)
        while under_way.question.id != "revenue":
            under_way = services.engine.handle(1, "checkin", Skip(under_way.position)).view
    store = services.store
    store.execute("UPDATE conversations SET spec_version = 3 WHERE spec = 'checkin'")
    store.execute("DELETE FROM answers WHERE question IN ('track_returning', 'returning')")
    before = store.answers(done.conversation.id)
    services.close()

    services = Services.open(path)
    view = services.engine.view(1, "checkin")
    assert view.question.id == "revenue" and not view.finished and view.conversation.spec_version == 5
    [old] = checkins.history(services, 1)
    assert old.answers == before and "returning" not in old.answers
    with use_locale("fr"):
        assert checkins.history_message([old])  # shown in /kpis as before
    services.close()


def finished_assessment(services, answers) -> verdicts.StoredVerdict:
    """An assessment finished with `answers` and its verdict stored, at the services' clock."""
    verdict_for(services, answers)
    return verdicts.latest(services, 1)


def check_in(services, **given) -> None:
    """A check-in with the figures `given` (as typed, in French); every other one skipped."""
    view = checkins.start(services, 1)
    with use_locale("fr"):
        while not view.finished:
            typed = given.get(view.question.id)
            view = services.engine.handle(1, "checkin", Skip(view.position) if typed is None else Text(typed)).view


def test_a_re_assessment_starts_a_new_plan_with_its_own_clock_costs_and_decision_points(tmp_path):
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    first = finished_assessment(services, BUTCHER)
    now[0] = START + timedelta(days=200)
    check_in(services, hours="100", leads="1")
    assert checkins.decision_due(services, 1).milestone == 6
    checkins.decide(services, 1, first.number, 6, "reevaluate")

    now[0] = START + timedelta(days=210)
    second = finished_assessment(services, BUTCHER)
    assert second.id != first.id
    now[0] = START + timedelta(days=241)  # 2 September: a calendar month after the new verdict of 2 August
    check_in(services, hours="5")
    stored = verdicts.latest(services, 1)
    advice = advise(stored.verdict, stored.created_at, checkins.of_plan(stored, checkins.history(services, 1)), now[0])
    assert advice.months == 1, "the new plan's clock started with its verdict"
    assert advice.cost_so_far == 175, "5 h at 35 €: the 100 h of the first plan are not counted again"
    assert checkins.decision_due(services, 1) is None, "the first plan's six months are not the second's"

    now[0] = START + timedelta(days=410)
    check_in(services, hours="40", leads="6", customers="3")
    assert checkins.decision_due(services, 1).milestone == 6
    checkins.decide(services, 1, 2, 6, "continue")
    assert [(d.verdict_id, d.milestone, d.chosen) for d in checkins.decisions(services, 1)] == [
        (first.id, 6, "reevaluate"), (second.id, 6, "continue")]
    with use_locale("fr"):
        assert checkins.overview(services, 1).messages[0].count("\n") == 3, "the history keeps every check-in"
    services.close()


def test_the_history_leaves_out_a_skipped_figure_instead_of_showing_zero():
    done = [Checkin(START, {"followers_1": 120, "leads": None, "customers": 0, "hours": 6.5}),
            Checkin(START + timedelta(days=30), {"note": "Fermé pour travaux"})]
    with use_locale("fr"):
        lines = history_message(done).splitlines()
    assert lines[1] == "4 janvier 2027\u00a0: nouveaux clients 0, heures 6,5"
    assert lines[2] == "   Réseau 1\u00a0: abonnés 120", "each network's figures on a line of their own"
    assert lines[3:] == ["3 février 2027\u00a0: aucun chiffre donné", "   Fermé pour travaux"]


def test_decisions_taken_before_plans_had_their_own_belong_to_the_verdict_of_their_time(tmp_path):
    """A file from before decisions were kept per plan: each goes to the latest verdict when it was taken."""
    path = tmp_path / "db.sqlite3"
    old = Database(path)
    migrations.apply(old, stop_before="m011_decisions_per_plan")
    old["users"].insert({"id": 1, "language": "de", "created_at": "2027-01-01T09:00:00+00:00"})
    for verdict_id, created in ((1, "2027-01-04"), (2, "2027-09-01")):
        old["verdicts"].insert({"id": verdict_id, "user_id": 1, "conversation_id": verdict_id, "advisor_version": "1.3",
                                "headline": "go", "data": "{}", "created_at": f"{created}T09:00:00+00:00"})
    for milestone, decided in ((6, "2027-07-10"), (9, "2027-10-05")):
        old["decisions"].insert({"user_id": 1, "milestone": milestone, "advised": "continue", "chosen": "change",
                                 "decided_at": f"{decided}T09:00:00+00:00"})
    old.close()
    store = SqliteStore(path)
    assert [(d.verdict_id, d.milestone) for d in store.decisions(1)] == [(1, 6), (2, 9)]
    assert store.record_decision(1, 2, 6, "continue", "continue"), "the second plan's six months are still open"
    assert not store.record_decision(1, 1, 6, "continue", "continue"), "the first plan's were decided"
    store.close()


def test_same_as_last_time_is_offered_only_for_the_same_network(tmp_path):
    """The butcher's plan follows Facebook then Instagram; the salon's, Instagram then Facebook."""
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    finished_assessment(services, BUTCHER)
    now[0] += timedelta(days=30)
    check_in(services, followers_1="120", interactions_1="30")
    posts = checkins.start(services, 1)
    followers = services.engine.handle(1, "checkin", Skip(posts.position)).view
    assert checkins.previous_figure(services, followers) == 120
    finished_assessment(services, {**SALON, "checkins": "monthly"})
    posts = checkins.start(services, 1)
    view = services.engine.handle(1, "checkin", Skip(posts.position)).view
    assert view.answers["network_1"] == "instagram" and view.question.id == "followers_1"
    assert checkins.previous_figure(services, view) is None, "120 were Facebook's followers"
    services.close()


def test_engagement_is_compared_per_post_and_bookings_are_counted_apart_from_new_customers():
    """The butcher follows comments, shares and likes: 3 per post is his target."""
    checkins = history(1, [figures(interactions_1=40, interactions_2=8, posts=12, customers=2, bookings=5),
                           figures(interactions_1=30, posts=None)])
    paces = kpi_ratios(checkins)
    assert paces["engagement"] == [4.0, None], "48 reactions over 12 posts; without the posts, not told"
    flows = kpi_paces(checkins, START)
    assert flows["bookings"][0] != flows["customers"][0]
    advice = advise(assess(BUTCHER), START, checkins[:1], checkins[0].at)
    [engagement] = [item for item in advice.progress if item.code == "engagement"]
    assert (engagement.latest, engagement.target, engagement.per) == (4.0, 3, "post")
    with use_locale("de"):
        assert "✅ Reaktionen auf Beiträge: 4 pro Beitrag (Ziel 3 pro Beitrag)" in \
            advice_messages(advice)[0]


def test_the_dates_an_owner_is_shown_are_days_of_their_own_zone(tmp_path):
    """A Geneva owner's verdict at 23:30 UTC on 1 March is of 2 March there, and so is their report."""
    now = [datetime(2027, 3, 1, 23, 30, tzinfo=UTC)]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    services.store.set_market(1, "CH", None)
    stored = finished_assessment(services, BUTCHER)
    assert stored.created_at.date() == datetime(2027, 3, 2).date()
    assert verdicts.report(services, stored).filename.endswith("-2027-03-02.pdf")
    now[0] = datetime(2027, 4, 1, 22, 30, tzinfo=UTC)  # half past midnight on 2 April, summer time
    check_in(services, leads="2")
    with use_locale("fr_CH"):
        assert checkins.overview(services, 1).messages[0].splitlines()[1].startswith("2 avril 2027")
    assert "2027-04-02" in checkins.history_csv(services, 1).decode("utf-8-sig")
    services.close()


@pytest.mark.parametrize("answers", [BUTCHER, PAINTER, SALON])
def test_the_check_in_holds_the_owner_to_the_new_customers_the_verdict_named(answers):
    """The verdict says "2 new customers a month" (whole people) or "one every 4 months": so do the advice
    and the chart, not the exact 1.09 a month behind it."""
    verdict = assess(answers)
    done = history(1, [figures(leads=1, customers=0, hours=1, money=0)] * 7)
    advice = advise(verdict, START, done, START + timedelta(days=215))
    needed = customers_a_month(verdict.costs)
    assert (advice.reasons[0].code, advice.reasons[0].params["needed"]) == ("below_break_even", needed)
    assert kpi_series(verdict, START, done)[-1].target == float(needed)
    with use_locale("de"):
        said = break_even_short(verdict.costs)
    assert str(needed if needed >= 1 else round(1 / needed)) in said, said


def test_revenue_followed_is_told_a_month_and_judged_through_the_new_customers():
    """Owners report turnover; the revenue target is a margin (two customers at 600 €): told, never ticked."""
    verdict = assess({**BUTCHER, "kpis": ["enquiries", "revenue", "engagement"]})
    done = history(1, [figures(revenue=900), figures(revenue=None)])
    advice = advise(verdict, START, done, done[-1].at)
    assert advice.revenue_target == 1200, "the skipped month is left out with its days"
    assert advice.revenue_per_month == Decimal(900) / (Decimal(30 * 12) / Decimal("365.25"))
    with use_locale("de"):
        text = advice_messages(advice)[0]
    assert "· Umsatz über Social Media: bisher 913\u00a0€ im Monat. Ziel: 1.200\u00a0€ Marge im Monat, " \
           "gemessen an Ihren Neukunden" in text
    unfollowed = advise(assess(BUTCHER), START, done, done[-1].at)
    assert unfollowed.revenue_target is None and "Umsatz über Social Media" not in advice_messages(unfollowed)[0]


def test_each_decision_says_in_a_few_words_what_the_figures_advised():
    """No full sentence with its own full stop inside the brackets: '(the figures advised: continue as planned)'."""
    from bot.render.progress import decisions_message
    from bot.storage.records import Decision

    taken = [Decision(6, "continue", "change", datetime(2027, 7, 1, 9, tzinfo=UTC), 1)]
    with use_locale("fr"):
        french = decisions_message(taken)
    with use_locale("de"):
        german = decisions_message(taken)
    assert french.endswith("Je change ma façon de faire (les chiffres conseillaient\u00a0: continuer comme prévu)")
    assert german.endswith("(die Zahlen rieten: weitermachen wie geplant)")


def test_the_network_to_concentrate_on_is_named_as_a_place():
    """'Sur votre fiche Google', 'in Ihrem Google-Unternehmensprofil': never 'Fiche Google apporte…'."""
    from bot.render.progress import advice_messages

    verdict = assess({**SALON, "customer_networks": ["google_business", "facebook"]})
    assert [c.network for c in verdict.plan.networks] == ["facebook", "google_business"]
    data = [figures(interactions_1=5, messages_1=0, interactions_2=80, messages_2=9)] * 2
    advice = advise(verdict, START, history(1, data), START + timedelta(days=60))
    assert (advice.focus, advice.drop) == ("google_business", "facebook")
    with use_locale("fr"):
        french = advice_messages(advice)[0]
    with use_locale("de"):
        german = advice_messages(advice)[0]
    assert ("Bien plus de réactions et de messages sur votre fiche Google que sur Facebook\u00a0: concentrez-vous "
            "là-dessus, et arrêtez de publier sur Facebook.") in french
    assert "Viel mehr Reaktionen und Nachrichten in Ihrem Google-Unternehmensprofil als auf Facebook" in german
