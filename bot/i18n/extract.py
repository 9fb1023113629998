"""A Babel extractor for the dialogue specs (`dialogs/*.yaml`).

Registered in babel.cfg as `bot.i18n.extract:extract_dialog_spec`, so
`pybabel extract` collects question texts, hints, option labels, section
titles and the dialogue title next to the strings of the Python code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

_TEXT_KEYS = {"text", "hint", "label", "title"}
# (line, msgctxt or None, text)
_Found = tuple[int, str | None, str]


def _context(question_id: str, body: yaml.Node) -> str:
    """The msgctxt of a question's option labels: its id, or the first id its `replaces` names."""
    if isinstance(body, yaml.MappingNode):
        for key_node, value_node in body.value:
            if key_node.value == "replaces":
                earlier = value_node.value[0] if isinstance(value_node, yaml.SequenceNode) else value_node
                if isinstance(earlier, yaml.ScalarNode):
                    return str(earlier.value)
    return question_id


def _scalars(node: yaml.Node, key: str | None, parent: str, question: str | None) -> Iterator[_Found]:
    """Texts under a translatable key, or directly inside `options:` / `sections:`. An option's label
    gets its question's id as context, so the same short label ("No") is translated per question."""
    if isinstance(node, yaml.ScalarNode):
        if parent == "options" or (parent == "option" and key == "label"):
            yield node.start_mark.line + 1, question, node.value
        elif key in _TEXT_KEYS or parent == "sections":
            yield node.start_mark.line + 1, None, node.value
    elif isinstance(node, yaml.MappingNode):
        if key == "questions":  # each question's body, under its id (the first earlier id if renamed)
            for key_node, value_node in node.value:
                yield from _scalars(value_node, key_node.value, "", _context(key_node.value, value_node))
            return
        context = key if key in ("options", "sections") else "option" if parent == "options" else ""
        for key_node, value_node in node.value:
            yield from _scalars(value_node, key_node.value, context, question)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, None, "", question)


def extract_dialog_spec(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
                        options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Yield (line, function, message, comments) for every translatable text; an option label as
    pgettext(question id, label)."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, context, message in _scalars(root, None, "", None):
        if message.strip():
            if context:
                yield line, "pgettext", (context, message.strip()), []
            else:
                yield line, None, message.strip(), []
