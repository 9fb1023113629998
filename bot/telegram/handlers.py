"""Telegram updates turned into engine inputs, and the engine's steps into replies.

No assessment logic lives here: the engine decides, storage remembers,
`Screen` shows. Each handler answers one kind of update; run.py registers
them in the order they are tried. Answers go to the user's active dialogue
(`active_dialog`): a check-in while one is open, else the assessment.
"""

from __future__ import annotations

import functools
from typing import Awaitable, Callable, Mapping, Sequence

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot import checkins, verdicts
from bot.engine import Back, Done, Input, Pick, Restart, Skip, Step, Text, Toggle, View
from bot.i18n import DEFAULT_LANGUAGE, N_, _, current_locale, use_locale
from bot.render.questions import label, problem, question_text
from bot.services import Services
from bot.telegram.keyboards import (
    BACK, DONE, NUMBER, PICK, SKIP, TOGGLE, YES, Press, decode, language_keyboard, number_text,
    question_keyboard, restart_keyboard,
)
from bot.telegram.layout import answered_html, language_prompt, status_html
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, pressed
from bot.telegram.users import chosen_language, know, language_of, mark_blocked, speaking
from bot.storage import Store
from bot.verdicts import Conclusion

ASSESSMENT, CHECKIN = verdicts.DIALOG, checkins.DIALOG
Context = ContextTypes.DEFAULT_TYPE
Conclude = Callable[[Services, int, View], Conclusion]
# What else happens once a dialogue is finished and concluded (a schedule offer, consultants told…).
Followup = Callable[[Screen, int, View], Awaitable[None]]

COMPLETE = N_("Your assessment is complete. Type /restart to start a new one.")
SEE_VERDICT = N_("Send /verdict to see your verdict again, or /report for the PDF report.")
NO_VERDICT = N_("There is no verdict yet: finish the assessment first. Send /start to carry on.")
WELCOME_BACK = N_("Welcome back! Let's carry on where we stopped.")
# The greeting before a dialogue's first question.
GREETINGS = {
    ASSESSMENT: N_("Hello! A few questions about your business, and I will tell you whether social "
                   "media is worth it for you. Type /help at any time."),
    CHECKIN: N_("Time for your check-in: a few figures since the last one. Skip what you do not know."),
}
# Why an input changed nothing, by the engine's step status.
NOTICES = {
    "stale": N_("That answer belongs to an earlier question."),
    "at_start": N_("This is the first question; there is nothing to go back to."),
    "already_finished": COMPLETE,
}
# Statuses after which the dialogue shows another question (or its end).
MOVED = {"accepted", "finished", "back"}

# What each answer button asks of the engine.
INPUTS: dict[str, Callable[[Press], Input]] = {
    PICK: lambda press: Pick(press.value, at=press.at),
    TOGGLE: lambda press: Toggle(press.value, at=press.at),
    DONE: lambda press: Done(at=press.at),
    SKIP: lambda press: Skip(at=press.at),
    BACK: lambda press: Back(at=press.at),
    NUMBER: lambda press: Text(number_text(press.value), at=press.at),
}

Handler = Callable[["Handlers", Update, Context], Awaitable[None]]


def active_dialog(store: Store, user_id: int) -> str:
    """Where the user's answers go: an unfinished check-in if there is one, else the assessment."""
    checkin = store.active_conversation(user_id, CHECKIN)
    return CHECKIN if checkin is not None and not checkin.finished else ASSESSMENT


def for_user(handler: Handler) -> Handler:
    """Make sure the sender is known, then run the handler in the sender's language."""

    @functools.wraps(handler)
    async def run(self: "Handlers", update: Update, context: Context) -> None:
        row = know(self.store, update.effective_user)
        with use_locale(chosen_language(row, update.effective_user) or DEFAULT_LANGUAGE):
            await handler(self, update, context)

    return run


class Handlers:
    """The bot's answers to each kind of update, bound to the services they drive."""

    def __init__(self, services: Services, concluders: Mapping[str, Conclude], followups: Sequence[Followup] = ()):
        self.services, self.engine, self.store = services, services.engine, services.store
        self.concluders, self.followups = concluders, followups

    # ------------------------------------------------------------ commands
    @for_user
    async def start(self, update: Update, context: Context) -> None:
        """Greet the user and carry on where they are, or first ask for a language."""
        await self.show_current(update, context, greet=True)

    @for_user
    async def show_help(self, update: Update, context: Context) -> None:
        """Explain how to answer and the commands, then show the question again."""
        await Screen.of(update, context).say(_(
            "Tap a button to answer, or type your answer; figures such as 1 500 are fine. "
            "/back goes to the previous question, /restart starts again, /language changes "
            "the language and /status tells you where you are."))
        await self.show_current(update, context)

    @for_user
    async def status(self, update: Update, context: Context) -> None:
        """Tell the user where they are: the section and question k of about n."""
        view = self._view(update)
        screen = Screen.of(update, context)
        await (screen.say(_(COMPLETE)) if view.finished else screen.say_html(status_html(view)))

    @for_user
    async def back(self, update: Update, context: Context) -> None:
        """Go back one question and show it with the earlier answer."""
        await self._apply(update, context, Back())

    @for_user
    async def ask_restart(self, update: Update, context: Context) -> None:
        """Ask before setting the answers aside; /restart is easily typed by mistake."""
        view = self._view(update)
        await Screen.of(update, context).say(
            _("Start again from the beginning? Your answers so far will be set aside."),
            restart_keyboard(view))

    @for_user
    async def verdict(self, update: Update, context: Context) -> None:
        """Show the latest verdict again, as it was decided."""
        stored = verdicts.latest(self.services, update.effective_user.id)
        screen = Screen.of(update, context)
        await (screen.say(_(NO_VERDICT)) if stored is None
               else screen.conclude(verdicts.show(self.services, stored)))

    @for_user
    async def report(self, update: Update, context: Context) -> None:
        """Send the latest verdict's PDF report and chart."""
        stored = verdicts.latest(self.services, update.effective_user.id)
        screen = Screen.of(update, context)
        await (screen.say(_(NO_VERDICT)) if stored is None else screen.conclude(
            Conclusion([], [verdicts.chart(stored), verdicts.report(self.services, stored)])))

    @for_user
    async def ask_language(self, update: Update, context: Context) -> None:
        """Offer the languages as buttons."""
        await Screen.of(update, context).say_html(language_prompt(), language_keyboard())

    @for_user
    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point to /help and show the question again."""
        await Screen.of(update, context).say(
            _("I do not know that command. Send /help to see what I understand."))
        await self.show_current(update, context)

    # ------------------------------------------------------------ messages
    @for_user
    async def answer_text(self, update: Update, context: Context) -> None:
        """Read a typed answer: show the next question, or explain what is needed and ask again."""
        user = update.effective_user
        dialog = active_dialog(self.store, user.id)
        if language_of(self.store, user) is None or self.store.active_conversation(user.id, dialog) is None:
            await self.show_current(update, context, greet=True)  # first words: greet, do not read as an answer
            return
        await self._apply(update, context, Text(update.effective_message.text), dialog)

    @for_user
    async def not_text(self, update: Update, context: Context) -> None:
        """Explain that only text and buttons are read, and show the question again."""
        await Screen.of(update, context).say(_("I can only read text messages and button presses."))
        await self.show_current(update, context)

    @for_user
    async def edited(self, update: Update, context: Context) -> None:
        """Explain that a changed message is not read again, and how to change an answer."""
        await Screen.of(update, context).say(
            _("I only read new messages, not changes to earlier ones. To change an answer, go /back to it."))

    async def in_group(self, update: Update, context: Context) -> None:
        """Ask to be written to privately: an assessment is personal, so no group chats."""
        with use_locale(speaking(self.store, update.effective_user)):
            await Screen.of(update, context).say(
                _("I only talk in private chats. Please write to me directly."))

    async def track_membership(self, update: Update, context: Context) -> None:
        """Remember when a user blocks or unblocks the bot, so nothing is sent in vain."""
        change = update.my_chat_member
        if change.chat.type == ChatType.PRIVATE:
            mark_blocked(self.services, change.from_user,
                         blocked=change.new_chat_member.status == ChatMemberStatus.BANNED)

    # ------------------------------------------------------------- buttons
    @for_user
    async def press(self, update: Update, context: Context) -> None:
        """Apply an answer button: show what follows, or say in a notice why nothing changed."""
        query = update.callback_query
        press = await pressed(update)
        if press is None:
            return
        make_input = INPUTS.get(press.action)
        if make_input is None:
            await dead(update)
            return
        step = self._handle(update, make_input(press))
        if step.status == "toggled":
            await query.answer()
            await query.edit_message_reply_markup(question_keyboard(step.view))
        elif step.status in MOVED:
            await query.answer()
            await self._advance(Screen.of(update, context), update.effective_user.id, step,
                                pressed=query.message.message_id)
        elif step.status == "duplicate":
            await query.answer()
        else:
            await query.answer(self._why_not(step))

    @for_user
    async def choose_language(self, update: Update, context: Context) -> None:
        """Switch to the chosen language, confirm in it, and carry on where the user is."""
        query = update.callback_query
        press = await pressed(update)
        if press is None:
            return
        self.store.update_user(update.effective_user.id, language=press.value)
        with use_locale(press.value):
            await query.answer()
            # Translators: confirms a language switch; name YOUR language, e.g. "en français".
            confirmation = _("From now on I will write in English.")
            await Screen.of(update, context).rewrite(query.message.message_id, escape(confirmation))
            await self.show_current(update, context, greet=True)

    @for_user
    async def confirm_restart(self, update: Update, context: Context) -> None:
        """Start again if confirmed and nothing moved since the question; otherwise carry on."""
        query = update.callback_query
        press = decode(query.data)
        view = self._view(update)
        if press is None or press.at != view.position:
            await dead(update)
            return
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == YES:
            view = self._handle(update, Restart()).view
            await screen.rewrite(query.message.message_id, escape(_("Let's start again from the beginning.")))
        else:
            await screen.rewrite(query.message.message_id, escape(_("Fine, let's carry on.")))
        await self._show(screen, view)

    # ------------------------------------------------------------- replies
    def _view(self, update: Update) -> View:
        user_id = update.effective_user.id
        return self.engine.view(user_id, active_dialog(self.store, user_id))

    def _handle(self, update: Update, event: Input, dialog: str | None = None) -> Step:
        user_id = update.effective_user.id
        # The update id travels with the input, so an update fetched again after a crash is not applied twice.
        return self.engine.handle(user_id, dialog or active_dialog(self.store, user_id), event, current_locale(),
                                  label_of=label, receipt=update.update_id)

    async def _apply(self, update: Update, context: Context, event: Input, dialog: str | None = None) -> None:
        """Apply a typed input and show what follows, or why not and the same question again."""
        step = self._handle(update, event, dialog)
        screen = Screen.of(update, context)
        if step.status in MOVED:
            await self._advance(screen, update.effective_user.id, step)
            return
        if step.status != "duplicate":  # a repeat delivery: the question is simply shown again
            await screen.say(self._why_not(step))
        if step.status != "already_finished":
            await self._ask(screen, step.view)

    async def _advance(self, screen: Screen, user_id: int, step: Step, pressed: int | None = None) -> None:
        """Close the question just left (showing the answer given), then ask the next or conclude."""
        view = step.view
        if step.status == "back":
            await screen.close(pressed=pressed)
            await self._ask(screen, view)
            return
        await screen.close(answered_html(view, view.conversation.path[-1]), pressed)
        if step.status == "finished":
            await screen.say(question_text(view))
            await screen.conclude(self.concluders[view.spec.name](self.services, user_id, view))
            for followup in self.followups:
                await followup(screen, user_id, view)
        else:
            await self._ask(screen, view)

    async def _ask(self, screen: Screen, view: View) -> None:
        """Show the question; in a check-in, a figure asked also last time comes as a button."""
        last = None
        if view.spec.name == CHECKIN and view.question.kind == "number":
            last = checkins.previous_figure(self.services, view.conversation.user_id, view.question.id)
        await screen.ask(view, last)

    @staticmethod
    def _why_not(step: Step) -> str:
        return problem(step.view, step.problem) if step.status == "invalid" else _(NOTICES[step.status])

    async def show_current(self, update: Update, context: Context, greet: bool = False) -> None:
        """Show the question waiting for an answer, after a greeting if asked; first a language if none."""
        screen = Screen.of(update, context)
        if language_of(self.store, update.effective_user) is None:
            await screen.say_html(language_prompt(), language_keyboard())
            return
        view = self._view(update)
        if greet and not view.finished:
            started = view.conversation.path or view.previous is not None or view.selection
            await screen.say(_(WELCOME_BACK) if started else _(GREETINGS[view.spec.name]))
        await self._show(screen, view)

    async def _show(self, screen: Screen, view: View) -> None:
        if view.finished:
            await screen.say(_(COMPLETE) + "\n" + _(SEE_VERDICT))
        else:
            await self._ask(screen, view)
