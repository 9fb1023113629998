"""The owner's market: their country (and region), which set the locale, currency, time zone and holidays.

Countries are the advisor's markets; the locale is the language with the country
("de_CH") wherever Babel knows that pair, so a German speaker in Luxembourg gets
de_LU and nobody gets a locale CLDR lacks. Currencies come from CLDR, public holidays
from the `holidays` package, region names (German Länder, Swiss cantons, Austrian
states, Canadian provinces, the French areas with holidays of their own) from
pycountry's ISO 3166-2 list and its translations.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cache

import holidays
import pycountry
from babel import Locale, UnknownLocaleError
from babel.numbers import get_territory_currencies

MARKETS = ("DE", "AT", "CH", "FR", "BE", "LU", "CA")
# Where a language without a region (Telegram's usual "de", "fr") most likely writes from.
HOME = {"de": "DE", "fr": "FR"}
_ZONES = {"DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich", "FR": "Europe/Paris",
          "BE": "Europe/Brussels", "LU": "Europe/Luxembourg", "CA": "America/Toronto"}
# Canada spans six zones; a province picks its own (the others are Eastern like Québec and Ontario).
_REGION_ZONES = {("CA", "BC"): "America/Vancouver", ("CA", "AB"): "America/Edmonton",
                 ("CA", "SK"): "America/Regina", ("CA", "MB"): "America/Winnipeg",
                 ("CA", "NB"): "America/Halifax", ("CA", "NS"): "America/Halifax",
                 ("CA", "PE"): "America/Halifax", ("CA", "NL"): "America/St_Johns",
                 ("CA", "YT"): "America/Whitehorse", ("CA", "NT"): "America/Yellowknife",
                 ("FR", "971"): "America/Guadeloupe", ("FR", "972"): "America/Martinique",
                 ("FR", "973"): "America/Cayenne", ("FR", "974"): "Indian/Reunion",
                 ("FR", "976"): "Indian/Mayotte"}
# The regions whose public holidays differ from the country's, as ISO 3166-2 codes after the
# country (the `holidays` package's own codes where they differ: Austria numbers its states).
# Belgium's holidays are national and Luxembourg has no regions; France differs only in
# Alsace, Moselle and the overseas departments.
_REGIONS = {"DE": ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"),
            "AT": ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
            "CH": ("AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE", "NW", "OW",
                   "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH"),
            "FR": ("6AE", "57", "971", "972", "973", "974", "976"),
            "CA": ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")}
# Names the ISO 3166-2 translations spell otherwise than the region's own people do.
_USUAL_NAMES = {("de", "CH-BE"): "Bern", ("fr", "CH-BE"): "Berne", ("de", "CH-SG"): "St. Gallen",
                ("de", "CA-NL"): "Neufundland und Labrador", ("fr", "DE-TH"): "Thuringe",
                ("fr", "DE-NW"): "Rhénanie-du-Nord-Westphalie", ("fr", "DE-MV"): "Mecklembourg-Poméranie-Occidentale",
                ("fr", "CA-NB"): "Nouveau-Brunswick", ("fr", "CA-PE"): "Île-du-Prince-Édouard",
                ("fr", "FR-973"): "Guyane"}


@dataclass(frozen=True)
class Market:
    """Where the owner's business is: a country of MARKETS and, if given, one of its regions."""

    country: str
    region: str | None = None

    def __post_init__(self) -> None:
        if self.country not in MARKETS:
            raise ValueError(f"not a market: {self.country!r}")
        if self.region is not None and self.region not in regions(self.country):
            raise ValueError(f"not a region of {self.country}: {self.region!r}")

    @property
    def currency(self) -> str:
        return currency_of(self.country)

    @property
    def timezone(self) -> str:
        """The zone check-ins follow until the owner names another."""
        return _REGION_ZONES.get((self.country, self.region or ""), _ZONES[self.country])

    def locale(self, language: str) -> str:
        return locale_for(language, self.country)

    def is_holiday(self, day: date) -> bool:
        """A public holiday nationwide, or in the region if given."""
        return day in _holidays(self.country, self.region, day.year)


@cache
def _holidays(country: str, region: str | None, year: int) -> holidays.HolidayBase:
    """A year's public holidays, worked out once: the reminder sweep asks for many owners at a time."""
    return holidays.country_holidays(country, subdiv=region, years=year)


@cache
def locale_for(language: str, country: str | None) -> str:
    """"de_CH" for a German speaker in Switzerland; the bare language where CLDR has no such pair."""
    if country is None:
        return language
    try:
        Locale.parse(f"{language}_{country}")
    except UnknownLocaleError:
        return language
    return f"{language}_{country}"


def countries_for(language: str) -> tuple[str, ...]:
    """The markets offered to a speaker of `language`: those where CLDR knows the language."""
    return tuple(country for country in MARKETS if locale_for(language, country) != language)


def guess_country(language: str, language_code: str | None) -> str:
    """The country to offer first: the region of Telegram's language code ("fr-BE") if it is a market
    for that language, else the language's home."""
    region = (language_code or "").replace("_", "-").split("-")[1:2]
    if region and region[0].upper() in countries_for(language):
        return region[0].upper()
    return HOME[language]


@cache
def currency_of(country: str) -> str:
    """The country's legal tender today, from CLDR (EUR, CHF, CAD)."""
    return get_territory_currencies(country, date.today())[0]


def country_name(country: str, locale: str) -> str:
    """The country's name in the reader's language: "Schweiz", "Suisse"."""
    name: str = Locale.parse(locale).territories[country]
    return name


def regions(country: str) -> tuple[str, ...]:
    """The regions the owner may choose from (for their public holidays); none for Belgium and Luxembourg."""
    return _REGIONS.get(country, ())


def region_name(country: str, region: str, language: str) -> str:
    """A region's name in the reader's language ("Genf", "Genève"), from ISO 3166-2."""
    code = f"{country}-{region}"
    found = pycountry.subdivisions.get(code=code)
    if found is None:
        raise ValueError(f"no such region: {code}")
    return _USUAL_NAMES.get((language, code)) or _iso_names(language).gettext(found.name)


@cache
def _iso_names(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)
