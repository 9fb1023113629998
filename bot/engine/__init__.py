"""The dialogue engine: specs turned into state machines that drive conversations."""

from bot.engine.engine import MOVED, Engine, Known, Status, Step, View
from bot.engine.inputs import Back, Done, Input, InvalidAnswer, Pick, Position, Problem, Restart, Skip, Text, Toggle
from bot.engine.inputs import Same as Same

__all__ = ["MOVED", "Back", "Done", "Engine", "Input", "InvalidAnswer", "Known", "Pick", "Position", "Problem",
           "Restart", "Same", "Skip", "Status", "Step", "Text", "Toggle", "View"]
