"""The flow diagrams in docs/ show the flow the dialogue specs have today."""

from pathlib import Path

import pytest

from bot.engine.dialogue import mermaid

DOCS = Path(__file__).resolve().parent.parent / "docs"


def flow(diagram: str) -> set[str]:
    """The states and arrows of a Mermaid state diagram, whatever its styling."""
    return {line.strip() for line in diagram.splitlines() if "-->" in line or line.strip().startswith("state ")}


@pytest.mark.parametrize("dialog", ["assessment", "checkin"])
def test_diagram_is_current(specs, dialog):
    drawn = flow(mermaid(specs[dialog]))
    spec = specs[dialog]
    assert len([line for line in drawn if "-->" in line]) >= sum(len(q.next) for q in spec.questions.values()) > 0
    assert flow((DOCS / f"{dialog}.mmd").read_text(encoding="utf-8")) == drawn, \
        f"regenerate: ./advisor diagram {dialog} > docs/{dialog}.mmd"
