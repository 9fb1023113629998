"""Owners on the shipped assessment, then a new version of its spec: what the evolution tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

from answers import BUTCHER_TYPED

from bot.advisor import DERIVED
from bot.app import Services, verdicts
from bot.engine import Engine, Text, Toggle, View
from bot.i18n import use_locale
from bot.paths import dialogs_dir
from bot.spec import Spec, load_specs
from bot.storage import open_store

ASSESSMENT = "assessment"
SHIPPED = (dialogs_dir() / "assessment.yaml").read_text(encoding="utf-8")
Edit = tuple[str, str, str]  # (after, old, new): the first `old` after `after` becomes `new`
NEW_OPTIONAL = """  founded:
    section: profile
    type: number
    text: In which year was the business founded?
    min: 1800
    max: 2100
    optional: true
    next: revenue
"""
NEW_REQUIRED = NEW_OPTIONAL.replace("    optional: true\n", "")


def edit(after: str, old: str, new: str) -> Edit:
    return after, old, new


def in_question(question: str, old: str, new: str) -> Edit:
    """An edit inside the body of `question` (its first `old` after its key)."""
    return f"\n  {question}:\n", old, new


def inserted(question: str) -> tuple[Edit, Edit]:
    """`question` inserted between `staff` and `revenue`."""
    return in_question("staff", "next: revenue", "next: founded"), ("", "  revenue:\n", question + "  revenue:\n")


def new_version(folder: Path, *edits: Edit, bump: bool = True) -> dict[str, Spec]:
    """The specs of `folder` (made from the shipped ones): the assessment one version on (unless not `bump`),
    with `edits` made."""
    shutil.copytree(dialogs_dir(), folder, dirs_exist_ok=True)
    text = SHIPPED.replace(f"version: {_version()}\n", f"version: {_version() + bump}\n", 1)
    for after, old, new in edits:
        start = text.index(after) + len(after) if after else 0
        at = text.index(old, start)  # an edit that no longer applies fails here, not silently
        text = text[:at] + new + text[at + len(old):]
    (folder / "assessment.yaml").write_text(text, encoding="utf-8")
    return load_specs(folder)


def _version() -> int:
    return next(int(line.split()[1]) for line in SHIPPED.splitlines() if line.startswith("version:"))


def services_on(db: Path | str, specs: dict[str, Spec] | None = None) -> Services:
    """The advisor on `db` (a SQLite file or a PostgreSQL URL), with `specs` (default: the shipped ones)."""
    store = open_store(db)
    specs = specs or load_specs(dialogs_dir())
    return Services(store, specs, Engine(store, specs, DERIVED))


def answer_until(engine: Engine, user: int, until: str | None) -> View:
    """The butcher's typed answers, up to the question `until` (None: to the end)."""
    with use_locale("fr"):
        while not (view := engine.view(user, ASSESSMENT)).finished and view.question.id != until:
            engine.handle(user, ASSESSMENT, Text(BUTCHER_TYPED[view.question.id]))
    return view


def owners(db: Path | str, positions: dict[int, str | None], drafts: dict[int, tuple[str, ...]] | None = None) -> dict[
        int, View]:
    """Owners on the shipped spec in the file `db`: each at the question `positions` names (None: finished,
    with a verdict), with the options `drafts` names ticked (a multiple choice under way)."""
    services = services_on(db)
    for user, until in positions.items():
        services.store.ensure_user(user, language="fr")
        view = answer_until(services.engine, user, until)
        for option in (drafts or {}).get(user, ()):
            services.engine.handle(user, ASSESSMENT, Toggle(option))
        if view.finished:
            with use_locale("fr"):
                verdicts.conclude(services, user, view)
    views = {user: services.engine.view(user, ASSESSMENT) for user in positions}
    services.close()
    return views
