"""Check-in schedules on Telegram: rhythm, weekday and hour by buttons; pause, resume, stop; time zone.

Each button of the set-up carries the choices made before it (rhythm, then
weekday, then hour), so a half-done set-up needs no memory between taps and
survives a restart. `bot.checkins` keeps the schedule; this module only asks
and tells.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import checkins
from bot.engine import View
from bot.i18n import N_, _, use_locale
from bot.render.questions import label
from bot.render.schedule import hour_text, schedule_text
from bot.render.verdict import day_name
from bot.schedule import RHYTHMS, find_timezone
from bot.services import Services
from bot.telegram.handlers import ASSESSMENT, Context, for_user
from bot.telegram.keyboards import HOUR, RHYTHM, SCHEDULE, WEEKDAY, button
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.taps import pressed
from bot.telegram.users import speaking

HOURS = (8, 9, 10, 12, 14, 16, 18, 20)
STATUSES = {"pause": "paused", "resume": "active", "stop": "stopped"}
ASK_DAY = N_("Which day of the week suits you for the check-ins?")
ZONE_EXAMPLES = N_("Send your city or a time zone, for example /timezone Vienna or /timezone Europe/Zurich.")


def weekday_rows(every: str) -> list[list[InlineKeyboardButton]]:
    """The seven weekdays, three to a row, each carrying the rhythm chosen before."""
    days = [button(day_name(day), WEEKDAY, value=f"{every}:{day}") for day in range(7)]
    return [days[start:start + 3] for start in range(0, 7, 3)]


def hour_keyboard(every: str, weekday: int) -> InlineKeyboardMarkup:
    """Hours of the working day, four to a row, each carrying the rhythm and weekday chosen before."""
    hours = [button(hour_text(hour), HOUR, value=f"{every}:{weekday}:{hour}") for hour in HOURS]
    return InlineKeyboardMarkup([hours[start:start + 4] for start in range(0, len(hours), 4)])


class ScheduleHandlers:
    """When the owner is reminded of their check-ins, and in which time zone."""

    def __init__(self, services: Services):
        self.services, self.store = services, services.store
        # The rhythms are worded as in the assessment's last question, which already offers them.
        self.rhythm_question = services.specs[ASSESSMENT].questions["checkins"]

    # ------------------------------------------------------------ commands
    @for_user
    async def show(self, update: Update, context: Context) -> None:
        """Show the schedule, with buttons to choose a rhythm and to pause, resume or stop."""
        row = self.store.schedule(update.effective_user.id)
        await Screen.of(update, context).say(self._menu_text(row), self._menu_keyboard(row))

    @for_user
    async def set_timezone(self, update: Update, context: Context) -> None:
        """Use the time zone or city named after /timezone; otherwise say what is understood."""
        user_id, wanted = update.effective_user.id, " ".join(context.args or ())
        screen = Screen.of(update, context)
        if not wanted:
            await screen.say(_("Your time zone is {zone}.", zone=checkins.user_timezone(self.services, user_id))
                             + "\n" + _(ZONE_EXAMPLES))
            return
        zone = find_timezone(wanted)
        if zone is None:
            await screen.say(_("I do not know the time zone “{name}”.", name=wanted) + "\n" + _(ZONE_EXAMPLES))
            return
        checkins.change_timezone(self.services, user_id, zone, self.services.now())
        row = self.store.schedule(user_id)
        await screen.say(_("Your time zone is now {zone}.", zone=zone) + ("\n" + schedule_text(row) if row else ""))

    # ------------------------------------------------------------- buttons
    @for_user
    async def choose_rhythm(self, update: Update, context: Context) -> None:
        """Keep the chosen rhythm on the next buttons and ask for the weekday."""
        if press := await pressed(update):
            await update.callback_query.answer()
            await self._replace(update, context, _(ASK_DAY), InlineKeyboardMarkup(weekday_rows(press.value)))

    @for_user
    async def choose_weekday(self, update: Update, context: Context) -> None:
        """Keep the chosen weekday on the next buttons and ask for the hour."""
        if press := await pressed(update):
            every, weekday = press.value.split(":")
            zone = checkins.user_timezone(self.services, update.effective_user.id)
            await update.callback_query.answer()
            await self._replace(update, context, _("At what time? (Time zone: {zone}; /timezone changes it.)",
                                                   zone=zone), hour_keyboard(every, int(weekday)))

    @for_user
    async def choose_hour(self, update: Update, context: Context) -> None:
        """Set the schedule, then confirm it with the date and time of the next check-in."""
        if press := await pressed(update):
            every, weekday, hour = press.value.split(":")
            user_id = update.effective_user.id
            checkins.set_rhythm(self.services, user_id, every, int(weekday), int(hour), self.services.now())
            await update.callback_query.answer()
            await self._replace(update, context, "✅ " + schedule_text(self.store.schedule(user_id)) + "\n"
                                + _("Send /checkins to change it, /checkin to check in before then."))

    @for_user
    async def change_status(self, update: Update, context: Context) -> None:
        """Pause, resume or stop the reminders, then show where the schedule stands."""
        if press := await pressed(update):
            row = checkins.set_status(self.services, update.effective_user.id, STATUSES[press.value],
                                      self.services.now())
            await update.callback_query.answer()
            await self._replace(update, context, self._menu_text(row), self._menu_keyboard(row))

    # ----------------------------------------------------- other moments
    async def offer_after_verdict(self, screen: Screen, user_id: int, view: View) -> None:
        """After a verdict, if the owner chose a rhythm, ask which weekday suits the check-ins."""
        every = view.answers.get(self.rhythm_question.id)
        if view.spec.name == ASSESSMENT and every in RHYTHMS:
            decline = [button(label(self.rhythm_question.option("no")), SCHEDULE, value="stop")]
            await screen.say(_(ASK_DAY), InlineKeyboardMarkup([*weekday_rows(every), decline]))

    async def offer_resume(self, update: Update, context: Context) -> None:
        """Offer to resume the reminders that stopped while the user had blocked the bot.

        It follows the /start handler, which already noted that the user is back
        (or, if the greeting failed with a 403, that they are not): no `for_user`.
        """
        row = self.store.schedule(update.effective_user.id)
        if row is not None and row["status"] == "blocked":
            with use_locale(speaking(self.store, update.effective_user)):
                await Screen.of(update, context).say(
                    _("While you had blocked me, I stopped your check-in reminders. Shall I start them again?"),
                    InlineKeyboardMarkup([[button("▶️ " + _("Resume reminders"), SCHEDULE, value="resume")]]))

    # ------------------------------------------------------------- helpers
    def _menu_text(self, row: dict | None) -> str:
        return schedule_text(row) + "\n\n" + _("How often shall I check in with you?")

    def _menu_keyboard(self, row: dict | None) -> InlineKeyboardMarkup:
        """A button per rhythm, then pause or resume, and stop, for a schedule that is not stopped."""
        rows = [[button(label(self.rhythm_question.option(every)), RHYTHM, value=every)] for every in RHYTHMS]
        if row is not None and row["status"] != "stopped":
            toggle = button("⏸️ " + _("Pause"), SCHEDULE, value="pause") if row["status"] == "active" \
                else button("▶️ " + _("Resume"), SCHEDULE, value="resume")
            rows.append([toggle, button("⏹️ " + _("Stop"), SCHEDULE, value="stop")])
        return InlineKeyboardMarkup(rows)

    @staticmethod
    async def _replace(update: Update, context: Context, text: str,
                       reply_markup: InlineKeyboardMarkup | None = None) -> None:
        """Show `text` and `reply_markup` in place of the message whose button was pressed."""
        await Screen.of(update, context).rewrite(update.callback_query.message.message_id, escape(text), reply_markup)
