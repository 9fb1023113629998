"""The consultant's Mini App, served under /app/ by the webhook's web server, and the menu button that opens it.

Every request but the page itself carries Telegram's signed `initData` (a
header, or `?init=` for a file the browser downloads) and is refused with
401 unless it checks out (init_data.py). The consultant then sees exactly
the clients who share with her at that moment: each client is named by a
keyed token (lists.py: the same on every instance), and every read checks the
access again.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from telegram import Bot, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot.app import Services, checkins, portfolio, sharing, stories, users
from bot.app.callers import ASSESSMENT
from bot.app.conclusions import Attachment
from bot.i18n import _, use_locale
from bot.render.miniapp import HEADER, SHELL, client_page, clients_page, refused
from bot.telegram.init_data import MAX_AGE, verified_user
from bot.telegram.lists import Lists

PATH = "/app/"
KIND = "app"  # what the clients' tokens are keyed by (lists.py)
FILES = {"chart.png": ("chart", "image/png"), "follow-up.pdf": ("followup", "application/pdf"),
         "checkins.csv": ("csv", "text/csv; charset=utf-8")}


def app_url(webhook_url: str | None) -> str | None:
    """Where the Mini App is, on the webhook's host; None without a public URL (polling)."""
    if not webhook_url:
        return None
    parts = urlsplit(webhook_url)
    return f"{parts.scheme}://{parts.netloc}{PATH}"


async def offer_app(bot: Bot, chat_id: int, url: str) -> None:
    """Put the Mini App on the consultant's menu button (a failure only means the chat keeps its menu)."""
    try:
        await bot.set_chat_menu_button(chat_id=chat_id, menu_button=MenuButtonWebApp(_("Clients"), WebAppInfo(url)))
    except TelegramError:
        return


class MiniApp:
    """The routes of the Mini App for a bot with `bot_token`; what each reads is checked against `Services`."""

    def __init__(self, services: Services, bot_token: str, max_age: timedelta = MAX_AGE):
        self.services, self.bot_token, self.max_age = services, bot_token, max_age
        self.lists = Lists(bot_token)

    def routes(self) -> list[Any]:
        self_ = {"app": self}
        return [(r"/app/?", _Page), (r"/app/clients", _Clients, self_),
                (r"/app/clients/([0-9a-f]{10})", _Client, self_),
                (r"/app/clients/([0-9a-f]{10})/(chart\.png|follow-up\.pdf|checkins\.csv)", _File, self_),
                (r"/app/checkins\.csv", _AllCheckins, self_)]

    def consultant(self, request: Any) -> int | None:
        """Who sent the request, by its signed `initData`; None if it does not check out."""
        signed = request.headers.get(HEADER) or request.query_arguments.get("init", [b""])[0].decode()
        return verified_user(signed, self.bot_token, self.services.now(), self.max_age)

    def owner(self, consultant_id: int, named: str) -> int | None:
        """The client a token names, if they share with the consultant now."""
        return next((owner_id for owner_id in sharing.clients(self.services, consultant_id)
                     if self.lists.token(KIND, owner_id) == named), None)


class _Page(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(SHELL)


class _Signed(tornado.web.RequestHandler):
    """A request that must carry valid `initData`: refused with 401 otherwise; answered in her language."""

    def initialize(self, app: MiniApp) -> None:
        self.app = app
        self.services = app.services

    def prepare(self) -> None:
        self.set_header("Cache-Control", "no-store")
        found = self.app.consultant(self.request)
        if found is None:
            self.set_status(HTTPStatus.UNAUTHORIZED)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(refused())
            return
        self.consultant_id = found
        self.language = users.writes_in(self.services, found)

    def html(self, text: str) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(text)

    async def send(self, attachment: Attachment, content_type: str) -> None:
        """A file, drawn on a worker thread when it is a chart or a PDF."""
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Disposition", f'attachment; filename="{attachment.filename}"')
        self.write(await asyncio.to_thread(attachment.render))

    def gone(self) -> None:
        self.set_status(HTTPStatus.NOT_FOUND)
        self.finish()


class _Clients(_Signed):
    def get(self) -> None:
        with use_locale(self.language):
            found = portfolio.portfolio(self.services, self.consultant_id, self.services.now())
            self.html(clients_page(found, [self.app.lists.token(KIND, s.client.owner_id) for s in found],
                                   self.services.specs[ASSESSMENT]))


class _Client(_Signed):
    def get(self, named: str) -> None:
        owner_id = self.app.owner(self.consultant_id, named)
        if owner_id is None or not sharing.can_view(self.services, self.consultant_id, owner_id):
            return self.gone()
        with use_locale(self.language):
            self.html(client_page(portfolio.standing(self.services, owner_id, self.services.now()), named,
                                  self.services.specs[ASSESSMENT], stories.plans(self.services, owner_id),
                                  checkins.decisions(self.services, owner_id)))
        return None


class _File(_Signed):
    async def get(self, named: str, name: str) -> None:
        owner_id = self.app.owner(self.consultant_id, named)
        key, content_type = FILES[name]
        with use_locale(self.language):
            found = stories.detail(self.services, self.consultant_id, owner_id, key) if owner_id else None
        if found is None or not found.attachments:
            return self.gone()
        await self.send(found.attachments[0], content_type)
        return None


class _AllCheckins(_Signed):
    async def get(self) -> None:
        with use_locale(self.language):
            table = stories.portfolio_csv(self.services, self.consultant_id)
        await self.send(table, FILES["checkins.csv"][1])
