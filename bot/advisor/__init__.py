"""The method's judgement: pure functions from an owner's answers to a `Verdict`.

No I/O here. Each rule names the answers it read, so every sentence of a
verdict can be traced back to the owner's own words (see `bot/render/verdict.py`
for the sentence each reason code becomes).
"""

from bot.advisor.model import ADVISOR_VERSION, Verdict
from bot.advisor.verdict import assess, outlook

# The values the questionnaire may branch on, worked out from the answers so far (`derived:` in a spec).
DERIVED = {"outlook": outlook}

__all__ = ["ADVISOR_VERSION", "DERIVED", "Verdict", "assess"]
