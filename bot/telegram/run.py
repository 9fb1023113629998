"""The Telegram bot's composition root: build the application, run it until stopped.

Polling by default; a webhook when WEBHOOK_URL is set. The application is
driven with `async with application:` rather than `run_polling()`, so that a
rejected token surfaces here as `InvalidToken` (one clear line, no traceback)
and tests can run exactly this code against a fake Bot API.

SIGTERM (or SIGINT) drains: /readyz turns 503 and webhook posts are refused
with 503 at once (Telegram posts them again, to another instance), polling
stops fetching, the updates in hand are finished within DRAIN_TIMEOUT, what is
still running then is cut short (its update stays in the inbox for the next
start), and the leases this instance holds are released; then the process
exits 0. A second signal ends the process at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.app import Services, checkins, dialogues, outbox
from bot.app.callers import ASSESSMENT, CHECKIN
from bot.app.inbox import poller_lock
from bot.app.verdicts import conclude as conclude_assessment
from bot.config import Settings
from bot.telegram import instance, upkeep
from bot.telegram.callbacks import Action, pattern
from bot.telegram.checkin_handlers import CheckinHandlers
from bot.telegram.commands import publish_commands
from bot.telegram.consultant_handlers import ConsultantHandlers
from bot.telegram.context import AdvisorContext, arrival, known_only
from bot.telegram.errors import error_handler
from bot.telegram.exits import NO_TOKEN, against_telegram
from bot.telegram.first import settled_first
from bot.telegram.handlers import Conclude, Followup, Handlers
from bot.telegram.inbox import Inbox
from bot.telegram.lists import Lists
from bot.telegram.logs import protect_secrets
from bot.telegram.market_handlers import MarketHandlers
from bot.telegram.metrics import Metrics
from bot.telegram.miniapp import MiniApp, app_url
from bot.telegram.news import ConsultantNews
from bot.telegram.ops import Operations
from bot.telegram.outbox import Outbox
from bot.telegram.poller import poll_when_free
from bot.telegram.privacy_handlers import PrivacyHandlers
from bot.telegram.readable import ReadableUpdates
from bot.telegram.registration import ALLOWED_UPDATES, check_registered, register
from bot.telegram.reminders import Reminders
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.schedule_handlers import ScheduleHandlers
from bot.telegram.sharing_handlers import INVITATION_LINK, SharingHandlers
from bot.telegram.updates import PerChatUpdates
from bot.telegram.webhook import Webhook, WebServer

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30  # seconds a getUpdates call may wait for news (long polling)
# Seconds to wait for Telegram's answer to a call. It answers in well under a second, and can take
# several under load; a new message whose answer does not come is not sent again (see retry.py),
# so the wait is long enough for a slow Telegram rather than python-telegram-bot's 5 s.
READ_TIMEOUT = 20.0
OPERATIONS = "operations"  # the application's Operations, in its bot_data
# The bot is an ExtBot[int] behind the rate limiter, an ExtBot[None] without it.
AdvisorApplication = Application[ExtBot[Any], AdvisorContext, dict[Any, Any], dict[Any, Any], dict[Any, Any],
                                 JobQueue[Any]]


def build_application(settings: Settings, services: Services,
                      conclude: Conclude = conclude_assessment, request: BaseRequest | None = None,
                      rate_limited: bool = True, read_timeout: float = READ_TIMEOUT) -> AdvisorApplication:
    """The bot, ready to start: requests via `settings.api_base_url`, handlers registered.

    The benchmark passes its recording `request` and turns the rate limiter off:
    it measures what handling costs us, not Telegram's sending limits.
    """
    if not settings.token:  # run_telegram says so before building; the Bot class would refuse it too
        raise InvalidToken("no bot token set")
    holder = instance.name()  # this instance, in every claim it makes
    metrics = Metrics(services)
    ops = Operations(services, metrics)
    inbox = Inbox(services, holder, taking=ops.taking)
    chats = PerChatUpdates(done=inbox.done, handled=metrics.handled)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(ContextTypes(context=AdvisorContext))
        .update_queue(inbox)
        .concurrent_updates(chats)
    )
    builder = builder.request(request) if request is not None else \
        builder.read_timeout(read_timeout).get_updates_request(ReadableUpdates(connection_pool_size=1))
    limited = builder.rate_limiter(RetryingRateLimiter.share_of(settings.instances, max_retries=3, metrics=metrics)) \
        if rate_limited else builder
    application = limited.build()
    inbox.bot = application.bot
    schedule = ScheduleHandlers(services)
    lists = Lists(settings.token)  # the same tokens on every instance of the bot
    consultant = ConsultantHandlers(services, lists, app_url(settings.webhook_url))
    # A finished dialogue is concluded (verdict, or advice), then followed up: the check-in
    # days asked for after a verdict, the six- and nine-month decision asked after a check-in,
    # and the next reminder set from it. (Consultants read check-ins and assessments in their digest.)
    followups: list[Followup] = [schedule.offer_after_verdict]
    owed = Outbox(services, chats, sender=holder, metrics=metrics)
    news = ConsultantNews(services, owed)
    application.bot_data[OPERATIONS] = ops
    # Released when the instance stops, for the next instance to take at once, not after the lease.
    ops.holds(inbox.release)
    ops.holds(lambda: outbox.dead(services, holder))
    handlers = Handlers(services, {ASSESSMENT: conclude, CHECKIN: checkins.conclude}, owed, followups=followups)
    checkin = CheckinHandlers(services, handlers)
    followups += [checkin.offer_decision, schedule.after_checkin]
    reminders = Reminders(services, checkin, schedule, owed)
    sharing, privacy = SharingHandlers(services, lists, welcome=handlers.start, outbox=owed), PrivacyHandlers(services)
    market = MarketHandlers(services, carry_on=lambda update, context: handlers.show_current(
        update, context, greet=not dialogues.has_begun(context.caller)))
    add = application.add_handler
    # 0. Before anything else: who is writing, in which language, in which dialogue (once per update).
    #    What is owed to them (a verdict a crash held back) goes out first.
    add(TypeHandler(Update, arrival(services, owed=handlers.send_owed)), group=-1)
    # 1. Group chats get one polite line, whatever was sent; 2. edits are not answers.
    add(MessageHandler(filters.ChatType.GROUPS, handlers.in_group))
    add(MessageHandler(filters.UpdateType.EDITED_MESSAGE, handlers.edited))
    # 3. /start with an invitation link, then the commands, then any other command.
    add(CommandHandler("start", sharing.invited, filters=INVITATION_LINK))
    for name, callback in (("start", handlers.start), ("language", handlers.ask_language),
                           ("export", privacy.export), ("delete", privacy.ask_erase)):
        add(CommandHandler(name, callback))
    # Everything else waits for the language and the country (see first.py).
    for name, callback in (("help", handlers.show_help), ("status", handlers.status),
                           ("back", handlers.back), ("restart", handlers.ask_restart), ("country", market.ask),
                           ("verdict", handlers.verdict),
                           ("report", handlers.report), ("checkin", checkin.start), ("kpis", checkin.kpis),
                           ("checkins", schedule.show), ("timezone", schedule.set_timezone),
                           ("share", sharing.share), ("clients", consultant.list_clients), ("digest", news.show)):
        add(CommandHandler(name, settled_first(callback, handlers.show_current)))
    add(MessageHandler(filters.COMMAND, settled_first(handlers.unknown_command, handlers.show_current)))
    # 4. Typed answers (to the open check-in, else the assessment); anything else sent
    #    (photos, stickers, voice, locations…) is not an answer.
    add(MessageHandler(filters.TEXT, settled_first(handlers.answer_text, handlers.show_current)))
    add(MessageHandler(filters.ALL, handlers.not_text))
    # 5. Buttons: each kind by its prefix, answers (and forged data) last.
    for action, callback in ((Action.LANGUAGE, handlers.choose_language), (Action.COUNTRY, market.choose_country),
                             (Action.REGION, market.choose_region), (Action.INVITATION, sharing.answer_invitation),
                             (Action.ERASE, privacy.erase)):
        add(CallbackQueryHandler(known_only(callback), pattern=pattern(action)))
    for action, callback in ((Action.RESTART, handlers.confirm_restart),
                             (Action.REMINDER, reminders.answer), (Action.RHYTHM, schedule.choose_rhythm),
                             (Action.WEEKDAY, schedule.choose_weekday), (Action.HOUR, schedule.choose_hour),
                             (Action.SCHEDULE, schedule.change_status), (Action.ACCESS, sharing.revoke),
                             (Action.INVITES, sharing.invitations), (Action.CLIENT, consultant.open_client),
                             (Action.TRIAGE, consultant.turn_page), (Action.DIGEST, news.choose),
                             (Action.FILE, consultant.open_detail), (Action.NOTIFY, consultant.switch_news),
                             (Action.DETAIL, handlers.open_detail), (Action.DECISION, checkin.decide)):
        add(CallbackQueryHandler(known_only(settled_first(callback, handlers.show_current)), pattern=pattern(action)))
    add(CallbackQueryHandler(known_only(settled_first(handlers.press, handlers.show_current))))
    # 6. Blocked / unblocked by the user.
    add(ChatMemberHandler(handlers.track_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    # 7. After the greeting of a /start: the offer to resume reminders stopped while blocked.
    add(CommandHandler("start", schedule.offer_resume, filters=filters.ChatType.PRIVATE), group=1)
    application.add_error_handler(error_handler(services, later=inbox.later, metrics=metrics))
    # 8. The reminder and digest sweeps, every minute; decisions overdue, every hour.
    if application.job_queue is None:  # installed without the job-queue extra that pyproject.toml asks for
        raise RuntimeError("check-in reminders need python-telegram-bot[job-queue]")
    reminders.schedule(application.job_queue)
    news.schedule(application.job_queue)
    # 9. What is owed and unsent, every few seconds: outcomes of finished dialogues, decisions noted,
    #    reminders and follow-ups fallen due (owed by the reminder sweep, every minute), access given or
    #    taken back, consultants' digests and decisions overdue (owed by their sweeps).
    owed.delivers(outbox.CONCLUSION, handlers.deliver)
    owed.delivers(outbox.DECISION, checkin.noted)
    owed.delivers(outbox.REMINDER, reminders.reminder)
    owed.delivers(outbox.WHAT_NEXT, reminders.what_next)
    owed.delivers(outbox.FOLLOW_UP, reminders.follow_up)
    owed.delivers(outbox.ACCEPTED, sharing.accepted)
    owed.delivers(outbox.WITHDRAWN, sharing.withdrawn)
    owed.delivers(outbox.DIGEST, news.digest)
    owed.delivers(outbox.OVERDUE, news.overdue)
    owed.schedule(application.job_queue)
    # 10. Updates no live instance holds, every second; this instance's claims renewed while it holds them.
    inbox.schedule(application.job_queue)
    # 11. The database's upkeep (SQLite's checkpoints), on a thread every few seconds, not inside an answer.
    upkeep.schedule(application.job_queue, services)
    return application


@asynccontextmanager
async def running(application: AdvisorApplication, settings: Settings) -> AsyncIterator[AdvisorApplication]:
    """Serve updates inside the block: by webhook if configured, else by long polling; drain on leaving it."""
    updater = application.updater
    if updater is None:  # build_application keeps the builder's default updater
        raise ValueError("the application has no updater to fetch updates with")
    ops = operations_of(application)
    web: WebServer | None = None
    polling: asyncio.Task[None] | None = None
    inbox = inbox_of(application)
    async with application:  # getMe: a rejected token raises InvalidToken here
        await application.start()
        try:
            inbox.replay()  # before anything new
            if settings.webhook_url:
                web = await _start_webhook(application, settings, settings.webhook_url)
                ops.metrics.set_role("webhook")
            else:
                if settings.polling_port is not None:  # a platform's health check needs a port
                    web = WebServer(ops.routes())
                    web.listen(settings.polling_port, settings.listen)
                ops.metrics.set_role("standby")

                async def lead() -> None:
                    await updater.start_polling(
                        timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES, error_callback=_polling_failed)
                    ops.metrics.set_role("leader")

                async def stand_by() -> None:
                    await updater.stop()
                    ops.metrics.set_role("standby")

                polling = asyncio.create_task(poll_when_free(poller_lock(inbox.services), start=lead, stop=stand_by),
                                              name="poll when no other process does")
            application.create_task(publish_commands(application.bot), name="publish command menu")
            yield application
        finally:
            ops.draining = True
            await _drain(application, settings.drain_timeout, polling)
            ops.release()
            if web is not None:  # answered /readyz (503) and refused posts until now
                await web.stop()


async def _drain(application: AdvisorApplication, bound: float, polling: asyncio.Task[None] | None) -> None:
    """Stop fetching, finish the updates in hand and stop the sweeps, within `bound` seconds; then cut short
    what is still running (its update stays in the inbox, and is handled at the next start)."""
    async def stop() -> None:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()  # polling stops before its lock goes: no two processes poll at once
        if polling is not None:
            polling.cancel()
            await asyncio.gather(polling, return_exceptions=True)
        if application.running:
            await application.stop()  # handles the updates queued, then stops the job queue

    try:
        await asyncio.wait_for(stop(), bound)
    except TimeoutError:
        cut = chats_of(application).cut_short()
        if application.job_queue is not None:
            await application.job_queue.stop(wait=False)
        log.warning("Stopped %.0f s after the signal with %d update(s) or send(s) unfinished; they are handled "
                    "at the next start", bound, cut)
        await asyncio.sleep(0)  # the cancelled tasks unwind


async def _start_webhook(application: AdvisorApplication, settings: Settings, url: str) -> Webhook:
    """Listen on the port first, then, alone on SQLite, tell Telegram where to post (so its first post finds us);
    where several instances may run, the deploy step registered it (registration.py): only check that."""
    # Without a configured secret (SQLite only: config.py), a fresh one per start: Telegram gets it with the webhook.
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    ops = operations_of(application)
    pages = [*MiniApp(inbox_of(application).services, application.bot.token).routes(), *ops.routes()]
    webhook = Webhook(application.bot, application.update_queue, urlsplit(url).path, secret, pages, ops.taking)
    webhook.listen(settings.port, settings.listen)
    try:
        if settings.shared:
            await check_registered(application.bot, url)
        else:
            await register(application.bot, url, secret)
    except BaseException:
        await webhook.stop()
        raise
    return webhook


def inbox_of(application: AdvisorApplication) -> Inbox:
    """The update queue build_application gave the application."""
    if not isinstance(application.update_queue, Inbox):
        raise TypeError("the application was not built with an inbox")
    return application.update_queue


def operations_of(application: AdvisorApplication) -> Operations:
    """The operators' side build_application gave the application: metrics, readiness, the drain."""
    ops = application.bot_data.get(OPERATIONS)
    if not isinstance(ops, Operations):
        raise TypeError("the application was not built with its operations")
    return ops


def chats_of(application: AdvisorApplication) -> PerChatUpdates:
    """The update processor build_application gave the application."""
    if not isinstance(application.update_processor, PerChatUpdates):
        raise TypeError("the application was not built with per-chat updates")
    return application.update_processor


def _polling_failed(error: TelegramError) -> None:
    """PTB retries getUpdates by itself; one line per failure is enough."""
    log.warning("Fetching updates failed (%s); retrying", error)


async def serve(application: AdvisorApplication, settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM, then drain; a second signal ends the process at once."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    ops = operations_of(application)

    def stopping(signum: signal.Signals) -> None:
        if stop.is_set():  # the default action, as if there were no drain
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        ops.draining = True  # /readyz says so at once, and posts are refused
        log.info("Draining (%s): finishing the updates in hand, at most %.0f s", signum.name,
                 settings.drain_timeout)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping, signum)
    async with running(application, settings):
        log.info("Bot running (%s)", "webhook" if settings.webhook_url else "polling")
        await stop.wait()
    log.info("Stopped")


def run_telegram(settings: Settings, services: Services) -> int:
    """Run the bot; a missing or rejected token is one line on stderr and exit status 2."""
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    protect_secrets(settings.token, settings.webhook_secret)
    return against_telegram(settings, serve(build_application(settings, services), settings))
