"""Check-in schedules on Telegram: rhythm, weekday and hour by buttons; pause, resume, stop; time zone.

Each button of the set-up carries the choices made before it (rhythm, then
weekday, then hour), so a half-done set-up needs no memory between taps and
survives a restart. `bot.app.schedules` keeps the schedule; this module only
asks and tells.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup, Update

from bot.app import Services, schedules, users, verdicts
from bot.app.callers import ASSESSMENT, CHECKIN
from bot.app.rhythm import RHYTHMS, find_timezone
from bot.engine import View
from bot.i18n import N_, _, use_locale
from bot.render.questions import label
from bot.render.schedule import schedule_text, zone_name
from bot.spec import known
from bot.storage import Schedule
from bot.telegram.handlers import Context
from bot.telegram.keyboards import hour_keyboard, resume_keyboard, schedule_keyboard, weekday_keyboard
from bot.telegram.screen import Screen
from bot.telegram.send import escape, send_text
from bot.telegram.taps import message_id_of, pressed, query_of

ASK_DAY = N_("Which day of the week suits you for the check-ins?")
WHAT_NEXT = N_("You have not answered my last three reminders, so I will not send more for now. Shall I pause "
               "them, remind you at another rhythm, or stop them?")
ZONE_EXAMPLES = N_("Send your city or a time zone, for example /timezone Vienna or /timezone Europe/Zurich.")


class ScheduleHandlers:
    """When the owner is reminded of their check-ins, and in which time zone."""

    def __init__(self, services: Services):
        self.services = services
        # The rhythms are worded as in the assessment's last question, which already offers them.
        self.rhythm_question = services.specs[ASSESSMENT].questions[known.RHYTHM]

    # ------------------------------------------------------------ commands
    async def show(self, update: Update, context: Context) -> None:
        """Show the schedule, with buttons to choose a rhythm and to pause, resume or stop."""
        schedule = schedules.schedule_of(self.services, context.caller.id)
        await Screen.of(update, context).say(self._menu_text(schedule),
                                             schedule_keyboard(self.rhythm_question, schedule))

    async def set_timezone(self, update: Update, context: Context) -> None:
        """Use the time zone or city named after /timezone; otherwise say what is understood."""
        user_id, wanted = context.caller.id, " ".join(context.args or ())
        screen = Screen.of(update, context)
        if not wanted:
            await screen.say(_("Your time zone is {zone}.",
                               zone=zone_name(schedules.user_timezone(self.services, user_id)))
                             + "\n" + _(ZONE_EXAMPLES))
            return
        zone = find_timezone(wanted)
        if zone is None:
            await screen.say(_("I do not know the time zone “{name}”.", name=wanted) + "\n" + _(ZONE_EXAMPLES))
            return
        schedule = schedules.change_timezone(self.services, user_id, zone, self.services.now())
        await screen.say(_("Your time zone is now {zone}.", zone=zone_name(zone))
                         + ("\n" + schedule_text(schedule) if schedule else ""))

    # ------------------------------------------------------------- buttons
    async def choose_rhythm(self, update: Update, context: Context) -> None:
        """Keep the chosen rhythm on the next buttons and ask for the weekday."""
        if press := await pressed(update):
            await query_of(update).answer()
            await self._replace(update, context, _(ASK_DAY), weekday_keyboard(press.value))

    async def choose_weekday(self, update: Update, context: Context) -> None:
        """Keep the chosen weekday on the next buttons and ask for the hour."""
        if press := await pressed(update):
            every, weekday = press.value.split(":")
            zone = schedules.user_timezone(self.services, context.caller.id)
            await query_of(update).answer()
            await self._replace(update, context, _("At what time? (Time zone: {zone}; /timezone changes it.)",
                                                   zone=zone_name(zone)), hour_keyboard(every, int(weekday)))

    async def choose_hour(self, update: Update, context: Context) -> None:
        """Set the schedule, then confirm it with the date and time of the next check-in."""
        if press := await pressed(update):
            every, weekday, hour = press.value.split(":")
            user_id = context.caller.id
            schedules.set_rhythm(self.services, user_id, every, int(weekday), int(hour), self.services.now())
            await query_of(update).answer()
            await self._replace(update, context,
                                "✅ " + schedule_text(schedules.schedule_of(self.services, user_id)) + "\n"
                                + _("Send /checkins to change it, /checkin to check in before then."))

    async def change_status(self, update: Update, context: Context) -> None:
        """Pause, resume or stop the reminders, then show where the schedule stands."""
        if press := await pressed(update):
            schedule = schedules.set_status(self.services, context.caller.id, schedules.STATUSES[press.value],
                                            self.services.now())
            await query_of(update).answer()
            await self._replace(update, context, self._menu_text(schedule),
                                schedule_keyboard(self.rhythm_question, schedule))

    # ----------------------------------------------------- other moments
    async def offer_after_verdict(self, screen: Screen, user_id: int, view: View) -> None:
        """After a verdict that calls for check-ins at a rhythm the owner chose, ask which weekday suits them."""
        stored = verdicts.latest(self.services, user_id) if view.spec.name == ASSESSMENT else None
        follow_up = stored.verdict.follow_up if stored else None
        every = follow_up.rhythm if follow_up and follow_up.kind == "checkins" else None
        if every in RHYTHMS:
            decline = self.rhythm_question.option(known.DECLINE_RHYTHM)
            await screen.say(_(ASK_DAY), weekday_keyboard(every, label(decline) if decline else None))

    async def after_checkin(self, screen: Screen, user_id: int, view: View) -> None:
        """After a check-in, the next reminder a full period on if it came early; none is unanswered any more."""
        if view.spec.name == CHECKIN:
            schedules.checked_in(self.services, user_id)

    async def ask_what_next(self, bot: Bot, schedule: Schedule) -> None:
        """Ask the owner who left the reminders unanswered whether to pause them, change the rhythm or stop."""
        with use_locale(users.writes_in(self.services, schedule.user_id)):
            await send_text(bot, schedule.user_id, escape(_(WHAT_NEXT)),
                            schedule_keyboard(self.rhythm_question, schedule))

    async def offer_resume(self, update: Update, context: Context) -> None:
        """Offer to resume the reminders that stopped while the user had blocked the bot.

        It follows the /start handler, which already noted that the user is back
        (or, if the greeting failed with a 403, that they are not).
        """
        schedule = schedules.schedule_of(self.services, context.caller.id)
        if schedule is not None and schedule.status == "blocked":
            await Screen.of(update, context).say(
                _("While you had blocked me, I stopped your check-in reminders. Shall I start them again?"),
                resume_keyboard())

    # ------------------------------------------------------------- helpers
    @staticmethod
    def _menu_text(schedule: Schedule | None) -> str:
        return schedule_text(schedule) + "\n\n" + _("How often shall I check in with you?")

    @staticmethod
    async def _replace(update: Update, context: Context, text: str,
                       reply_markup: InlineKeyboardMarkup | None = None) -> None:
        """Show `text` and `reply_markup` in place of the message whose button was pressed."""
        await Screen.of(update, context).rewrite(message_id_of(query_of(update)), escape(text), reply_markup)
