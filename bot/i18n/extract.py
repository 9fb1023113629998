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


def _scalars(node: yaml.Node, key: str | None, parent: str) -> Iterator[tuple[int, str]]:
    """Texts under a translatable key, or directly inside `options:` / `sections:`."""
    if isinstance(node, yaml.ScalarNode):
        if key in _TEXT_KEYS or parent in ("options", "sections"):
            yield node.start_mark.line + 1, node.value
    elif isinstance(node, yaml.MappingNode):
        context = key if key in ("options", "sections") else ""
        for key_node, value_node in node.value:
            yield from _scalars(value_node, key_node.value, context)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, None, "")


def extract_dialog_spec(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
                        options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message, comments) for every translatable text."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, message in _scalars(root, None, ""):
        if message.strip():
            yield line, None, message.strip(), []
