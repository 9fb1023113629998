"""The consultant's side on Telegram: the list of clients, a client's file, news of their progress.

Buttons carry an index into the list shown with them (see lists.py), and
every use case checks the consultant's access before reading an owner's data, so a
forged or outdated button never reaches an owner who does not share now.
Nothing a consultant sends changes an owner's data.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.app import Services, consultants
from bot.app.callers import ASSESSMENT, CHECKIN
from bot.engine import View
from bot.i18n import N_, _
from bot.render.clients import client_heading, person
from bot.telegram.callbacks import decode
from bot.telegram.handlers import Context
from bot.telegram.keyboards import clients_keyboard, news_keyboard
from bot.telegram.lists import recall, remember, token
from bot.telegram.notify import name_of, tell
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, query_of

CLIENTS, NOTIFIED = "clients", "notified"  # the lists behind the buttons, in the consultant's user data
# What consultants who asked for it are told when a client finishes a dialogue.
FINISHED = {
    ASSESSMENT: N_("{name} has finished an assessment and has a new verdict. Send /clients to see it."),
    CHECKIN: N_("{name} has finished a check-in. Send /clients to see the figures."),
}


class ConsultantHandlers:
    """What consultants see of their clients, and the news they asked for."""

    def __init__(self, services: Services):
        self.services = services
        self.spec = services.specs[ASSESSMENT]

    async def list_clients(self, update: Update, context: Context) -> None:
        """List the owners who share their results, each with a button that opens their file."""
        found = consultants.clients(self.services, context.caller.id)
        screen = Screen.of(update, context)
        if not found:
            await screen.say(_("Nobody shares their results with you yet. An owner invites you with /share."))
            return
        lines = [_("These owners share their results with you:")]
        lines += [f"{number}. " + client_heading(client, self.spec).replace("\n", " · ")
                  for number, client in enumerate(found, start=1)]
        message = await screen.say("\n".join(lines), clients_keyboard(
            [(token(CLIENTS, client.owner_id), person(client.name)) for client in found]))
        remember(context.user_memory, CLIENTS, message.message_id, [client.owner_id for client in found])

    async def open_client(self, update: Update, context: Context) -> None:
        """Send the chosen client's file, then offer news of their check-ins and assessments."""
        owner_id = self._chosen(update, context, CLIENTS)
        consultant_id = context.caller.id
        if owner_id is None or (found := consultants.client_file(self.services, consultant_id, owner_id)) is None:
            await dead(update)
            return
        await query_of(update).answer()
        screen = Screen.of(update, context)
        await screen.conclude(found)
        offer = self._news_offer(owner_id, consultant_id)
        if offer is None:  # access taken back while the file was being sent
            return
        message = await screen.say(*offer)
        remember(context.user_memory, NOTIFIED, message.message_id, [owner_id])

    async def switch_news(self, update: Update, context: Context) -> None:
        """Turn the news of this client's check-ins and assessments on or off, as the button says."""
        owner_id, press = self._chosen(update, context, NOTIFIED), decode(query_of(update).data)
        consultant_id, on = context.caller.id, press is not None and press.value.endswith(":on")
        if owner_id is None or consultants.set_news(self.services, owner_id, consultant_id, on) is None:
            await dead(update)
            return
        query = query_of(update)
        await query.answer()
        offer = self._news_offer(owner_id, consultant_id)
        if offer is None:
            return
        text, keyboard = offer
        await Screen.of(update, context).rewrite(message_id_of(query), escape(text), keyboard)

    async def tell_consultants(self, screen: Screen, owner_id: int, view: View) -> None:
        """Tell the owner's consultants who asked for news that a check-in or an assessment is finished."""
        for consultant_id in consultants.to_tell(self.services, owner_id):
            await tell(screen.bot, self.services, consultant_id, FINISHED[view.spec.name], owed=True,
                       name=name_of(self.services, owner_id))

    # ------------------------------------------------------------- helpers
    @staticmethod
    def _chosen(update: Update, context: Context, kind: str) -> int | None:
        """The owner behind the pressed button of a list shown to this consultant, if any."""
        query = query_of(update)
        press = decode(query.data)
        return None if press is None else recall(context.user_memory, kind, message_id_of(query),
                                                 press.value.partition(":")[0])

    def _news_offer(self, owner_id: int, consultant_id: int) -> tuple[str, InlineKeyboardMarkup] | None:
        """Whether news of this client is on, with the button that switches it (None without access)."""
        on = consultants.news_on(self.services, owner_id, consultant_id)
        if on is None:
            return None
        name = name_of(self.services, owner_id)
        text = _("I tell you when {name} finishes a check-in or an assessment.", name=name) if on \
            else _("Shall I tell you when {name} finishes a check-in or an assessment?", name=name)
        return text, news_keyboard(token(NOTIFIED, owner_id), on)
