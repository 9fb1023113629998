"""The follow-up an owner can act on: figures per network and per period, advice that follows the method, and
decisions kept by their point and plan. Each test reproduces a defect seen over nine simulated months."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from cases import BUTCHER, PAINTER, SALON
from test_checkins import asked_in_a_checkin, check_in, finished_assessment, verdict_for

from bot.advisor import assess
from bot.advisor.figures import DAYS_PER_MONTH, Checkin
from bot.advisor.progress import advise, kpi_paces
from bot.app import Services, checkins
from bot.engine import Skip
from bot.i18n import use_locale
from bot.render.progress import advice_messages
from bot.render.questions import question_text

START = datetime(2027, 1, 4, 9, tzinfo=UTC)  # a Monday
MONTH = float(DAYS_PER_MONTH)


def on(day: float, **answers) -> Checkin:
    return Checkin(START + timedelta(days=day), answers)


def monthly(*answers: dict) -> list[Checkin]:
    """A check-in every 30 days, each with its answers."""
    return [on(30 * (index + 1), **given) for index, given in enumerate(answers)]


def test_a_skipped_network_is_missing_and_each_network_grows_from_its_own_last_count():
    """Facebook skipped used to read as a fall of all its followers, and the month after as a spike."""
    done = [on(30, network_1="instagram", followers_1=500, network_2="facebook", followers_2=300),
            on(61, network_1="instagram", followers_1=520, network_2="facebook", followers_2=None),
            on(91, network_1="instagram", followers_1=510, network_2="facebook", followers_2=290)]
    paces = kpi_paces(done, START)["followers"]
    assert paces[:2] == [None, None], "no pace while one network's count is missing"
    assert paces[2] == round(-10 * MONTH / 30 + -10 * MONTH / 61, 1), "each network from its own last count"


def test_concentrating_needs_weeks_and_volume_and_never_outranks_a_plan_that_pays_for_itself():
    salon = assess(SALON)  # Instagram and Facebook; two new customers a month pay for it
    third_day = [on(3, interactions_1=90, messages_1=5, interactions_2=12, messages_2=0)]
    early = advise(salon, START, third_day, third_day[-1].at)
    assert early.choice == "continue" and [r.code for r in early.reasons] == ["too_early"]

    lopsided = {"interactions_1": 200, "messages_1": 10, "interactions_2": 10, "messages_2": 0, "leads": 3,
                "customers": 3, "hours": 10, "money": 0}
    two_months = monthly(lopsided, lopsided)
    advice = advise(salon, START, two_months, two_months[-1].at)
    assert advice.choice == "change" and advice.focus == "instagram", "eight weeks and enough reactions"

    nine_months = monthly(*[lopsided] * 9)
    advice = advise(salon, START, nine_months, nine_months[-1].at)
    assert advice.choice == "continue" and [r.code for r in advice.reasons] == ["paying_off"]
    with use_locale("fr"):
        text = advice_messages(advice)[0]
    assert "Nouveaux clients par mois\u00a0: 3 (il en faut 2). L'effort est couvert\u00a0: continuez." in text
    assert "✅ Coût par nouveau client" in text


def test_skipped_figures_are_left_out_of_the_sales_judgement_revenue_and_cost():
    """Two new customers in every month answered, two months skipped: the owner pays off (2 needed)."""
    butcher = assess(BUTCHER)
    month = {"leads": 4, "customers": 2, "revenue": 400, "hours": 10, "money": 0}
    done = monthly(*[month] * 3, {**month, "customers": None, "revenue": None}, {**month, "hours": None},
                   {**month, "customers": None}, month)
    advice = advise(butcher, START, done, done[-1].at)
    assert advice.months == 6
    assert [r.code for r in advice.reasons] == ["paying_off"]
    assert advice.reasons[0].params["pace"] == Decimal(2) * Decimal(DAYS_PER_MONTH.numerator) / (
        Decimal(DAYS_PER_MONTH.denominator) * 30)
    assert advice.revenue_per_month is None or advice.revenue_per_month > 400
    assert advice.cost_so_far == 7 * 10 * 35 and advice.cost_estimated, "the skipped month at the others' pace"
    assert advice.cost_per_customer == Decimal(7 * 10 * 35) / 14
    with use_locale("de"):
        text = advice_messages(advice)[0]
    assert "Übersprungene Zahlen bleiben außen vor, sie zählen nicht als null." in text


def test_revenue_a_month_is_not_halved_by_a_skipped_figure():
    verdict = assess({**BUTCHER, "kpis": ["enquiries", "revenue", "engagement"]})
    done = monthly({"revenue": 360}, {"revenue": None})
    advice = advise(verdict, START, done, done[-1].at)
    assert advice.revenue_per_month == Decimal(360) * Decimal(36525) / Decimal(1200 * 30)


def test_six_calendar_months_in_the_owners_days_are_the_decision_point(tmp_path):
    """A check-in on 4 July after a verdict of 4 January is six months on (181 days): judged, and decided."""
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    finished_assessment(services, BUTCHER)
    now[0] = datetime(2027, 7, 4, 8, tzinfo=UTC)
    check_in(services, leads="12", customers="12", hours="60")
    due = checkins.decision_due(services, 1)
    assert due is not None and due.milestone == 6 and due.advised == "continue"
    services.close()


def test_a_weekly_check_in_answered_minutes_early_keeps_its_pace():
    done = [on(7, leads=3), on(14 - 5 / 1440, leads=4)]  # 6.99 days after the first
    assert kpi_paces(done, START)["enquiries"] == [round(3 * MONTH / 7, 1), round(4 * MONTH / 7, 1)]


def test_after_a_re_assessment_the_first_check_in_is_paced_over_the_days_its_figures_cover(tmp_path):
    """Its figures cover the 14 days since the last check-in, not the 11.6 since the new verdict."""
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    finished_assessment(services, {**BUTCHER, "kpis": ["enquiries", "revenue", "engagement"]})
    now[0] = START + timedelta(days=14)
    check_in(services, leads="5")
    now[0] = START + timedelta(days=16, hours=10)
    stored = finished_assessment(services, {**BUTCHER, "kpis": ["enquiries", "revenue", "engagement"]})
    now[0] = START + timedelta(days=28)
    check_in(services, leads="10", revenue="500")
    measured = checkins.of_plan(stored, checkins.history(services, 1))
    advice = advise(stored.verdict, stored.created_at, measured, measured[-1].at)
    enquiries = next(item for item in advice.progress if item.code == "enquiries")
    assert enquiries.latest == round(10 * MONTH / 14, 1)
    assert advice.revenue_per_month == Decimal(500) * Decimal(36525) / Decimal(1200 * 14)
    services.close()


def test_the_owners_own_conversion_replaces_the_assumed_one():
    """An assumed 4 % made an enquiry worth 24 €; the owner's check-ins show 44 customers from 20 enquiries."""
    verdict = assess({**BUTCHER, "conversion": 4})
    done = monthly({"leads": 20, "customers": 44, "hours": 50, "money": 0})
    advice = advise(verdict, START, done, done[-1].at)
    assert advice.break_even_per_lead == 600 and advice.measured == (44, 20)
    with use_locale("fr"):
        text = advice_messages(advice)[0]
    assert "✅ Coût par demande\u00a0: 88\u00a0€ (rentable jusqu'à 600\u00a0€)" in text
    assert "(nouveaux clients\u00a0: 44, demandes\u00a0: 20)" in text


def test_a_share_is_not_projected_to_six_months_from_five_weeks():
    done = [on(7, returning=35), on(42, returning=39), on(105, returning=40)]
    paces = kpi_paces(done, START, {"returning": "half_year"})["returning"]
    assert paces == [None, None, round(5 * MONTH * 6 / 98, 1)]


def test_a_google_profile_is_asked_what_it_has(tmp_path):
    """The painter's plan: Facebook, then his Google profile (views, calls, route requests, reviews)."""
    services = Services.open(tmp_path / "db.sqlite3")
    verdict_for(services, PAINTER)
    asked = asked_in_a_checkin(services)
    assert {"views_2", "calls_2", "routes_2", "reviews", "followers_1"} <= set(asked)
    assert not {"followers_2", "interactions_2", "messages_2"} & set(asked)
    check_in(services, followers_1="50", views_2="300", calls_2="4", routes_2="2", leads="1")
    with use_locale("de"):
        history = checkins.history_message(checkins.history(services, 1)).splitlines()
        table = checkins.history_csv(services, 1).decode("utf-8-sig")
    assert history[-3:] == [f"{history[-3].split(':')[0]}: Anfragen 1", "   Facebook: Follower 50",
                            "   Google-Unternehmensprofil: Aufrufe 300, Anrufe 4, Routenanfragen 2"]
    rows = list(csv.reader(io.StringIO(table)))
    heading, row = rows[0], rows[-1]
    assert dict(zip(heading, row, strict=True))["Aufrufe des Google-Profils (Netzwerk 2)"] == "300"
    services.close()


def test_the_revenue_question_names_its_period_and_only_revenue_from_social_media(tmp_path):
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    verdict_for(services, BUTCHER)
    now[0] = START + timedelta(days=30)
    view = checkins.start(services, 1)
    with use_locale("de"):
        while view.question.id != "revenue":
            view = services.engine.handle(1, "checkin", Skip(view.position)).view
        text = question_text(view)
    assert text == "Wie viel Umsatz haben Ihnen seit dem 4. Januar 2027 die über Social Media gewonnenen Kunden " \
                   "gebracht, in Euro?"
    services.close()


def butcher_checking_in(tmp_path, days: tuple[int, ...]):
    """The butcher's verdict on START (two new customers a month pay for it), then a check-in on each of `days`
    with one enquiry, one new customer and 8 hours; the services and their clock."""
    now = [START]
    services = Services.open(tmp_path / "db.sqlite3", clock=lambda: now[0])
    services.store.ensure_user(1, language="fr")
    finished_assessment(services, BUTCHER)
    for day in days:
        now[0] = START + timedelta(days=day)
        check_in(services, leads="1", customers="1", hours="8")
    return services, now


def test_decisions_are_kept_by_their_point_and_plan_however_late_the_tap(tmp_path):
    """The six-month question ignored, the nine-month one answered, then the six-month tap: each its own."""
    services, _now = butcher_checking_in(tmp_path, (30, 61, 91, 122, 152, 182, 212, 243, 274))
    assert checkins.decision_due(services, 1).milestone == 9
    nine = checkins.decide(services, 1, 1, 9, "reevaluate")
    six = checkins.decide(services, 1, 1, 6, "change")
    assert (nine.decision.milestone, nine.new, six.decision.milestone, six.new) == (9, True, 6, True)
    again = checkins.decide(services, 1, 1, 6, "continue")
    assert (again.new, again.decision.chosen) == (False, "change"), "a point keeps its first decision"
    assert checkins.decide(services, 1, 2, 6, "continue") is None, "there is no second plan"
    services.close()


def test_after_choosing_to_change_the_next_check_in_says_what_to_change(tmp_path):
    services, now = butcher_checking_in(tmp_path, (30, 61, 91, 122, 152, 182))
    checkins.decide(services, 1, 1, 6, "change")
    now[0] = START + timedelta(days=212)
    check_in(services, leads="1", customers="1", hours="8")
    with use_locale("fr"):
        text = checkins.conclude(services, 1, None).messages[0]
    assert "À 6 mois, vous avez choisi de changer votre façon de faire." in text
    assert "À changer\u00a0: trop peu de demandes (1 par mois, il en faut environ 4)." in text
    services.close()
