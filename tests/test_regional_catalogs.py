"""Regional catalogs (locales/de_CH, fr_BE...) hold only what is worded differently in that country.

gettext reads the regional catalog first and the language's catalog for everything else, so a
regional entry that says the same as its language's is dead weight, and one whose msgid left the
code is never shown. Swiss German has no ß and quotes with «»: those entries are derived from the
German catalog by scripts/update-catalogs, and must follow it.
"""

from __future__ import annotations

import gettext
import importlib.util
import shutil
import sys
import types
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import _, language_of, ngettext, pgettext, use_locale
from bot.i18n.catalogs import regional_locales
from bot.paths import locales_dir
from bot.render.questions import label

ROOT = Path(__file__).resolve().parent.parent
MARKETS = {"de_AT", "de_CH", "fr_BE", "fr_CH", "fr_CA"}
STAFF = ("Staff or apprentices: tell your customers and your team that you are hiring, and go to the schools "
         "and the employment agency near you.")


def read(path: Path):
    with open(path, "rb") as po:
        return read_po(po)


def catalog(locale: str):
    return read(locales_dir() / locale / "LC_MESSAGES" / "messages.po")


def entries(locale: str):
    return [message for message in catalog(locale) if message.id]


def forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def script():
    spec = importlib.util.spec_from_file_location("update_catalogs", ROOT / "scripts" / "update_catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_markets_have_their_catalog():
    assert set(regional_locales()) >= MARKETS
    assert all(entries(locale) for locale in MARKETS)


@pytest.mark.parametrize("locale", regional_locales())
def test_a_regional_entry_is_in_the_template_and_differs_from_its_language(locale):
    template, parent = read(locales_dir() / "messages.pot"), catalog(language_of(locale))
    for message in entries(locale):
        source = template.get(message.id, message.context)
        assert source is not None and source.id == message.id, f"{message.id!r} is not in the template"
        assert message.string != parent.get(message.id, message.context).string, \
            f"{message.id!r} says the same in {locale} as in {language_of(locale)}"


def swiss(text: str) -> str:
    return text.replace("ß", "ss").replace("„", "«").replace("“", "»")


def test_every_german_entry_with_sharp_s_or_low_quotes_has_a_swiss_one():
    swiss_entries = {(message.id if isinstance(message.id, str) else message.id[0], message.context): message
                     for message in entries("de_CH")}
    derived = script().DERIVED
    checked = 0
    for german in entries("de"):
        if not any(mark in form for form in forms(german) for mark in "ß„"):
            continue
        key = german.id if isinstance(german.id, str) else german.id[0], german.context
        assert key in swiss_entries, f"no de_CH entry for {german.id!r}: run scripts/update-catalogs"
        if derived in swiss_entries[key].user_comments:  # else written by hand: a Swiss word
            assert forms(swiss_entries[key]) == tuple(map(swiss, forms(german))), \
                f"the de_CH entry for {german.id!r} no longer follows the German one: run scripts/update-catalogs"
        checked += 1
    assert checked > 20
    assert not [form for message in swiss_entries.values() for form in forms(message) if set(form) & set("ß„“")]


def test_swiss_german_is_spelled_without_sharp_s():
    with use_locale("de"):
        german = _("What is your business called?"), _("A wide range in stock")
    with use_locale("de_CH"):
        assert (_("What is your business called?"), _("A wide range in stock")) == ("Wie heisst Ihr Betrieb?",
                                                                                   "Grosse Auswahl auf Lager")
        assert _("Choose, then press Done.") == "Wählen Sie aus und tippen Sie dann auf «Fertig»."
    assert german == ("Wie heißt Ihr Betrieb?", "Große Auswahl auf Lager")


@pytest.mark.parametrize(("locale", "apprentice", "agency"), [
    ("de", "Ein Azubi oder Praktikant", "Arbeitsagentur"),
    ("de_CH", "Ein Lernender oder Praktikant", "RAV"),
    ("de_AT", "Ein Lehrling oder Praktikant", "AMS"),
])
def test_the_words_of_the_country_and_the_language_for_the_rest(specs, locale, apprentice, agency):
    questions = specs["assessment"].questions
    with use_locale("de"):
        german = (_("Please give a whole number."), label(questions["stamina"].option("no")),
                  ngettext("{number} hour", "{number} hours", 3, number=3))
    with use_locale(locale):
        assert label(questions["who"].option("apprentice")) == apprentice
        assert agency in _(STAFF)
        # Entries the regional catalog lacks come from the German one: the same text, not the English.
        assert (_("Please give a whole number."), label(questions["stamina"].option("no")),
                ngettext("{number} hour", "{number} hours", 3, number=3)) == german
    assert german == ("Bitte geben Sie eine ganze Zahl ein.", "Nein", "3\u00a0Stunden")


def test_belgian_french_says_jours_ouvrables_and_is_french_for_the_rest(specs):
    daily = specs["assessment"].questions["frequency"].option("daily")
    with use_locale("fr"):
        french = label(daily), _("Please give a whole number."), pgettext("customer_age", "All ages")
    with use_locale("fr_BE"):
        assert label(daily) == "Tous les jours ouvrables"
        assert "Forem" in _(STAFF)
        assert (_("Please give a whole number."), pgettext("customer_age", "All ages")) == french[1:]
    assert french == ("Tous les jours ouvrés", "Merci d'indiquer un nombre entier.", "Tous âges")


def test_quebec_french_has_its_weekend_website_and_lunch():
    with use_locale("fr_CA"):
        assert pgettext("timeslot", "At the weekend") == "La fin de semaine"
        assert _("Do you have a website?") == "Avez-vous un site Web\xa0?"
        assert "dîner" in _("Post today's hot dish before the lunch break.")
    with use_locale("fr_CH"):
        assert pgettext("timeslot", "At the weekend") == "Le week-end"


# The update script, on a copy of the catalogs.

def update(tmp_path: Path, template=None, created=(), **changed_german: str) -> Path:
    """Run the regional part of scripts/update-catalogs on a copy of locales/, some German entries changed."""
    module = script()
    locales = tmp_path / "locales"
    if not locales.exists():
        shutil.copytree(locales_dir(), locales, ignore=shutil.ignore_patterns("*.mo"))
    template = template or read(locales / "messages.pot")
    bases = {language: read(locales / language / "LC_MESSAGES" / "messages.po") for language in module.TEAMS}
    for msgid, string in changed_german.items():
        bases["de"][msgid].string = string
    name, version = module._project()
    module.update_regional(template, bases, name, version, list(created), locales=locales)
    return locales


def test_the_regional_catalogs_are_what_the_update_script_writes(tmp_path, capsys):
    locales = update(tmp_path)
    for locale in regional_locales():
        relative = Path(locale) / "LC_MESSAGES" / "messages.po"
        assert script()._without_dates((locales / relative).read_bytes()) == \
            script()._without_dates((locales_dir() / relative).read_bytes()), \
            f"run scripts/update-catalogs ({locale})"
    assert capsys.readouterr().err == ""


def test_a_new_regional_catalog_has_the_header_of_its_country_and_no_entries(tmp_path, capsys):
    created = read(update(tmp_path, created=["fr_MA"]) / "fr_MA" / "LC_MESSAGES" / "messages.po")
    assert str(created.locale) == "fr_MA" and created.language_team == "French (Morocco)"
    assert created.plural_forms == catalog("fr").plural_forms and not created.fuzzy  # else never compiled
    assert [message.id for message in created if message.id] == []
    assert "new catalog locales/fr_MA/LC_MESSAGES/messages.po: add the entries whose wording differs there" \
        in capsys.readouterr().err.splitlines()


def test_the_update_follows_the_german_entries_and_drops_what_left_the_code(tmp_path, capsys):
    locales = update(tmp_path)
    swiss_po = locales / "de_CH" / "LC_MESSAGES" / "messages.po"
    swiss_po.write_text(swiss_po.read_text(encoding="utf-8") + (
        '\nmsgid "A sentence the code no longer says"\nmsgstr "Ein Satz, den es nicht mehr gibt"\n'
        '\nmsgid "Tools and ads"\nmsgstr "Tools und Werbung"\n'  # the same as in German
        '\nmsgid "Keeping it up"\nmsgstr "Dranbleiben, gross geschrieben und mit ß: Spaß"\n'), encoding="utf-8")
    capsys.readouterr()
    update(tmp_path, **{"Also noted": "Außerdem noch", "Hours today": "Stunden heute, Maß genommen"})
    updated = read(swiss_po)
    assert updated.get("Also noted").string == "Ausserdem noch"  # derived anew from the German entry
    assert updated.get("Hours today").string == "Stunden heute, Mass genommen"  # a new German ß
    assert updated.get("Keeping it up").string == "Dranbleiben, gross geschrieben und mit ss: Spass"
    assert updated.get("A sentence the code no longer says") is None and updated.get("Tools and ads") is None
    assert capsys.readouterr().err.splitlines() == [
        "locales/de_CH/LC_MESSAGES/messages.po: dropped 'A sentence the code no longer says', "
        "no longer in the template",
        "locales/de_CH/LC_MESSAGES/messages.po: dropped 'Tools and ads', it says the same as locales/de"]


def test_a_regional_entry_whose_msgid_changed_is_dropped(tmp_path):
    locales = update(tmp_path)
    template = read(locales / "messages.pot")
    old = template.get("Every working day", "frequency")
    template.delete("Every working day", "frequency")
    template.add("Every day you work", old.string, old.locations, context="frequency")
    update(tmp_path, template)
    belgian = read(locales / "fr_BE" / "LC_MESSAGES" / "messages.po")
    assert belgian.get("Every working day", "frequency") is None
    assert belgian.get("Every day you work", "frequency") is None  # the template's new entry is not filled in
    assert belgian.get(STAFF) is not None


def test_a_wheel_build_compiles_the_regional_catalogs(tmp_path, monkeypatch):
    """hatch_build.py compiles every catalog it finds into the folder the wheel takes as it is."""
    interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")

    class BuildHookInterface:
        def __init__(self, root: str) -> None:
            self.root = root

    interface.BuildHookInterface = BuildHookInterface
    for name in ("hatchling", "hatchling.builders", "hatchling.builders.hooks", "hatchling.builders.hooks.plugin"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, interface.__name__, interface)
    shutil.copytree(locales_dir(), tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook.CompileCatalogs(str(tmp_path)).initialize("standard", {})
    swiss = gettext.translation("messages", tmp_path / "locales", languages=["de_CH", "de"])
    assert swiss.gettext("What is your business called?") == "Wie heisst Ihr Betrieb?"
    assert swiss.gettext("Please give a whole number.") == "Bitte geben Sie eine ganze Zahl ein."
    assert '"locales" = "bot/_data/locales"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.parametrize("locale", ["de_CH", "de_AT"])
def test_an_apprentice_is_never_an_azubi_in_switzerland_or_austria(locale):
    """'Azubi' is German German: every entry that says it has its Swiss ('Lernende') and Austrian ('Lehrling') one."""
    said = [message for message in entries("de") if "Azubi" in " ".join(forms(message))]
    with use_locale(locale):
        there = [pgettext(message.context, message.id) if message.context else _(message.id) for message in said]
    assert len(said) >= 4 and [text for text in there if "Azubi" in text] == []


def test_a_canadian_owner_outside_quebec_is_not_sent_to_services_quebec_alone():
    with use_locale("fr_CA"):
        staff = _(STAFF)
    assert "centre d'emploi de votre région (Services Québec au Québec)" in staff
