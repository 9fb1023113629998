"""`advisor check`: every problem in the specs, the catalogs and the code's use of them, at once.

The advisor's rules and the front-ends read answers by question id and
compare them with option codes; a renamed question or option in a spec
would silently change a verdict. This check finds those reads in the
advisor's source (`a.get("sector") == "food"`, `a.get("sells_online") in
("no", "enquiry")`) and in the few ids the front-ends name, and checks each
against the specs. It also checks that every reason code a rule emits as a
literal has a sentence, and that every sentence is translated. Codes built at
run time (`f"criticism_{...}"`) are left to the tests.

Given a database, it also checks the answers stored there: each question id
and option code they use must still be in the spec, or be named by a
`replaces:` (the question or option that takes its place) or by `retired:`
(deliberately no longer asked), so no stored answer is silently dropped.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bot.app.checkins import CSV_FIELDS
from bot.app.rhythm import RHYTHMS
from bot.i18n import LANGUAGES
from bot.i18n.catalogs import missing_messages
from bot.spec import Spec, SpecError, known, load_spec
from bot.storage import StorageError, StoredValue, is_url, open_store

ADVISOR = Path(__file__).resolve().parent.parent / "advisor"
ANSWERS = {"a"}  # the name the advisor's rules give the answers they read
# The question ids (and option codes) the front-ends and use cases name, by dialogue.
NAMED: dict[str, dict[str, set[str]]] = {
    "assessment": {known.RHYTHM: {known.DECLINE_RHYTHM, *RHYTHMS}, known.SECTOR: set(), known.BUSINESS_NAME: set(),
                   known.LOCALITY: set()},
    "checkin": {field: set() for field in CSV_FIELDS if field != "date"},
}


def problems(folder: Path, db: Path | str | None = None) -> list[str]:
    """Every problem found, one line each; an empty list means all is well.

    With `db`, the answers stored in that database are checked against the specs too.
    """
    specs: dict[str, Spec] = {}
    found: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            spec = load_spec(path)
        except SpecError as error:
            found.append(str(error))
            continue
        specs[spec.name] = spec
        found += _untranslated(spec)
    assessment = specs.get("assessment")
    if assessment is not None:
        found += [f"{where}: {problem}" for where, problem in _advisor_reads(assessment)]
    for dialog, reads in NAMED.items():
        if dialog in specs:
            found += [f"{dialog}: {problem}" for problem in _unknown(specs[dialog], reads)]
    found += _reasons_without_sentence() + _sentences_untranslated()
    return found if db is None else found + _stored_problems(specs, db)


# ------------------------------------------------------------------ answers stored in a database
def _stored_problems(specs: dict[str, Spec], db: Path | str) -> list[str]:
    if not is_url(db) and not Path(db).is_file():
        return [f"{db}: no such database file"]
    try:
        store = open_store(db)
    except StorageError as error:
        return [str(error)]
    try:
        values = store.stored_values()
    finally:
        store.close()
    return [f"{store.where}: {line}" for line in _unread(specs, values)]  # a URL shown without its password


def _unread(specs: dict[str, Spec], values: list[StoredValue]) -> Iterator[str]:
    """What stored answers use that the specs neither have nor map (`replaces:`) nor retire (`retired:`)."""
    questions: Counter[tuple[str, str]] = Counter()
    codes: Counter[tuple[str, str, str]] = Counter()
    for stored in values:
        spec = specs.get(stored.spec)
        if spec is None:
            questions[stored.spec, ""] += stored.count
            continue
        question_id = spec.current_id(stored.question)
        question = spec.questions.get(question_id)
        if question is None:
            if question_id not in spec.context and question_id not in spec.retired:
                questions[stored.spec, question_id] += stored.count
            continue
        chosen = stored.value if isinstance(stored.value, list) else [stored.value]
        for code in chosen:
            if question.options and isinstance(code, str) and question.option(question.current_code(code)) is None \
                    and f"{question_id}.{code}" not in spec.retired:
                codes[stored.spec, question_id, code] += stored.count
    for (dialog, question_id), count in sorted(questions.items()):
        if not question_id:
            yield f"{count} answers stored for dialogue '{dialog}', which no spec has any more"
        else:
            yield (f"{count} answers stored under question '{question_id}', which {specs[dialog].path.name} "
                   f"no longer has: name it in the 'replaces:' of the question that takes its place, "
                   f"or under 'retired:'")
    for (dialog, question_id, code), count in sorted(codes.items()):
        yield (f"{count} answers to '{question_id}' stored with option '{code}', which {specs[dialog].path.name} "
               f"no longer has: name it in the 'replaces:' of the option that takes its place, "
               f"or add '{question_id}.{code}' under 'retired:'")


def _untranslated(spec: Spec) -> list[str]:
    return [f"{spec.path.name}, state '{state}': no {language} translation for {message!r}"
            for language in LANGUAGES for state, context, message in spec.messages()
            if missing_messages([message], language, context)]


def _unknown(spec: Spec, reads: dict[str, set[str]]) -> Iterator[str]:
    for question_id, codes in reads.items():
        question = spec.questions.get(question_id)
        if question is None and question_id not in spec.context:
            yield f"reads unknown question '{question_id}'"
        if question is None or not question.options:
            continue  # a context value, a number or a text: no codes to compare with
        for code in sorted(codes - {option.id for option in question.options}):
            yield f"compares '{question_id}' with unknown option '{code}'"


# ------------------------------------------------------------------ reading the advisor's source
def _read_question(node: ast.AST) -> str | None:
    """The question id if `node` reads an answer: `a.get("id", …)` or `a["id"]`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ANSWERS and node.args \
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in ANSWERS \
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    return None


def _strings(node: ast.AST) -> set[str]:
    """The string literals of a comparison's right side: "x", ("x", "y"), {"x"}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {item.value for item in node.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)}
    return set()


def _advisor_reads(spec: Spec) -> Iterator[tuple[str, str]]:
    """(module:line, problem) for each answer read by the advisor that the spec does not have."""
    for path in sorted(ADVISOR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"bot/advisor/{path.name}:{getattr(node, 'lineno', 0)}"
            question_id = _read_question(node)
            if question_id is not None:
                yield from ((where, problem) for problem in _unknown(spec, {question_id: set()}))
            if isinstance(node, ast.Compare) and (compared := _read_question(node.left)) is not None:
                codes = set().union(*(_strings(right) for right in node.comparators))
                yield from ((where, problem) for problem in _unknown(spec, {compared: codes}))


def _emitted_reasons() -> Iterator[tuple[str, str]]:
    """(module:line, code) of every `Reason("code", …)` written as a literal in the advisor."""
    for path in sorted(ADVISOR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Reason" \
                    and node.args:
                for code in _strings(node.args[0]) | _branches(node.args[0]):
                    yield f"bot/advisor/{path.name}:{node.lineno}", code


def _branches(node: ast.AST) -> set[str]:
    """Both literal codes of `"a" if … else "b"`."""
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse) | _branches(node.body) | _branches(node.orelse)
    return set()


def _reasons_without_sentence() -> list[str]:
    from bot.render.progress import ADVICE_REASONS
    from bot.render.verdict_texts import REASONS

    known = set(REASONS) | set(ADVICE_REASONS)
    return [f"{where}: reason '{code}' has no sentence in bot/render" for where, code in _emitted_reasons()
            if code not in known]


def _sentences_untranslated() -> list[str]:
    from bot.render import progress, verdict_texts

    tables = {name: table for module in (verdict_texts, progress) for name, table in vars(module).items()
              if name.isupper() and isinstance(table, dict) and name != "NETWORKS"}  # brand names stay as they are
    return [f"bot/render: {name}['{code}'] has no {language} translation"
            for name, table in tables.items() for code, text in table.items() if isinstance(text, str)
            for language in LANGUAGES if missing_messages([text], language)]
