"""The consultant's side on Telegram: the list of clients, a client's file, whether to hear of a client.

Buttons carry an index into the list shown with them (see lists.py), and
every use case checks the consultant's access before reading an owner's data, so a
forged or outdated button never reaches an owner who does not share now.
Nothing a consultant sends changes an owner's data.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.app import Services, consultants, digests, portfolio, stories
from bot.app.callers import ASSESSMENT
from bot.app.conclusions import Conclusion
from bot.app.portfolio import Standing
from bot.i18n import N_, _
from bot.render.clients import FILTERS, person, triage_entry
from bot.telegram.callbacks import ALL_CHECKINS, decode
from bot.telegram.handlers import Context
from bot.telegram.keyboards import clients_keyboard, file_keyboard, news_keyboard
from bot.telegram.lists import Lists
from bot.telegram.miniapp import offer_app
from bot.telegram.notify import name_of
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

CLIENTS, NOTIFIED, FILES = "clients", "notified", "files"  # the lists behind the buttons, in the chat's memory
PAGE = 5  # clients per page of the list: a phone screen or two
APP_OFFERED = "app offered"  # the Mini App's address on her menu button (offered again if it changed)
NOBODY = N_("Nobody shares their results with you yet. An owner invites you with /share.")


class ConsultantHandlers:
    """What consultants see of their clients, and the news they asked for."""

    def __init__(self, services: Services, lists: Lists, app: str | None = None):
        """`app`: the Mini App's address, put on a consultant's menu button when she lists her clients."""
        self.services, self.lists, self.app = services, lists, app
        self.spec = services.specs[ASSESSMENT]

    async def list_clients(self, update: Update, context: Context) -> None:
        """List the clients, most urgent first (those who need attention, if any), with buttons that open each
        file, turn the page and filter the list."""
        found = portfolio.portfolio(self.services, context.caller.id, self.services.now())
        screen = Screen.of(update, context)
        if not found:
            await screen.say(_(NOBODY))
            return
        text, keyboard, shown = self._page(found, "attention" if any(s.urgency for s in found) else "all", 0)
        message = await screen.say(text, keyboard)
        self.lists.remember(context.memory, CLIENTS, message.message_id, shown)
        if self.app and context.memory.get(APP_OFFERED) != self.app:
            await offer_app(context.bot, screen.chat_id, self.app)
            context.memory.set(APP_OFFERED, self.app)

    async def turn_page(self, update: Update, context: Context) -> None:
        """Show the list again, filtered and at the page the button names."""
        press = await pressed(update)
        if press is None:
            return
        query = query_of(update)
        await query.answer()
        if press.value == ALL_CHECKINS:
            await Screen.of(update, context).conclude(
                Conclusion([], [stories.portfolio_csv(self.services, context.caller.id)]))
            return
        chosen, _sep, page = press.value.partition(":")
        found = portfolio.portfolio(self.services, context.caller.id, self.services.now())
        text, keyboard, shown = self._page(found, chosen, int(page)) if found else (_(NOBODY), None, [])
        self.lists.remember(context.memory, CLIENTS, message_id_of(query), shown)  # first: the edit below may fail
        await Screen.of(update, context).rewrite(message_id_of(query), escape(text), keyboard)

    async def open_client(self, update: Update, context: Context) -> None:
        """Show the chosen client's file on one screen with a button per detail, then offer news of them."""
        owner_id = self._chosen(update, context, CLIENTS)
        consultant_id = context.caller.id
        if owner_id is None or (found := stories.summary(self.services, consultant_id, owner_id)) is None:
            await dead(update)
            return
        await query_of(update).answer()
        screen = Screen.of(update, context)
        text, details = found
        shown = await screen.say(text, file_keyboard(self.lists.token(FILES, owner_id), details))
        self.lists.remember(context.memory, FILES, shown.message_id, [owner_id])
        offer = self._news_offer(owner_id, consultant_id)
        if offer is None:  # access taken back while the file was being sent
            return
        message = await screen.say(*offer)
        self.lists.remember(context.memory, NOTIFIED, message.message_id, [owner_id])

    async def open_detail(self, update: Update, context: Context) -> None:
        """Send the detail of a client's file that the button names (text, chart, PDF or CSV)."""
        owner_id, press = self._chosen(update, context, FILES), decode(query_of(update).data)
        key = press.value.partition(":")[2] if press else ""
        if owner_id is None or (found := stories.detail(self.services, context.caller.id, owner_id, key)) is None:
            await dead(update)
            return
        await query_of(update).answer()
        await Screen.of(update, context).conclude(found)

    async def switch_news(self, update: Update, context: Context) -> None:
        """Turn the news of this client's check-ins and assessments on or off, as the button says."""
        owner_id, press = self._chosen(update, context, NOTIFIED), decode(query_of(update).data)
        consultant_id, on = context.caller.id, press is not None and press.value.endswith(":on")
        if owner_id is None or consultants.set_news(self.services, owner_id, consultant_id, on) is None:
            await dead(update)
            return
        if on:
            digests.ensure(self.services, consultant_id, self.services.now())
        query = query_of(update)
        await query.answer()
        offer = self._news_offer(owner_id, consultant_id)
        if offer is None:
            return
        text, keyboard = offer
        await Screen.of(update, context).rewrite(message_id_of(query), escape(text), keyboard)

    # ------------------------------------------------------------- helpers
    def _page(self, found: list[Standing], chosen: str, page: int) -> tuple[str, InlineKeyboardMarkup, list[int]]:
        """Page `page` of the clients the filter `chosen` keeps, its keyboard, and whom the buttons stand for."""
        kept = [standing for standing in found if standing.shown_by(chosen)]
        pages = max(1, -(-len(kept) // PAGE))
        page = min(page, pages - 1)
        first = page * PAGE
        shown = kept[first:first + PAGE]
        lines = [_("Your clients, most urgent first. {filter}: {count} of {total}.", filter=_(FILTERS[chosen]),
                   count=len(kept), total=len(found))]
        lines += [triage_entry(number, standing, self.spec) for number, standing in enumerate(shown, first + 1)]
        if pages > 1:
            lines.append(_("Page {page} of {pages}", page=page + 1, pages=pages))
        keyboard = clients_keyboard([(number, self.lists.token(CLIENTS, standing.client.owner_id),
                                      person(standing.client.name))
                                     for number, standing in enumerate(shown, first + 1)], chosen, page, pages)
        return "\n\n".join(lines), keyboard, [standing.client.owner_id for standing in shown]

    def _chosen(self, update: Update, context: Context, kind: str) -> int | None:
        """The owner behind the pressed button of a list shown to this consultant, if any."""
        query = query_of(update)
        press = decode(query.data)
        return None if press is None else self.lists.recall(context.memory, kind, message_id_of(query),
                                                            press.value.partition(":")[0])

    def _news_offer(self, owner_id: int, consultant_id: int) -> tuple[str, InlineKeyboardMarkup] | None:
        """Whether news of this client is on, with the button that switches it (None without access)."""
        on = consultants.news_on(self.services, owner_id, consultant_id)
        if on is None:
            return None
        name = name_of(self.services, owner_id)
        text = _("{name} is in your digest (/digest sets when it comes), and you hear at once of a decision "
                 "taken or overdue.", name=name) if on \
            else _("Shall I put {name} in your digest, and tell you at once of a decision taken or overdue?",
                   name=name)
        return text, news_keyboard(self.lists.token(NOTIFIED, owner_id), on)
