"""Reminders on the owner's terms: their weekday in every rhythm, a full first period, no holidays or Sundays,
an early check-in moving the next one, and a schedule stored before these rules read the new way."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from answers import BUTCHER_TYPED
from sqlite_utils import Database

from bot.advisor import assess
from bot.app import Services, checkins, schedules, verdicts
from bot.engine import Skip, Text
from bot.i18n import use_locale
from bot.i18n.markets import Market
from bot.storage import SqliteStore
from bot.storage.sqlite_schema import migrations

PARIS, BERLIN = ZoneInfo("Europe/Paris"), ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 1, 4, 8, tzinfo=UTC)  # 09:00 in Paris


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(MONDAY)


@pytest.fixture
def services(db_path, clock):
    services = Services.open(db_path, clock=clock)
    yield services
    services.close()


def owner(services: Services, user_id: int, language: str = "fr", country: str = "FR",
          region: str | None = None) -> int:
    """An owner with the butcher's verdict, made now."""
    services.store.ensure_user(user_id, language=language)
    services.store.set_market(user_id, country, region)
    while (view := services.engine.view(user_id, "assessment")).question.id != "checkins":
        with use_locale(language):
            services.engine.handle(user_id, "assessment", Text(BUTCHER_TYPED[view.question.id]))
    with use_locale(language):
        view = services.engine.handle(user_id, "assessment", Text("monthly")).view
    verdicts.conclude(services, user_id, view)
    return user_id


def check_in(services: Services, user_id: int) -> None:
    """A check-in with every figure skipped, finished now."""
    view = checkins.start(services, user_id)
    while not view.finished:
        view = services.engine.handle(user_id, checkins.DIALOG, Skip()).view


def reminders_over(services: Services, clock: Clock, user_id: int, until: datetime) -> list[datetime]:
    """Every reminder the sweep would send up to `until`, each marked sent when it goes out, on the owner's clock."""
    sent = []
    while (schedule := services.store.schedule(user_id)).next_due_at <= until:
        clock.now = schedule.next_due_at
        assert [row.user_id for row in schedules.due(services, clock.now)] == [user_id]
        schedules.mark_sent(services, schedule, clock.now)
        sent.append(clock.now.astimezone(ZoneInfo(schedule.timezone)))
    return sent


# ------------------------------------------------------------------ the weekday holds
@pytest.mark.parametrize("weekday", [3, 4])  # Thursday, Friday: the two owners of the report
def test_monthly_reminders_keep_the_chosen_weekday_all_year(services, clock, weekday):
    user = owner(services, 1)
    schedules.set_rhythm(services, user, "monthly", weekday, 9, clock.now)
    sent = reminders_over(services, clock, user, datetime(2028, 1, 31, tzinfo=UTC))
    assert len(sent) == 12
    market = Market("FR")
    # Each reminder is on the weekday, or on the next working day after a public holiday (Ascension Thursday).
    beats = [moment.date() - timedelta(days=(moment.weekday() - weekday) % 7) for moment in sent]
    for moment, beat in zip(sent, beats, strict=True):
        assert moment.hour == 9 and moment.weekday() != 6
        assert moment.date() == beat or all(market.is_holiday(beat + timedelta(days=n))
                                             for n in range((moment.date() - beat).days)), moment
    # Which one in the month is the same each time (here the first), so the check-ins are four or five weeks apart.
    assert {(day.day - 1) // 7 for day in beats} == {0}
    assert all(28 <= (later - earlier).days <= 35 for earlier, later in itertools.pairwise(beats))


def test_the_schedule_names_the_weekday_of_the_month(services, clock):
    from bot.render.schedule import schedule_text

    user = owner(services, 1)
    schedules.set_rhythm(services, user, "monthly", 3, 9, clock.now)
    with use_locale("fr"):
        assert "le premier jeudi du mois à 9\u00a0h" in schedule_text(services.store.schedule(user))
    with use_locale("de"):
        assert "jeden ersten Donnerstag im Monat um 09:00 Uhr" in schedule_text(services.store.schedule(user))


# ------------------------------------------------------------------ the first check-in
@pytest.mark.parametrize(("every", "days"), [("weekly", 7), ("biweekly", 14), ("monthly", 31)])
@pytest.mark.parametrize("weekday", range(7))
def test_the_first_check_in_comes_a_full_period_after_the_verdict(services, clock, every, days, weekday):
    clock.now = datetime(2027, 1, 6, 15, tzinfo=UTC)  # a Wednesday afternoon verdict
    user = owner(services, 1)
    schedules.set_rhythm(services, user, every, weekday, 9 if weekday % 2 else 18, clock.now)
    beat = services.store.schedule(user).period_due_at.astimezone(PARIS)
    assert beat.weekday() == weekday
    assert days <= (beat.date() - date(2027, 1, 6)).days < days + 7


def test_the_first_check_in_after_a_late_choice_counts_from_the_last_check_in(services, clock):
    user = owner(services, 1)
    clock.now += timedelta(days=20)
    check_in(services, user)  # Sunday 24 January
    clock.now += timedelta(days=2)
    schedules.set_rhythm(services, user, "weekly", 1, 9, clock.now)  # Tuesdays, chosen on Tuesday 26
    assert services.store.schedule(user).next_due_at.astimezone(PARIS).date() == date(2027, 2, 2)


# ------------------------------------------------------------------ holidays and Sundays
def test_remind_me_tomorrow_skips_a_public_holiday_and_the_sunday_after_it(services, clock):
    clock.now = datetime(2027, 4, 20, 8, tzinfo=UTC)
    user = owner(services, 1)
    schedules.set_rhythm(services, user, "weekly", 4, 9, clock.now)  # Fridays at 9:00
    friday = datetime(2027, 5, 7, 7, tzinfo=UTC)
    while services.store.schedule(user).next_due_at < friday:
        schedules.mark_sent(services, services.store.schedule(user), services.store.schedule(user).next_due_at)
    assert services.store.schedule(user).next_due_at == friday
    schedules.mark_sent(services, services.store.schedule(user), friday)
    again = schedules.snooze(services, user, friday + timedelta(hours=2))
    # Saturday 8 May is Victory in Europe Day in France, then a Sunday: Monday 10 May at the owner's hour.
    assert again.astimezone(PARIS) == datetime(2027, 5, 10, 9, tzinfo=PARIS)


def test_a_snooze_on_saturday_comes_on_monday_unless_the_owner_chose_sundays(services, clock):
    user = owner(services, 1, language="de", country="DE")
    saturday = datetime(2027, 3, 6, 10, tzinfo=UTC)
    schedules.set_rhythm(services, user, "weekly", 5, 9, saturday)
    assert schedules.snooze(services, user, saturday).astimezone(BERLIN) == datetime(2027, 3, 8, 9, tzinfo=BERLIN)
    schedules.set_rhythm(services, user, "weekly", 6, 9, saturday)
    assert schedules.snooze(services, user, saturday).astimezone(BERLIN) == datetime(2027, 3, 7, 9, tzinfo=BERLIN)


def test_a_follow_up_never_falls_on_a_sunday(services, clock):
    services.store.ensure_user(2, language="fr")
    services.store.set_market(2, "FR", None)
    clock.now = datetime(2027, 1, 3, 12, tzinfo=UTC)  # a Sunday: four weeks on is a Sunday too
    not_ready = assess({**_stored_butcher(services), "horizon": "weeks"}, "EUR")
    assert not_ready.follow_up.after_weeks == 4
    due = verdicts.follow_up_due(services, 2, not_ready).astimezone(PARIS)
    assert (due.date(), due.hour) == (date(2027, 2, 1), 10)


def _stored_butcher(services: Services) -> dict:
    owner(services, 99)
    return dict(services.engine.view(99, "assessment").answers)


# ------------------------------------------------------------------ an early check-in
def test_an_early_check_in_moves_the_next_reminder_a_full_period_on(services, clock):
    user = owner(services, 1)
    schedules.set_rhythm(services, user, "weekly", 3, 9, clock.now)  # Thursdays
    first = services.store.schedule(user).next_due_at
    clock.now = first - timedelta(days=2)  # before the reminder
    check_in(services, user)
    schedules.checked_in(services, user)
    assert services.store.schedule(user).next_due_at == first + timedelta(weeks=1)


def test_a_check_in_answering_its_reminder_keeps_the_rhythm_even_a_little_late(services, clock):
    user = owner(services, 1)
    schedules.set_rhythm(services, user, "weekly", 3, 9, clock.now)
    first = services.store.schedule(user).next_due_at
    clock.now = first
    schedules.mark_sent(services, services.store.schedule(user), first)
    clock.now = first + timedelta(days=2)  # answered on Saturday
    check_in(services, user)
    schedules.checked_in(services, user)
    following = services.store.schedule(user)
    assert following.next_due_at == first + timedelta(weeks=1) and following.unanswered == 0
    # Answered six days late, the next Thursday is the day after: that one is let go.
    clock.now = following.next_due_at
    schedules.mark_sent(services, following, clock.now)
    clock.now += timedelta(days=6)
    check_in(services, user)
    schedules.checked_in(services, user)
    assert services.store.schedule(user).next_due_at == first + timedelta(weeks=3)


# ------------------------------------------------------------------ unanswered reminders
def test_only_the_rhythm_s_own_reminders_count_as_unanswered_until_a_check_in(services, clock):
    user = owner(services, 1)
    schedules.set_rhythm(services, user, "weekly", 0, 9, clock.now)
    for _ in range(2):
        schedule = services.store.schedule(user)
        clock.now = schedule.next_due_at
        schedules.mark_sent(services, schedule, clock.now)
        schedules.snooze(services, user, clock.now)  # asked again tomorrow: that one adds nothing
        clock.now = services.store.schedule(user).next_due_at
        schedules.mark_sent(services, services.store.schedule(user), clock.now)
    assert services.store.schedule(user).unanswered == 2
    assert not schedules.gone_quiet(services.store.schedule(user))
    schedule = services.store.schedule(user)
    schedules.mark_sent(services, schedule, schedule.next_due_at)
    assert schedules.gone_quiet(services.store.schedule(user))
    check_in(services, user)
    assert schedules.checked_in(services, user).unanswered == 0


# ------------------------------------------------------------------ stored schedules
def test_schedules_stored_before_keep_their_owner_and_take_the_weekday_of_the_month(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    migrations.apply(old, stop_before="m013_reminders_on_the_owner_s_terms")
    old["users"].insert_all([{"id": 1, "created_at": "2027-01-01T00:00:00+00:00"},
                             {"id": 2, "created_at": "2027-01-01T00:00:00+00:00"}])
    for user, anchor, due in ((1, 1, "2027-08-01T07:00:00+00:00"), (2, 31, "2027-07-31T07:00:00+00:00")):
        old["schedules"].insert({"user_id": user, "every": "monthly", "weekday": 3, "hour": 9,
                                 "timezone": "Europe/Paris", "anchor_day": anchor, "status": "active",
                                 "next_due_at": due, "period_due_at": due, "updated_at": "2027-07-01"})
    old.close()

    store = SqliteStore(path)
    try:
        first, last = store.schedule(1), store.schedule(2)
        assert (first.every, first.weekday, first.hour, first.week_of_month, first.unanswered) == \
            ("monthly", 3, 9, 1, 0)
        assert last.week_of_month == 5
        services = Services(store=store, specs={}, engine=None)
        schedules.mark_sent(services, first, first.next_due_at)
        schedules.mark_sent(services, last, last.next_due_at)
        # The Sunday and the Saturday the old rule gave are followed by the first Thursday of September and
        # the last of August: a month on, on the owner's weekday.
        assert store.schedule(1).next_due_at.astimezone(PARIS) == datetime(2027, 9, 2, 9, tzinfo=PARIS)
        assert store.schedule(2).next_due_at.astimezone(PARIS) == datetime(2027, 8, 26, 9, tzinfo=PARIS)
        assert store.schedule(2).unanswered == 1
    finally:
        store.close()
