"""The dialogue engine: specs turned into state machines that drive conversations."""

from bot.engine.engine import Engine, Step, View
from bot.engine.inputs import Back, Done, Input, InvalidAnswer, Pick, Position, Restart, Skip, Text, Toggle

__all__ = ["Back", "Done", "Engine", "Input", "InvalidAnswer", "Pick", "Position", "Restart",
           "Skip", "Step", "Text", "Toggle", "View"]
