"""Load dialogue specs from YAML and refuse any that could break mid-conversation.

Checks run in layers, each failing with the file and the state at fault:
YAML (duplicate keys), schema (known fields and types), cross-references
(every target and referenced answer exists), renames (what `replaces` and
`retired` name is no longer in use and named once), graph (every state
reachable, every state leads to an end, no state without a way on).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.spec.model import ALWAYS, CHOOSING, KINDS, Condition, Kind, Option, Question, Rule, Spec, Test

_COMMON = {"type", "text", "label", "section", "hint", "next", "optional", "replaces"}
_FIELDS = {
    "choice": _COMMON | {"options"},
    "multi": _COMMON | {"options", "min_choices", "max_choices"},
    "number": _COMMON | {"unit", "min", "max", "integer", "suggestions"},
    "text": _COMMON | {"max_length"},
    "end": {"type", "text", "section", "hint"},
}
_TEST_KEYS = {"in", "not_in", "min", "max", "answered"}
_OPTION_KEYS = {"label", "exclusive", "show_if", "replaces"}


_ID = re.compile(r"^[a-z][a-z0-9_]*$")
CONTEXT_KINDS = ("network", "date", "text")  # a date is stored as ISO and shown as the owner's day


class SpecError(ValueError):
    """A spec that must not be run, with where the fault is."""

    def __init__(self, path: Path, state: str | None, problem: str):
        where = f"{path.name}, state '{state}'" if state else path.name
        super().__init__(f"{where}: {problem}")
        self.path, self.state, self.problem = path, state, problem


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader for which a repeated key is an error, not a silent overwrite."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_specs(folder: Path) -> dict[str, Spec]:
    """Every `*.yaml` spec in `folder`, by dialogue name."""
    specs: dict[str, Spec] = {}
    for path in sorted(folder.glob("*.yaml")):
        spec = load_spec(path)
        if spec.name in specs:
            raise SpecError(path, None, f"dialog name '{spec.name}' is used twice")
        specs[spec.name] = spec
    return specs


def load_spec(path: Path) -> Spec:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as error:
        raise SpecError(path, None, f"invalid YAML: {error}") from None
    spec = _build(path, raw)
    _check_references(spec)
    _check_renames(spec)
    _check_graph(spec)
    return spec


def _need(condition: object, path: Path, state: str | None, problem: str) -> None:
    if not condition:
        raise SpecError(path, state, problem)


def _build(path: Path, raw: Any) -> Spec:
    _need(isinstance(raw, dict), path, None, "the file must hold a mapping")
    unknown = set(raw) - {"dialog", "version", "title", "start", "sections", "questions", "context", "derived",
                          "retired"}
    _need(not unknown, path, None, f"unknown top-level keys {sorted(unknown)}")
    for key in ("dialog", "version", "start", "questions"):
        _need(key in raw, path, None, f"missing '{key}'")
    _need(isinstance(raw["version"], int) and raw["version"] >= 1, path, None,
          "'version' must be a positive integer")
    _need(isinstance(raw["questions"], dict) and raw["questions"], path, None,
          "'questions' must be a non-empty mapping")
    sections = raw.get("sections") or {}
    _need(isinstance(sections, dict), path, None, "'sections' must be a mapping")
    context = raw.get("context") or {}
    _need(isinstance(context, dict) and all(kind in CONTEXT_KINDS for kind in context.values()),
          path, None, f"'context' must map keys to one of {', '.join(CONTEXT_KINDS)}")
    _need(not set(context) & set(raw["questions"]), path, None, "a context key is also a state")
    derived = raw.get("derived") or {}
    _need(isinstance(derived, dict) and all(isinstance(codes, list) and codes for codes in derived.values()),
          path, None, "'derived' must map keys to the list of codes each can take")
    _need(not set(derived) & (set(raw["questions"]) | set(context)), path, None,
          "a derived key is also a state or a context key")
    for state in raw["questions"]:
        _need(isinstance(state, str) and _ID.match(state), path, str(state),
              "a state id must be lower-case letters, digits and '_' (quote yes/no in YAML)")
    retired = raw.get("retired") or []
    _need(isinstance(retired, list) and all(isinstance(item, str) and all(_ID.match(part) for part in item.split("."))
                                            and item.count(".") <= 1 for item in retired),
          path, None, "'retired' must list question ids and question.option codes")
    questions = {state: _question(path, state, body) for state, body in raw["questions"].items()}
    return Spec(
        name=str(raw["dialog"]),
        version=raw["version"],
        path=path,
        start=str(raw["start"]),
        questions=questions,
        sections={str(key): str(text) for key, text in sections.items()},
        title=str(raw.get("title") or ""),
        context={str(key): str(kind) for key, kind in context.items()},
        derived={str(key): frozenset(map(str, codes)) for key, codes in derived.items()},
        retired=frozenset(retired),
    )


def _question(path: Path, state: str, body: Any) -> Question:
    _need(isinstance(body, dict), path, state, "a question must be a mapping")
    _need(body.get("type") in KINDS, path, state, f"'type' must be one of {', '.join(KINDS)}")
    kind = Kind(body["type"])
    unknown = set(body) - _FIELDS[kind]
    _need(not unknown, path, state, f"unknown fields for a {kind} question: {sorted(unknown)}")
    text = body.get("text")
    _need(isinstance(text, str) and text.strip() != "", path, state, "missing 'text'")
    # Option labels are translated in the context of the question's id; a renamed question keeps the
    # context of the first id its `replaces` names, so a rename keeps its translations (as the extractor does).
    context = (_replaced(path, state, body.get("replaces"), "'replaces'") or (state,))[0]
    options = tuple(_options(path, state, body.get("options"), context)) if kind in CHOOSING else ()
    if kind in CHOOSING:
        _need(len(options) >= 2, path, state, "a choice needs at least two options")
    if kind is Kind.END:
        rules: tuple[Rule, ...] = ()
    else:
        _need("next" in body, path, state, "dead end: no 'next' for a question")
        rules = _rules(path, state, body["next"])
    number_bounds = {key: body.get(key) for key in ("min", "max")}
    for key, value in number_bounds.items():
        _need(value is None or isinstance(value, (int, float)), path, state, f"'{key}' must be a number")
    if kind is Kind.NUMBER:
        _need(body.get("min") is not None and body.get("max") is not None, path, state,
              "a number question needs 'min' and 'max'")
        _need(body["min"] <= body["max"], path, state, "'min' is above 'max'")
    return Question(
        id=state,
        kind=kind,
        text=text.strip(),
        label=str(body.get("label") or "").strip() or None,
        section=body.get("section"),
        hint=body.get("hint"),
        options=options,
        optional=bool(body.get("optional", False)),
        unit=body.get("unit"),
        min=body.get("min"),
        max=body.get("max"),
        integer=bool(body.get("integer", False)),
        suggestions=tuple(body.get("suggestions") or ()),
        max_length=int(body.get("max_length", 300)),
        min_choices=int(body.get("min_choices", 1)),
        max_choices=body.get("max_choices"),
        next=rules,
        replaces=_replaced(path, state, body.get("replaces"), "'replaces'"),
    )


def _replaced(path: Path, state: str, raw: Any, what: str) -> tuple[str, ...]:
    """The earlier ids a `replaces` names: one id or a list of them."""
    if raw is None:
        return ()
    ids = raw if isinstance(raw, list) else [raw]
    _need(ids and all(isinstance(old, str) and _ID.match(old) for old in ids), path, state,
          f"{what} must name an earlier id, or a list of them (lower-case letters, digits and '_')")
    _need(len(set(ids)) == len(ids), path, state, f"{what} names an id twice")
    return tuple(ids)


def _options(path: Path, state: str, raw: Any, context: str) -> Iterator[Option]:
    _need(isinstance(raw, dict), path, state, "'options' must map option ids to labels")
    for option_id, body in raw.items():
        _need(isinstance(option_id, str) and _ID.match(option_id), path, state,
              f"option id {option_id!r} must be lower-case letters, digits and '_' "
              "(quote yes/no in YAML)")
        if isinstance(body, dict):
            unknown = set(body) - _OPTION_KEYS
            _need(not unknown, path, state, f"option '{option_id}': unknown fields {sorted(unknown)}")
            label = body.get("label")
            show_if = _condition(path, state, body.get("show_if"))
            exclusive = bool(body.get("exclusive", False))
            replaces = _replaced(path, state, body.get("replaces"), f"option '{option_id}': 'replaces'")
        else:
            label, show_if, exclusive, replaces = body, ALWAYS, False, ()
        if not isinstance(label, str) or not label.strip():
            raise SpecError(path, state, f"option '{option_id}' has no label")
        yield Option(id=str(option_id), label=label.strip(), exclusive=exclusive, show_if=show_if,
                     replaces=replaces, context=context)


def _rules(path: Path, state: str, raw: Any) -> tuple[Rule, ...]:
    if isinstance(raw, str):
        return (Rule(goto=raw),)
    _need(isinstance(raw, list) and raw, path, state, "'next' must be a state or a list of rules")
    rules = []
    for item in raw:
        _need(isinstance(item, dict) and "goto" in item and set(item) <= {"goto", "when"},
              path, state, "each rule needs 'goto' (and optionally 'when')")
        rules.append(Rule(goto=str(item["goto"]), when=_condition(path, state, item.get("when"))))
    _need(rules[-1].when is ALWAYS, path, state,
          "dead end: the last rule of 'next' must have no 'when', so some way on always exists")
    return tuple(rules)


def _condition(path: Path, state: str, raw: Any) -> Condition:
    if raw is None:
        return ALWAYS
    _need(isinstance(raw, dict) and raw, path, state, "a condition maps question ids to tests")
    tests = []
    for question, test in raw.items():
        if not isinstance(test, dict):
            test = {"in": test}
        unknown = set(test) - _TEST_KEYS
        _need(not unknown, path, state, f"condition on '{question}': unknown tests {sorted(unknown)}")
        tests.append(Test(question=str(question), any_of=_codes(test, "in"), none_of=_codes(test, "not_in"),
                          min=test.get("min"), max=test.get("max"), answered=test.get("answered")))
    return Condition(tuple(tests))


def _codes(test: dict[str, Any], key: str) -> frozenset[str] | None:
    """The option codes a test lists under `key` (one code or a list), or None without that key."""
    if key not in test:
        return None
    value = test[key]
    return frozenset(map(str, value if isinstance(value, list) else [value]))


def _conditions(question: Question) -> Iterator[tuple[Condition, bool]]:
    """Each condition of the question, and whether it steers the way on (derived values may)."""
    for rule in question.next:
        yield rule.when, True
    for option in question.options:
        yield option.show_if, False


def _check_references(spec: Spec) -> None:
    _need(spec.start in spec.questions, spec.path, None, f"unknown start state '{spec.start}'")
    for question in spec.questions.values():
        if question.section is not None:
            _need(question.section in spec.sections, spec.path, question.id,
                  f"unknown section '{question.section}'")
        for rule in question.next:
            _need(rule.goto in spec.questions, spec.path, question.id,
                  f"unknown target state '{rule.goto}'")
        for condition, steers in _conditions(question):
            for test in condition.tests:
                if test.question in spec.context:
                    continue
                if test.question in spec.derived:
                    _need(steers, spec.path, question.id,
                          f"derived '{test.question}' may steer 'next' only, not which options show")
                    named = (test.any_of or frozenset()) | (test.none_of or frozenset())
                    unknown = named - spec.derived[test.question]
                    _need(not unknown, spec.path, question.id,
                          f"condition on derived '{test.question}': unknown codes {sorted(unknown)}")
                    continue
                asked = spec.questions.get(test.question)
                if asked is None:
                    raise SpecError(spec.path, question.id, f"condition on unknown question '{test.question}'")
                for code in (test.any_of or frozenset()) | (test.none_of or frozenset()):
                    _need(not asked.options or asked.option(code) is not None, spec.path,
                          question.id, f"condition on '{test.question}': unknown option '{code}'")


def _check_renames(spec: Spec) -> None:
    """What `replaces` and `retired` name must be out of use and named once, so a stored answer
    is read in exactly one way."""
    in_use = set(spec.questions) | set(spec.context) | set(spec.derived)
    claimed: dict[str, str] = {}
    for question in spec.questions.values():
        _claim(spec, question.id, "", question.id, question.replaces, in_use, claimed)
        codes, taken = {option.id for option in question.options}, dict[str, str]()
        for option in question.options:
            _claim(spec, question.id, f"option '{option.id}': ", option.id, option.replaces, codes, taken)
    for item in sorted(spec.retired):
        question_id, _, code = item.partition(".")
        if not code:
            _need(question_id not in in_use and question_id not in claimed, spec.path, None,
                  f"'retired' names '{item}', which this version still uses or replaces")
            continue
        asked = spec.questions.get(question_id)
        _need(asked is not None and bool(asked.options), spec.path, None,
              f"'retired' names '{item}', but '{question_id}' is no question with options here")
        assert asked is not None
        _need(asked.option(code) is None and asked.current_code(code) == code, spec.path, None,
              f"'retired' names '{item}', which this version still uses or replaces")


def _claim(spec: Spec, state: str, where: str, owner: str, replaced: tuple[str, ...], in_use: set[str],
           claimed: dict[str, str]) -> None:
    """`owner` (a question, or an option of `state`) replaces the ids `replaced`: each out of use, and claimed once."""
    for old in replaced:
        _need(old not in in_use, spec.path, state, f"{where}'replaces' names '{old}', which is still in use here")
        _need(old not in claimed, spec.path, state,
              f"{where}'replaces' names '{old}', which '{claimed.get(old)}' replaces already")
        claimed[old] = owner


def _check_graph(spec: Spec) -> None:
    reachable, queue = {spec.start}, deque([spec.start])
    while queue:
        for rule in spec.questions[queue.popleft()].next:
            if rule.goto not in reachable:
                reachable.add(rule.goto)
                queue.append(rule.goto)
    for state in spec.questions:
        _need(state in reachable, spec.path, state, "unreachable state: no path leads here")
    ends = {state for state, question in spec.questions.items() if question.is_end}
    _need(bool(ends), spec.path, None, "no 'end' state: the dialogue could never finish")
    finishing, changed = set(ends), True
    while changed:
        changed = False
        for state, question in spec.questions.items():
            if state not in finishing and any(rule.goto in finishing for rule in question.next):
                finishing.add(state)
                changed = True
    for state in spec.questions:
        _need(state in finishing, spec.path, state, "dead end: no path from here reaches an end")
