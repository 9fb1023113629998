"""Spec validation: a broken dialogue never starts, and the error names file and state."""

from __future__ import annotations

import textwrap

import pytest

from bot.advisor import DERIVED
from bot.engine import Engine, Text
from bot.spec import SpecError, load_spec, load_specs
from bot.storage import SqliteStore

VALID = """
dialog: tiny
version: 1
start: colour
sections:
  main: Main
questions:
  colour:
    section: main
    type: choice
    text: Which colour?
    options:
      red: Red
      blue: Blue
    next:
      - when: {colour: red}
        goto: amount
      - goto: done
  amount:
    type: number
    text: How many?
    min: 0
    max: 10
    next: done
  done:
    type: end
    text: Thanks.
"""


def write(tmp_path, text, name="tiny.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_spec_loads(tmp_path):
    spec = load_spec(write(tmp_path, VALID))
    assert spec.start == "colour" and set(spec.questions) == {"colour", "amount", "done"}


@pytest.mark.parametrize("change, state, problem", [
    (("goto: amount", "goto: nowhere"), "colour", "unknown target state 'nowhere'"),
    (("next: done", "next: amount"), "amount", "dead end: no path from here reaches an end"),
    (("      - goto: done\n", ""), "colour", "the last rule of 'next' must have no 'when'"),
    (("      blue: Blue", "      blue:"), "colour", "option 'blue' has no label"),
    (("      blue: Blue", "      red: Red again"), None, "duplicate key 'red'"),
    (("    type: number", "    type: slider"), "amount", "'type' must be one of"),
    (("    min: 0\n", ""), "amount", "needs 'min' and 'max'"),
    (("{colour: red}", "{colour: green}"), "colour", "unknown option 'green'"),
    (("{colour: red}", "{size: red}"), "colour", "condition on unknown question 'size'"),
    (("    section: main", "    section: other"), "colour", "unknown section 'other'"),
    (("    text: How many?", "    text: How many?\n    colour: red"), "amount", "unknown fields"),
    (("      red: Red", "      yes: Red"), "colour", "quote yes/no"),
    (("start: colour", "start: nothing"), None, "unknown start state 'nothing'"),
    # Renames: what `replaces` and `retired` name must be out of use, and named once.
    (("    min: 0\n", "    min: 0\n    replaces: colour\n"), "amount", "names 'colour', which is still in use"),
    (("    min: 0\n", "    min: 0\n    replaces: [size, size]\n"), "amount", "names an id twice"),
    (("    min: 0\n", "    min: 0\n    replaces: Size\n"), "amount", "must name an earlier id"),
    (("      blue: Blue", "      blue:\n        label: Blue\n        replaces: red"), "colour",
     "option 'blue': 'replaces' names 'red', which is still in use"),
    (("      red: Red\n      blue: Blue", "      red:\n        label: Red\n        replaces: pink\n"
      "      blue:\n        label: Blue\n        replaces: pink"), "colour", "which 'red' replaces already"),
    (("start: colour", "start: colour\nretired: [colour]"), None, "'retired' names 'colour', which this"),
    (("start: colour", "start: colour\nretired: [colour.red]"), None, "'retired' names 'colour.red'"),
    (("start: colour", "start: colour\nretired: [amount.few]"), None, "'amount' is no question with options"),
    (("start: colour", "start: colour\nretired: [Size]"), None, "'retired' must list question ids"),
])
def test_broken_specs_are_refused_naming_file_and_state(tmp_path, change, state, problem):
    old, new = change
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    assert problem in str(raised.value)
    assert "tiny.yaml" in str(raised.value)
    assert raised.value.state == state


def test_two_questions_may_not_replace_the_same_id(tmp_path):
    text = VALID.replace("    text: Which colour?\n", "    text: Which colour?\n    replaces: size\n") \
        .replace("    text: How many?\n", "    text: How many?\n    replaces: size\n")
    with pytest.raises(SpecError, match="'replaces' names 'size', which 'colour' replaces already") as raised:
        load_spec(write(tmp_path, text))
    assert raised.value.state == "amount"


def test_renames_and_retired_ids_load(tmp_path):
    text = VALID.replace("    text: How many?\n", "    text: How many?\n    replaces: [count, number]\n") \
        .replace("      blue: Blue", "      blue:\n        label: Blue\n        replaces: azure") \
        .replace("start: colour", "start: colour\nretired: [size, colour.green]")
    spec = load_spec(write(tmp_path, text))
    assert spec.questions["amount"].replaces == ("count", "number") and spec.retired == {"size", "colour.green"}
    assert spec.current_id("number") == "amount" and spec.current_id("size") == "size"
    assert spec.carry({"count": 3, "colour": "azure"}) == {"count": 3, "amount": 3, "colour": "blue"}
    assert spec.carry({"count": 3, "amount": 4}) == {"count": 3, "amount": 4}  # today's id wins


def test_unreachable_state_is_refused(tmp_path):
    text = VALID.replace("  done:\n", "  orphan:\n    type: text\n    text: Lost?\n    next: done\n  done:\n")
    with pytest.raises(SpecError, match="unreachable") as raised:
        load_spec(write(tmp_path, text))
    assert raised.value.state == "orphan"


def test_dialog_names_must_be_unique_in_a_folder(tmp_path):
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    with pytest.raises(SpecError, match="used twice"):
        load_specs(tmp_path)


def test_every_shipped_spec_is_valid(specs):
    assert "assessment" in specs
    assert len(specs["assessment"].questions) >= 35


def test_one_machine_per_spec_shared_by_all_users(specs):
    store = SqliteStore(None)
    engine = Engine(store, specs, DERIVED)
    machine = engine.dialogues["assessment"].machine
    for user in range(1, 21):
        store.ensure_user(user, language="fr")
        engine.view(user, "assessment")
    assert engine.dialogues["assessment"].machine is machine
    # No model is added per user or per input, and none is shared: each move has its own.
    assert machine.models == []


def test_conversation_from_an_older_spec_version_keeps_working(tmp_path):
    store = SqliteStore(tmp_path / "db.sqlite3")
    store.ensure_user(1, language="fr")
    engine = Engine(store, {"tiny": load_spec(write(tmp_path, VALID))})
    engine.handle(1, "tiny", Text("red"))
    assert engine.view(1, "tiny").question.id == "amount"
    # Version 2 renames the number question and adds one in front of it.
    newer = VALID.replace("version: 1", "version: 2").replace("goto: amount", "goto: size") \
        .replace("  amount:\n", "  size:\n    type: choice\n    text: Size?\n    options:\n      s: S\n"
                 "      l: L\n    next: count\n  count:\n")
    new = {"tiny": load_spec(write(tmp_path, newer, "tiny2.yaml"))}
    view = Engine(store, new, DERIVED).view(1, "tiny")
    assert view.question.id == "size"
    assert view.answers == {"colour": "red"}
    assert view.conversation.spec_version == 2
