"""Re-extract every message into locales/messages.pot and merge it into each catalog.

Run by scripts/update-catalogs. Files are written only when their messages changed, so the
POT-Creation-Date moves only then. The headers carry the project's name and version from
pyproject.toml; Babel's warnings (an unreadable string, a bad keyword) reach the terminal, and
nothing else is printed on success.
"""

from __future__ import annotations

import io
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "messages.pot"
TEAMS = {"fr": "French", "de": "German"}


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


def merge(template: Catalog, language: str, name: str, version: str) -> None:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if path.exists():
        with open(path, "rb") as po:
            catalog = read_po(po, locale=language)
        catalog.update(template)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=language, charset="utf-8")
        catalog.update(template)
        print(f"new catalog {path.relative_to(ROOT)}: translate its entries", file=sys.stderr)
    _fill_header(catalog, name, version)
    catalog.language_team = TEAMS.get(language, language)
    catalog.last_translator = ""  # the team, not a person, keeps the catalog
    catalog.header_comment = _header_comment(f"{TEAMS.get(language, language)} translations", name)
    _write_if_changed(path, _text(catalog, False))


def main() -> None:
    name, version = _project()
    template = extract(name, version)
    _write_if_changed(TEMPLATE, _text(template, True))
    for language in TEAMS:
        merge(template, language, name, version)


if __name__ == "__main__":
    main()
