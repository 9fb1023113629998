"""Dialogue specs: the conversations declared as data in `dialogs/*.yaml`."""

from bot.spec.load import SpecError, load_spec, load_specs
from bot.spec.model import MONEY_UNITS, Condition, Kind, Option, Question, Rule, Spec

__all__ = ["MONEY_UNITS", "Condition", "Kind", "Option", "Question", "Rule", "Spec", "SpecError", "load_spec",
           "load_specs"]
