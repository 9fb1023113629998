"""What comes after a verdict, in words: the check-in rhythm, the readiness check, the new look later."""

from __future__ import annotations

from bot.advisor.model import Verdict
from bot.advisor.progress import DAYS_PER_MONTH
from bot.i18n import _, ngettext
from bot.render import verdict_texts as texts
from bot.render.document import Block, Item
from bot.render.reasons import reason_text


def follow_up_text(verdict: Verdict) -> str:
    """Check-ins at the owner's rhythm, a check of the fixes, or a new look later."""
    follow_up = verdict.follow_up
    if follow_up.kind == "readiness":
        return ngettext("In {weeks} week I will ask you how the fixes are going; the check-ins start once "
                        "you are ready.", "In {weeks} weeks I will ask you how the fixes are going; the check-ins "
                        "start once you are ready.", follow_up.after_weeks or 0, weeks=follow_up.after_weeks)
    if follow_up.kind == "reassess":
        months = round((follow_up.after_weeks or 0) * 7 / DAYS_PER_MONTH)
        return ngettext("In {months} month I will offer you a new look.",
                        "In {months} months I will offer you a new look.", months, months=months)
    if follow_up.rhythm == "no":
        return _("Check-ins: {rhythm}.", rhythm=_(texts.CHECKINS[follow_up.rhythm]))
    # Said as what will happen: "Check-ins: every month" reads like a list of items to check.
    return _("Check-ins: I go through your figures with you {rhythm}.", rhythm=_(texts.CHECKINS[follow_up.rhythm]))


def follow_up_blocks(verdict: Verdict) -> tuple[Block, ...]:
    """The follow-up as a sentence, and for a new look, what could change the answer."""
    blocks = [Block((Item(follow_up_text(verdict)),), bullets=False)]
    because = tuple(Item(_(texts.AGAIN_WHEN[reason.code])) for reason in verdict.follow_up.because)
    if because:
        blocks.append(Block(because, title=_("The answer may change if")))
    return tuple(blocks)


def follow_up_message(verdict: Verdict) -> str:
    """The one later message a "not ready" or a "not now" gets: how things stand, and how to look again."""
    if verdict.follow_up.kind == "readiness":
        lines = [_("A few weeks ago the verdict was: worth it, but not ready yet. Have you fixed these points?")]
        lines += [f"• {reason_text(point)}" for point in verdict.to_fix_first]
        lines.append(_("Once they are fixed, send /restart to take the assessment again; the plan and the "
                       "check-ins start when you pass."))
        return "\n".join(lines)
    lines = [_("Some months ago, social media was not worth it for your business. Has something changed?")]
    if verdict.follow_up.because:
        lines.append(_("The answer may change if:"))
        lines += [f"• {_(texts.AGAIN_WHEN[reason.code])}" for reason in verdict.follow_up.because]
    lines.append(_("Send /restart to take the assessment again."))
    return "\n".join(lines)


def why_no_checkin(verdict: Verdict | None) -> str:
    """Why /checkin has nothing to ask: no verdict yet, or a verdict that calls for no check-ins now."""
    if verdict is None:
        return _("A check-in compares your figures with your plan, so it needs your verdict first. "
                 "Send /start to finish the assessment.")
    if verdict.headline == "not_now":
        return _("Social media is not worth it for your business now, so there are no figures to check. "
                 "Send /restart if your business has changed.")
    if verdict.follow_up.kind == "readiness":
        return _("Check-ins start once you are ready: first fix what the tests found, then send /restart to "
                 "take the assessment again.")
    return _("Your verdict recommends no social network for now, so there are no figures to check. "
             "Send /restart if your business has changed.")
