"""Owners share their results with a consultant on Telegram: see who has access and which links work, take
either back, invite by a new link on request.

The invitation travels as a deep link (`/start c_<token>`). The consultant's
Accept and Decline buttons do not carry the token: its hash waits in their
chat's memory, tied to the message that showed the invitation (the token
itself is stored nowhere), and `sharing.accept_held` checks it again on
Accept. Every unusable link gets one and the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import filters

from bot.app import Services, memory, sharing
from bot.app.callers import ASSESSMENT
from bot.app.consultants import profile
from bot.app.schedules import local_zone
from bot.i18n import N_, _, current_locale
from bot.i18n.numbers import format_date
from bot.render.clients import client_title
from bot.storage import Owed
from bot.telegram.callbacks import NEW, NO, Press
from bot.telegram.handlers import Context
from bot.telegram.keyboards import access_keyboard, invitation_keyboard
from bot.telegram.lists import Lists
from bot.telegram.notify import name_of
from bot.telegram.outbox import Outbox
from bot.telegram.screen import Part, Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

# A /start whose payload is an invitation; other payloads are the ordinary start.
INVITATION_LINK = filters.Regex(rf"^/start {re.escape(sharing.PREFIX)}")
CONSULTANTS, INVITATIONS, PENDING = "consultants", "invitations", "invitation"  # in the chat's memory
UNUSABLE = N_("This invitation link cannot be used. Ask the person who sent it for a new one.")
NO_LONGER_SHARED = N_("{name} no longer shares their results with you.")


@dataclass(frozen=True)
class Shown:
    """Whom and what the buttons of an owner's access list stand for."""

    consultants: list[int]
    invitations: list[int]


class SharingHandlers:
    """Invitations, access and its withdrawal; `welcome` is the ordinary /start."""

    def __init__(self, services: Services, lists: Lists, welcome: Callable[[Update, Context], Awaitable[None]],
                 outbox: Outbox):
        self.services, self.lists, self.welcome, self.outbox = services, lists, welcome, outbox

    # ------------------------------------------------------------- owner
    async def share(self, update: Update, context: Context) -> None:
        """Show who can see the owner's results and which invitation links still work, each with a button that
        takes it back, and one for a new link: nothing is created until asked for."""
        owner_id = context.caller.id
        text, keyboard, shown = self._access(owner_id)
        message = await Screen.of(update, context).say(text, keyboard)
        self._remember(context, message.message_id, shown)

    async def revoke(self, update: Update, context: Context) -> None:
        """Take access away from the chosen consultant at once, tell them, and show who still has it."""
        if (tapped := await self._tapped(update, context)) is None:
            return
        press, owner_id, message_id = tapped
        consultant_id = self.lists.recall(context.memory, CONSULTANTS, message_id, press.value)
        if consultant_id is None or not sharing.revoke(self.services, owner_id, consultant_id):
            await dead(update)
            return
        name = name_of(self.services, consultant_id)
        await query_of(update).answer(_("{name} can no longer see your results.", name=name))
        await self.outbox.send_to(context.bot, consultant_id)  # owed to them since access was taken back
        await self._refresh(update, context, message_id)

    async def invitations(self, update: Update, context: Context) -> None:
        """Send a new single-use invitation link to forward, or cancel the chosen one; then show the list again."""
        if (tapped := await self._tapped(update, context)) is None:
            return
        press, owner_id, message_id = tapped
        if press.value == NEW:
            await query_of(update).answer()
            payload = sharing.invite(self.services, owner_id, self.services.now())
            await Screen.of(update, context).say(
                _("Forward this link to your consultant. It works once, within {days} days:",
                  days=sharing.VALID_DAYS) + "\n" + sharing.link_for(context.bot.username, payload))
        else:
            invitation_id = self.lists.recall(context.memory, INVITATIONS, message_id, press.value)
            if invitation_id is None or not sharing.cancel_invitation(self.services, owner_id, invitation_id):
                await dead(update)
                return
            await query_of(update).answer(_("This link no longer works."))
        await self._refresh(update, context, message_id)

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
        context.memory.set(PENDING, [message.message_id, sharing.held(payload)])

    async def answer_invitation(self, update: Update, context: Context) -> None:
        """Accept the invitation if its link still holds, telling both sides, or decline it."""
        press = await pressed(update)
        if press is None:
            return
        query, consultant_id = query_of(update), context.caller.id
        shown_at, held = context.memory.get(PENDING) or (None, None)
        if shown_at != message_id_of(query) or held is None:
            await dead(update)
            return
        with memory.together(self.services):  # the invitation is answered once: accepted and forgotten together
            context.memory.drop(PENDING)
            owner_id = None if press.value == NO else \
                sharing.accept_held(self.services, held, consultant_id, self.services.now())
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == NO:
            await screen.rewrite(shown_at, escape(_("Fine: nothing is shared with you.")))
            return
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
    def _access(self, owner_id: int) -> tuple[str, InlineKeyboardMarkup, Shown]:
        """Who has access and which links still work, a button to take back each, one for a new link, and
        whom and what the buttons name."""
        consultants = sharing.consultants(self.services, owner_id)
        links = sharing.open_invitations(self.services, owner_id, self.services.now())
        names = [name_of(self.services, consultant_id) for consultant_id in consultants]
        zone, locale = local_zone(self.services, owner_id), current_locale()

        def day(moment: datetime | None) -> str:
            return format_date(moment.astimezone(zone).date(), locale) if moment else "–"

        lines = [_("Who can see your results:"), *(f"• {name}" for name in names)] if consultants \
            else [_("Nobody can see your results yet.")]
        if links:
            lines += ["", _("Invitation links that still work:")]
            lines += [f"{number}. " + _("sent {day}, works until {until}", day=day(link.created_at),
                                        until=day(link.expires_at)) for number, link in enumerate(links, start=1)]
        keyboard = access_keyboard([(self.lists.token(CONSULTANTS, consultant_id), name)
                                    for consultant_id, name in zip(consultants, names, strict=True)],
                                   [self.lists.token(INVITATIONS, link.id) for link in links])
        return "\n".join(lines), keyboard, Shown(consultants, [link.id for link in links])

    @staticmethod
    async def _tapped(update: Update, context: Context) -> tuple[Press, int, int] | None:
        """The press on the owner's access list, the owner, and the list's message (None: a dead button)."""
        press = await pressed(update)
        return None if press is None else (press, context.caller.id, message_id_of(query_of(update)))

    def _remember(self, context: Context, message_id: int, shown: Shown) -> None:
        self.lists.remember(context.memory, CONSULTANTS, message_id, shown.consultants)
        self.lists.remember(context.memory, INVITATIONS, message_id, shown.invitations)

    async def _refresh(self, update: Update, context: Context, message_id: int) -> None:
        """Show the owner's access list again in the message whose button was pressed."""
        text, keyboard, shown = self._access(context.caller.id)
        self._remember(context, message_id, shown)  # first: the edit below may fail
        await Screen.of(update, context).rewrite(message_id, escape(text), keyboard)
