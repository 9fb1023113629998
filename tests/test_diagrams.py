"""The flow diagrams in docs/ are the ones the dialogue specs draw today."""

from pathlib import Path

import pytest

from bot.engine.dialogue import mermaid

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("dialog", ["assessment", "checkin"])
def test_diagram_is_current(specs, dialog):
    drawn = mermaid(specs[dialog])
    assert "stateDiagram" in drawn and specs[dialog].start in drawn
    assert (DOCS / f"{dialog}.mmd").read_text(encoding="utf-8") == drawn, \
        f"regenerate: ./advisor diagram {dialog} > docs/{dialog}.mmd"
