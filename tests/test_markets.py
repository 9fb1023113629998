"""The owner's market: locale, currency, time zone, regions and public holidays per country."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app.rhythm import Rhythm, first_due, next_due, working_day
from bot.i18n import current_currency, use_currency, use_locale
from bot.i18n.markets import (
    MARKETS,
    Market,
    countries_for,
    country_name,
    guess_country,
    locale_for,
    region_name,
    regions,
)


@pytest.mark.parametrize(("language", "country", "locale"), [
    ("de", "DE", "de_DE"), ("de", "AT", "de_AT"), ("de", "CH", "de_CH"), ("fr", "FR", "fr_FR"),
    ("fr", "BE", "fr_BE"), ("fr", "CH", "fr_CH"), ("fr", "LU", "fr_LU"), ("fr", "CA", "fr_CA"),
    ("de", "CA", "de"),  # CLDR has no German for Canada: the bare language
    ("fr", None, "fr"),
])
def test_the_locale_is_the_language_with_the_country_where_cldr_knows_the_pair(language, country, locale):
    assert locale_for(language, country) == locale


def test_each_language_is_offered_the_markets_that_speak_it():
    assert countries_for("de") == ("DE", "AT", "CH", "BE", "LU")
    assert countries_for("fr") == ("CH", "FR", "BE", "LU", "CA")


@pytest.mark.parametrize(("language", "code", "guess"), [
    ("de", "de-CH", "CH"), ("fr", "fr-BE", "BE"), ("fr", "fr_CA", "CA"), ("de", "de", "DE"), ("fr", None, "FR"),
    ("de", "de-IT", "DE"),  # South Tyrol is not one of our markets: the language's home is offered first
    ("fr", "de-CH", "CH"),
])
def test_the_country_offered_first_comes_from_telegrams_language_code(language, code, guess):
    assert guess_country(language, code) == guess


def test_currency_and_zone_follow_the_country_and_region():
    assert [Market(country).currency for country in MARKETS] == ["EUR", "EUR", "CHF", "EUR", "EUR", "EUR", "CAD"]
    assert Market("CH").timezone == "Europe/Zurich"
    assert Market("CA").timezone == "America/Toronto"
    assert Market("CA", "BC").timezone == "America/Vancouver"
    assert Market("FR", "974").timezone == "Indian/Reunion"


def test_the_current_currency_is_the_locales_unless_one_is_in_use():
    with use_locale("de_CH"):
        assert current_currency() == "CHF"
        with use_currency("EUR"):  # a verdict decided in euros stays in euros
            assert current_currency() == "EUR"
        assert current_currency() == "CHF"
    with use_locale("fr"):
        assert current_currency() == "EUR"


def test_a_market_refuses_a_country_or_region_it_does_not_serve():
    with pytest.raises(ValueError):
        Market("US")
    with pytest.raises(ValueError):
        Market("CH", "BY")
    assert regions("BE") == regions("LU") == ()


def test_regions_are_named_as_their_people_name_them_in_each_language():
    assert region_name("CH", "GE", "de") == "Genf"
    assert region_name("CH", "GE", "fr") == "Genève"
    assert region_name("CH", "BE", "de") == "Bern"
    assert region_name("CH", "BE", "fr") == "Berne"
    assert region_name("CH", "SG", "de") == "St. Gallen"
    assert region_name("CA", "NL", "de") == "Neufundland und Labrador"
    assert region_name("DE", "BY", "fr") == "Bavière"
    assert region_name("DE", "NW", "fr") == "Rhénanie-du-Nord-Westphalie"
    assert region_name("CA", "QC", "fr") == "Québec"
    assert country_name("CH", "de_CH") == "Schweiz"
    assert country_name("BE", "fr_BE") == "Belgique"


@pytest.mark.parametrize(("market", "day"), [
    (Market("DE"), date(2027, 5, 1)), (Market("FR"), date(2027, 5, 1)), (Market("CH"), date(2027, 8, 1)),
    (Market("AT"), date(2027, 10, 26)), (Market("BE"), date(2027, 7, 21)), (Market("LU"), date(2027, 6, 23)),
    (Market("CA", "QC"), date(2027, 6, 24)), (Market("DE", "BY"), date(2027, 1, 6)),
    (Market("FR", "6AE"), date(2027, 12, 26)), (Market("CH", "GE"), date(2027, 12, 31)),
])
def test_public_holidays_of_each_country_and_region(market, day):
    assert market.is_holiday(day)


def test_a_regional_holiday_is_not_the_whole_countrys():
    assert not Market("DE").is_holiday(date(2027, 1, 6))  # Epiphany: Bavaria, Baden-Württemberg, Saxony-Anhalt
    assert not Market("FR").is_holiday(date(2027, 12, 26))  # St Stephen's Day: Alsace and Moselle only
    assert not Market("DE", "BY").is_holiday(date(2027, 10, 31))  # Reformation Day: the northern and eastern Länder


def test_a_reminder_on_a_public_holiday_moves_to_the_next_working_day_at_the_same_hour():
    # Saturday 1 May 2027 at 09:00 in Berlin: Labour Day, and the next day a Sunday: Monday 3 May.
    rhythm = Rhythm("weekly", 5, 9, "Europe/Berlin")
    beat, _rhythm = first_due(rhythm, datetime(2027, 4, 23, 12, tzinfo=UTC), datetime(2027, 4, 30, 12, tzinfo=UTC))
    assert beat == datetime(2027, 5, 1, 7, tzinfo=UTC)
    assert working_day(beat, rhythm.timezone, Market("DE")) == datetime(2027, 5, 3, 7, tzinfo=UTC)
    # An owner who chose Sundays gets Sunday: a holiday on Saturday moves to their own day.
    assert working_day(beat, rhythm.timezone, Market("DE"), sunday=True) == datetime(2027, 5, 2, 7, tzinfo=UTC)
    # Without a market (an owner who never said), only a Sunday moves.
    assert working_day(beat, rhythm.timezone, None) == beat
    sunday = beat + timedelta(days=1)
    assert working_day(sunday, rhythm.timezone, None) == sunday + timedelta(days=1)


def test_christmas_and_st_stephens_day_push_a_reminder_past_both():
    rhythm = Rhythm("weekly", 5, 10, "Europe/Zurich")  # Saturdays
    beat = next_due(rhythm, datetime(2027, 12, 18, 9, tzinfo=UTC), datetime(2027, 12, 20, tzinfo=UTC))
    assert beat.date() == date(2027, 12, 25)
    moved = working_day(beat, rhythm.timezone, Market("CH", "ZH"))
    assert moved == datetime(2027, 12, 27, 9, tzinfo=UTC)  # Sat 25 and Sun 26 (St Stephen's in Zurich): Monday


def test_the_beat_stays_on_its_weekday_after_a_moved_reminder():
    """The rhythm is not shifted by a holiday: the week after Labour Day is again a Saturday."""
    rhythm = Rhythm("weekly", 5, 9, "Europe/Berlin")
    beat = datetime(2027, 5, 1, 7, tzinfo=UTC)
    following = next_due(rhythm, beat, datetime(2027, 5, 3, 8, tzinfo=UTC))
    assert following == datetime(2027, 5, 8, 7, tzinfo=UTC)



def test_an_assessment_under_way_takes_the_new_currency_until_an_amount_is_given(db_path):
    from bot.app import Services, users
    from bot.engine import Text

    services = Services.open(db_path)
    services.store.ensure_user(1, language="de")
    users.set_market(services, 1, Market("DE"))
    with use_locale("de_DE"):
        services.engine.handle(1, "assessment", Text("beauty"))
    assert users.set_market(services, 1, Market("CH")) is None  # no amount yet: the assessment is now in francs
    assert services.store.active_conversation(1, "assessment").currency == "CHF"
    with use_locale("de_CH"):
        services.engine.handle(1, "assessment", Text("3"))  # staff
        services.engine.handle(1, "assessment", Text("150'000"))  # revenue, in francs
    assert users.set_market(services, 1, Market("DE")) == "CHF"  # kept, and the owner is told so
    conversation = services.store.active_conversation(1, "assessment")
    assert conversation.currency == "CHF"
    assert services.store.answers(conversation.id)["country"] == "DE"
    services.close()


def test_a_country_change_that_fails_halfway_stores_none_of_it(database, monkeypatch):
    """The user's country, the open assessment's country and currency, the schedule: all or nothing."""
    from bot.app import Services, users
    from bot.engine import Text
    from bot.storage import StorageError

    services = Services.open(database)
    services.store.ensure_user(1, language="de")
    users.set_market(services, 1, Market("DE"))
    with use_locale("de_DE"):
        services.engine.handle(1, "assessment", Text("beauty"))

    def full_disk(*args):
        raise StorageError("the disk is full")

    monkeypatch.setattr(services.store, "set_currency", full_disk)  # the third of the four writes
    with pytest.raises(StorageError):
        users.set_market(services, 1, Market("CH"))
    assert services.store.user(1).country == "DE"
    conversation = services.store.active_conversation(1, "assessment")
    assert (conversation.currency, services.store.answers(conversation.id)["country"]) == ("EUR", "DE")
    services.close()
