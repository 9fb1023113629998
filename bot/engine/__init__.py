"""The dialogue engine: specs turned into state machines that drive conversations."""

from bot.engine.engine import MOVED, Engine, Known, Status, Step, View
from bot.engine.inputs import Back, Done, Input, InvalidAnswer, Pick, Position, Problem, Restart, Skip, Text, Toggle

__all__ = ["MOVED", "Back", "Done", "Engine", "Input", "InvalidAnswer", "Known", "Pick", "Position", "Problem",
           "Restart", "Skip", "Status", "Step", "Text", "Toggle", "View"]
