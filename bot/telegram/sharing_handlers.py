"""Owners share their results with a consultant on Telegram: invite by link, see who has access, revoke.

The invitation travels as a deep link (`/start c_<token>`). The consultant's
Accept and Decline buttons do not carry the token: it waits in their user
data, tied to the message that showed the invitation, and `sharing.accept`
checks it again on Accept. Every unusable link gets one and the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import filters

from bot.app import Services, sharing
from bot.app.callers import ASSESSMENT
from bot.app.consultants import profile
from bot.i18n import N_, _, ngettext
from bot.render.clients import client_title
from bot.storage import Owed
from bot.telegram.callbacks import NO
from bot.telegram.handlers import Context
from bot.telegram.keyboards import access_keyboard, invitation_keyboard
from bot.telegram.lists import recall, remember, token
from bot.telegram.notify import name_of
from bot.telegram.outbox import Outbox
from bot.telegram.screen import Part, Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

# A /start whose payload is an invitation; other payloads are the ordinary start.
INVITATION_LINK = filters.Regex(rf"^/start {re.escape(sharing.PREFIX)}")
CONSULTANTS, PENDING = "consultants", "invitation"  # in the user's data
UNUSABLE = N_("This invitation link cannot be used. Ask the person who sent it for a new one.")
NO_LONGER_SHARED = N_("{name} no longer shares their results with you.")


class SharingHandlers:
    """Invitations, access and its withdrawal; `welcome` is the ordinary /start."""

    def __init__(self, services: Services, welcome: Callable[[Update, Context], Awaitable[None]], outbox: Outbox):
        self.services, self.welcome, self.outbox = services, welcome, outbox

    # ------------------------------------------------------------- owner
    async def share(self, update: Update, context: Context) -> None:
        """Send a new single-use invitation link to forward, then who has access, each with Revoke."""
        owner_id = context.caller.id
        payload = sharing.invite(self.services, owner_id, self.services.now())
        screen = Screen.of(update, context)
        await screen.say(_("Forward this link to your consultant. It works once, within {days} days:",
                           days=sharing.VALID_DAYS) + "\n" + sharing.link_for(context.bot.username, payload))
        text, keyboard, shown = self._access(owner_id)
        message = await screen.say(text, keyboard)
        remember(context.user_memory, CONSULTANTS, message.message_id, shown)

    async def revoke(self, update: Update, context: Context) -> None:
        """Take access away from the chosen consultant at once, tell them, and show who still has it."""
        press = await pressed(update)
        if press is None:
            return
        query = query_of(update)
        owner_id, message_id = context.caller.id, message_id_of(query)
        consultant_id = recall(context.user_memory, CONSULTANTS, message_id, press.value)
        if consultant_id is None or not sharing.revoke(self.services, owner_id, consultant_id):
            await dead(update)
            return
        await query.answer(_("{name} can no longer see your results.", name=name_of(self.services, consultant_id)))
        await self.outbox.send_to(context.bot, consultant_id)  # owed to them since access was taken back
        text, keyboard, shown = self._access(owner_id)
        remember(context.user_memory, CONSULTANTS, message_id, shown)  # first: the edit below may fail
        await Screen.of(update, context).rewrite(message_id, escape(text), keyboard)

    async def cancel_invitations(self, update: Update, context: Context) -> None:
        """Make every invitation link not used yet unusable, and say how many there were."""
        count = sharing.cancel_invitations(self.services, context.caller.id)
        await query_of(update).answer(
            ngettext("{n} open invitation cancelled.", "{n} open invitations cancelled.", count) if count
            else _("There was no open invitation."))

    # -------------------------------------------------------- consultant
    async def invited(self, update: Update, context: Context) -> None:
        """Show who invites and what they would share, with Accept and Decline; a dead link gets one neutral line."""
        payload, consultant_id = (context.args or [""])[0], context.caller.id
        owner_id = sharing.preview(self.services, payload, consultant_id, self.services.now())
        screen = Screen.of(update, context)
        if owner_id is None:
            await screen.say(_(UNUSABLE))
            await self.welcome(update, context)
            return
        message = await screen.say(
            _("An invitation to see the results of:") + "\n"
            + client_title(profile(self.services, owner_id), self.services.specs[ASSESSMENT]) + "\n\n"
            + _("You would see their answers, their verdict, their check-in figures and their PDF report, "
                "without being able to change anything. Accept?"),
            invitation_keyboard())
        context.user_memory[PENDING] = (message.message_id, payload)

    async def answer_invitation(self, update: Update, context: Context) -> None:
        """Accept the invitation if its link still holds, telling both sides, or decline it."""
        press = await pressed(update)
        if press is None:
            return
        query, consultant_id = query_of(update), context.caller.id
        shown_at, payload = context.user_memory.get(PENDING, (None, None))
        if shown_at != message_id_of(query):
            await dead(update)
            return
        del context.user_memory[PENDING]
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == NO:
            await screen.rewrite(shown_at, escape(_("Fine: nothing is shared with you.")))
            return
        owner_id = sharing.accept(self.services, payload, consultant_id, self.services.now())
        if owner_id is None:
            await screen.rewrite(shown_at, escape(_(UNUSABLE)))
            return
        await screen.rewrite(shown_at, escape(_("Done: you can now see the results of {name}. Send /clients "
                                                "to open them.", name=name_of(self.services, owner_id))))
        await self.outbox.send_to(context.bot, owner_id)  # owed to them since the invitation was used

    # ------------------------------------------------------------- owed
    def accepted(self, screen: Screen, owed: Owed) -> list[Part]:
        """The owner told that a consultant accepted their invitation (owed since it was used)."""
        return [partial(screen.say, _("{name} accepted your invitation and can now see your results. Send /share "
                                      "to see who has access or to take it back.",
                                      name=name_of(self.services, owed.ref)))]

    def withdrawn(self, screen: Screen, owed: Owed) -> list[Part]:
        """The consultant told that an owner took their access back (owed since it was)."""
        return [partial(screen.say, _(NO_LONGER_SHARED, name=name_of(self.services, owed.ref)))]

    # ------------------------------------------------------------- helpers
    def _access(self, owner_id: int) -> tuple[str, InlineKeyboardMarkup, list[int]]:
        """Who has access, a Revoke button for each, one to cancel open invitations, and whom the buttons name."""
        shown = sharing.consultants(self.services, owner_id)
        names = [name_of(self.services, consultant_id) for consultant_id in shown]
        text = "\n".join([_("Who can see your results:"), *(f"• {name}" for name in names)]) if shown \
            else _("Nobody can see your results yet.")
        return text, access_keyboard([(token(CONSULTANTS, consultant_id), name)
                                      for consultant_id, name in zip(shown, names, strict=True)]), shown
