"""A finding of the advisor as the sentence the owner reads, its figures written out."""

from __future__ import annotations

from bot.advisor.model import Reason
from bot.i18n import _
from bot.render import verdict_texts as texts
from bot.render.values import listed, quantity

# Reason figures that are hours a week, written with their unit ("3 hours a week").
HOUR_PARAMS = {"hours", "needed"}


def reason_text(reason: Reason) -> str:
    params = {key: quantity("hours_week", value) if key in HOUR_PARAMS else value
              for key, value in reason.params.items()}
    if "tests" in params:
        params["tests"] = listed(_(texts.TESTS_LISTED[test]) for test in params["tests"])
    return _(texts.REASONS[reason.code], **params)
