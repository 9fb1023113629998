"""Re-extract every message into locales/messages.pot and merge it into each catalog.

Run by scripts/update-catalogs. Files are written only when their messages changed, so the
POT-Creation-Date moves only then. The headers carry the project's name and version from
pyproject.toml; Babel's warnings (an unreadable string, a bad keyword) reach the terminal, and
nothing else is printed on success.

A regional catalog (locales/de_CH) holds only the entries whose wording differs in that country
from its language's catalog; gettext reads the language's catalog for the rest. It is never filled
from the template: its own entries are kept while their msgid (and msgctxt) is in the template, and
an entry that left it, or that now says the same as the language's catalog, is dropped with a line
on stderr. Swiss German spelling (ss for ß, «» for „“) is derived from the German catalog: every
German entry it changes gets a de_CH entry written here, marked by DERIVED, so it follows the German
one; the entries written by hand (a Swiss word) are kept, spelled the same way.
`scripts/update-catalogs fr_MA` creates the regional catalog fr_MA.
"""

from __future__ import annotations

import io
import sys
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "messages.pot"
TEAMS = {"fr": "French", "de": "German"}
DERIVED = "Swiss spelling of locales/de, written by scripts/update-catalogs"  # Babel wraps comments at 76 columns
SWISS_SPELLING = str.maketrans({"ß": "ss", "„": "«", "“": "»", "‚": "‹", "‘": "›"})


def swiss(text: str) -> str:
    """Swiss Standard German spelling: never ß (always ss), and guillemets for quotation marks."""
    return text.translate(SWISS_SPELLING)


SPELLING: dict[str, Callable[[str], str]] = {"de_CH": swiss}  # applied to every entry of these regional catalogs


def _project() -> tuple[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["name"], project["version"]


def _header_comment(what: str, name: str) -> str:
    return f"# {what} for {name}.\n# This file is distributed under the same license as the {name} project.\n#"


def _fill_header(catalog: Catalog, name: str, version: str) -> None:
    catalog.project, catalog.version = name, version
    catalog.msgid_bugs_address = ""  # set after construction: Babel's constructor puts a placeholder for ""
    catalog.copyright_holder = ""


def _text(catalog: Catalog, template: bool) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, ignore_obsolete=True, omit_header=False, sort_by_file=template)
    return out.getvalue()


def _without_dates(text: bytes) -> bytes:
    return b"\n".join(line for line in text.split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


def _write_if_changed(path: Path, text: bytes) -> bool:
    """Write `text` unless the file already says the same but for its dates; True when written."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(text):
        return False
    path.write_bytes(text)
    return True


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _translated(message: Message | None) -> bool:
    return message is not None and not message.fuzzy and all(_forms(message))


def extract(name: str, version: str) -> Catalog:
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(project=name, version=version, charset="utf-8", fuzzy=True)
    _fill_header(template, name, version)
    template.header_comment = _header_comment("Translations template", name)
    for filename, line, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=False):
        template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    if TEMPLATE.exists():  # unchanged messages keep the template's date
        with open(TEMPLATE, "rb") as old:
            previous = read_po(old)
        if _without_dates(_text(previous, True)) == _without_dates(_text(template, True)):
            template.creation_date = previous.creation_date
    return template


def merge(template: Catalog, language: str, name: str, version: str, locales: Path = LOCALES) -> Catalog:
    path = locales / language / "LC_MESSAGES" / "messages.po"
    if path.exists():
        with open(path, "rb") as po:
            catalog = read_po(po, locale=language)
        catalog.update(template)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=language, charset="utf-8")
        catalog.update(template)
        print(f"new catalog {path.relative_to(locales.parent)}: translate its entries", file=sys.stderr)
    _fill_header(catalog, name, version)
    catalog.language_team = TEAMS.get(language, language)
    catalog.last_translator = ""  # the team, not a person, keeps the catalog
    catalog.header_comment = _header_comment(f"{TEAMS.get(language, language)} translations", name)
    _write_if_changed(path, _text(catalog, False))
    return catalog


def regional_locales(locales: Path = LOCALES) -> list[str]:
    """The regional catalogs there are (de_CH, fr_BE): a folder named language_COUNTRY."""
    return sorted(po.parents[1].name for po in locales.glob("*_*/LC_MESSAGES/messages.po"))


def _respelled(message: Message, spell: Callable[[str], str]) -> str | tuple[str, ...]:
    forms = tuple(spell(form) for form in _forms(message))
    return forms if isinstance(message.string, tuple) else forms[0]


def _entry(source: Message, string: str | tuple[str, ...], user_comments: list[str], flags: set[str]) -> Message:
    """An entry of a regional catalog: the template's msgid, locations and comments for translators."""
    return Message(source.id, string, list(source.locations), flags | set(source.flags),
                   list(source.auto_comments), user_comments, context=source.context)


def _own_entries(path: Path, template: Catalog, shown: Path) -> tuple[Catalog | None, dict[object, Message]]:
    """The regional catalog as it is, and its entries written by hand whose msgid is still in the template."""
    if not path.exists():
        return None, {}
    with open(path, "rb") as po:
        previous = read_po(po)
    own: dict[object, Message] = {}
    for message in previous:
        if not message.id or DERIVED in message.user_comments:  # derived entries are written anew
            continue
        source = template.get(message.id, message.context)
        if source is None or source.id != message.id:
            print(f"{shown}: dropped {message.id!r}" + (f" (context {message.context!r})" if message.context else "")
                  + ", no longer in the template", file=sys.stderr)
            continue
        own[_key(source)] = message
    return previous, own


def _key(message: Message) -> tuple[str, str | None]:
    return message.id if isinstance(message.id, str) else message.id[0], message.context


def _regional_header(catalog: Catalog, base: Catalog, name: str, version: str, derived: bool) -> None:
    _fill_header(catalog, name, version)
    locale = Locale.parse(str(catalog.locale))
    catalog.mime_headers = [("Plural-Forms", base.plural_forms)]  # the forms its entries share with the base
    catalog.language_team = locale.get_display_name("en")  # "German (Switzerland)"
    catalog.last_translator = ""
    catalog.header_comment = _header_comment(f"{catalog.language_team} translations", name) + (
        f"\n# Only the entries whose wording differs there: the others come from locales/{locale.language}.\n#")
    if derived:
        catalog.header_comment += (
            f"\n# The entries with the comment \"{DERIVED}\"\n# are rewritten from the German ones at each"
            " update: change those, or delete\n# the comment to word an entry differently here.\n#")


def regional(template: Catalog, base: Catalog, locale: str, name: str, version: str,
             locales: Path = LOCALES) -> None:
    """Update the regional catalog `locale` from the template, keeping only its own entries."""
    path = locales / locale / "LC_MESSAGES" / "messages.po"
    shown = path.relative_to(locales.parent)
    spell = SPELLING.get(locale)
    previous, own = _own_entries(path, template, shown)
    catalog = Catalog(locale=locale, charset="utf-8", fuzzy=False, creation_date=template.creation_date,
                      revision_date=previous.revision_date if previous else datetime.now(UTC))
    if previous is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"new catalog {shown}: add the entries whose wording differs there", file=sys.stderr)
    _regional_header(catalog, base, name, version, derived=spell is not None)
    for source in template:
        if not source.id:
            continue
        parent = base.get(source.id, source.context)
        message = own.get(_key(source))
        if message is not None:
            string = _respelled(message, spell) if spell and _translated(message) else message.string
            if _translated(parent) and string == parent.string:
                print(f"{shown}: dropped {source.id!r}, it says the same as locales/{base.locale}", file=sys.stderr)
                continue
            catalog[source.id] = _entry(source, string, message.user_comments, set(message.flags))
        elif spell and parent is not None and _translated(parent) and _respelled(parent, spell) != parent.string:
            catalog[source.id] = _entry(source, _respelled(parent, spell), [DERIVED], set())
    _write_if_changed(path, _text(catalog, False))


def _new_region(locale: str) -> str:
    """`locale` checked as a language we translate into, with a country ("fr_MA")."""
    try:
        parsed = Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        parsed = None
    if parsed is None or parsed.language not in TEAMS or not parsed.territory or str(parsed) != locale:
        sys.exit(f"update-catalogs: {locale!r} is not {' or '.join(TEAMS)} with a country, such as de_CH")
    return locale


def main(arguments: list[str]) -> None:
    created = [_new_region(locale) for locale in arguments]
    name, version = _project()
    template = extract(name, version)
    _write_if_changed(TEMPLATE, _text(template, True))
    bases = {language: merge(template, language, name, version) for language in TEAMS}
    update_regional(template, bases, name, version, created)


def update_regional(template: Catalog, bases: dict[str, Catalog], name: str, version: str,
                    created: list[str] | None = None, locales: Path = LOCALES) -> None:
    """Update every regional catalog there is, and create those in `created`."""
    for locale in sorted(set(regional_locales(locales)) | set(created or ())):
        regional(template, bases[Locale.parse(locale).language], locale, name, version, locales)


if __name__ == "__main__":
    main(sys.argv[1:])
