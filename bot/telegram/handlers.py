"""Telegram updates turned into use-case calls, and their outcome into replies.

No assessment logic lives here: the engine decides, storage remembers,
`Screen` shows. Each handler answers one kind of update; run.py registers
them in the order they are tried. The update's caller (who, which language,
which open dialogue) was resolved on arrival (see context.py): answers go to
the caller's active dialogue, a check-in while one is open, else the assessment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.app import Services, checkins, dialogues, outbox, users, verdicts
from bot.app.callers import ASSESSMENT, CHECKIN
from bot.app.conclusions import Conclusion
from bot.engine import Back, Done, Input, Pick, Restart, Same, Skip, Status, Step, Text, Toggle, View
from bot.i18n import N_, _, current_locale, use_locale
from bot.i18n.numbers import format_date, format_number
from bot.render.questions import COMPLETE, NOTICES, greeting, question_text, why_not
from bot.spec import Kind
from bot.storage import Owed
from bot.telegram.callbacks import YES, Action, Press, decode
from bot.telegram.context import AdvisorContext, sender_of
from bot.telegram.keyboards import language_keyboard, number_text, question_keyboard, restart_keyboard
from bot.telegram.layout import answered_html, language_prompt, status_html
from bot.telegram.market_handlers import ask_country
from bot.telegram.outbox import Outbox
from bot.telegram.screen import Part, Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

Context = AdvisorContext
Conclude = Callable[[Services, int, View], Conclusion]
# What else happens once a dialogue is finished and concluded (a schedule offer, consultants told…).
Followup = Callable[[Screen, int, View], Awaitable[None]]

SEE_VERDICT = N_("Send /verdict to see your verdict again, or /report for the PDF report.")
NO_VERDICT = N_("There is no verdict yet: finish the assessment first. Send /start to carry on.")
WELCOME_BACK = N_("Welcome back! Let's carry on where we stopped.")

# What each answer button asks of the engine.
INPUTS: dict[Action, Callable[[Press], Input]] = {
    Action.PICK: lambda press: Pick(press.value, at=press.at),
    Action.TOGGLE: lambda press: Toggle(press.value, at=press.at),
    Action.DONE: lambda press: Done(at=press.at),
    Action.SKIP: lambda press: Skip(at=press.at),
    Action.BACK: lambda press: Back(at=press.at),
    Action.SAME: lambda press: Same(at=press.at),
    Action.NUMBER: lambda press: Text(number_text(press.value), at=press.at),
}


def _typed_text(update: Update) -> str:
    """What the user typed: `answer_text` is routed only messages with text (filters.TEXT)."""
    message = update.effective_message
    if message is None or message.text is None:
        raise ValueError(f"update {update.update_id} carries no text")
    return message.text


class Handlers:
    """The bot's answers to each kind of update, bound to the services they drive."""

    def __init__(self, services: Services, concluders: Mapping[str, Conclude], outbox: Outbox,
                 followups: Sequence[Followup] = ()):
        self.services, self.outbox = services, outbox
        self.concluders, self.followups = concluders, followups

    # ------------------------------------------------------------ commands
    async def start(self, update: Update, context: Context) -> None:
        """Greet the user and carry on where they are, or first ask for a language."""
        await self.show_current(update, context, greet=True)

    async def show_help(self, update: Update, context: Context) -> None:
        """Explain how to answer and the commands, then show the question again."""
        await Screen.of(update, context).say(_(
            "Tap a button to answer, or type your answer; figures such as {example} are fine. "
            "/back goes to the previous question, /restart starts again, /language changes "
            "the language, /country your country and /status tells you where you are.",
            example=format_number(1500, current_locale())))
        await self.show_current(update, context)

    async def status(self, update: Update, context: Context) -> None:
        """Tell the user where they are: the section and question k of about n."""
        view = dialogues.current(self.services, context.caller)
        screen = Screen.of(update, context)
        await (screen.say(_(COMPLETE)) if view.finished else screen.say_html(status_html(view)))

    async def back(self, update: Update, context: Context) -> None:
        """Go back one question and show it with the earlier answer."""
        await self._apply(update, context, Back())

    async def ask_restart(self, update: Update, context: Context) -> None:
        """Ask before setting the answers aside; /restart is easily typed by mistake. After a verdict, a new
        assessment sets nothing aside: the verdict stays, and its answers are offered again."""
        view = dialogues.current(self.services, context.caller)
        stored = verdicts.latest(self.services, context.caller.id) if view.finished else None
        question = _("Start again from the beginning? Your answers so far will be set aside.") if stored is None \
            else _("Start a new assessment? Your verdict of {date} stays in your history, and your answers "
                   "are offered again.", date=format_date(stored.created_at.date(), current_locale()))
        await Screen.of(update, context).say(question, restart_keyboard(view))

    async def verdict(self, update: Update, context: Context) -> None:
        """Show the latest verdict again, as it was decided."""
        screen = Screen.of(update, context)
        stored = verdicts.latest(self.services, context.caller.id)
        await (screen.say(_(NO_VERDICT)) if stored is None
               else screen.conclude(verdicts.show(self.services, stored)))

    async def report(self, update: Update, context: Context) -> None:
        """Send the latest verdict's PDF report and chart."""
        screen = Screen.of(update, context)
        stored = verdicts.latest(self.services, context.caller.id)
        await (screen.say(_(NO_VERDICT)) if stored is None else screen.conclude(
            Conclusion([], verdicts.files(self.services, stored))))

    async def open_detail(self, update: Update, context: Context) -> None:
        """Send the section of the verdict whose button was pressed (a verdict of someone else's: nothing)."""
        if press := await pressed(update):
            number, key = press.value.split(":")
            section = verdicts.detail(self.services, context.caller.id, int(number), key)
            if section is None:
                await dead(update)
                return
            await query_of(update).answer()
            await Screen.of(update, context).detail(section)

    async def ask_language(self, update: Update, context: Context) -> None:
        """Offer the languages as buttons."""
        await Screen.of(update, context).say_html(language_prompt(), language_keyboard())

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point to /help and show the question again."""
        await Screen.of(update, context).say(
            _("I do not know that command. Send /help to see what I understand."))
        await self.show_current(update, context)

    # ------------------------------------------------------------ messages
    async def answer_text(self, update: Update, context: Context) -> None:
        """Read a typed answer: show the next question, or explain what is needed and ask again."""
        caller = context.caller
        if not dialogues.has_begun(caller):
            await self.show_current(update, context, greet=True)  # first words: greet, do not read as an answer
            return
        screen = Screen.of(update, context)
        message = update.effective_message
        receipt = caller.user.receipt
        again = receipt is not None and update.update_id <= receipt.update_id  # applied before a crash or takeover
        if message is not None and not again and screen.answers_an_earlier_question(message):  # a late reply
            await screen.say(_(NOTICES[Status.STALE]))
            await self.show_current(update, context)
            return
        await self._apply(update, context, Text(_typed_text(update)))

    async def not_text(self, update: Update, context: Context) -> None:
        """Explain that only text and buttons are read, and show the question again."""
        await Screen.of(update, context).say(_("I can only read text messages and button presses."))
        await self.show_current(update, context)

    async def edited(self, update: Update, context: Context) -> None:
        """Explain that a changed message is not read again, and how to change an answer."""
        await Screen.of(update, context).say(
            _("I only read new messages, not changes to earlier ones. To change an answer, go /back to it."))

    async def in_group(self, update: Update, context: Context) -> None:
        """Ask to be written to privately: an assessment is personal, so no group chats."""
        await Screen.of(update, context).say(_("I only talk in private chats. Please write to me directly."))

    async def track_membership(self, update: Update, context: Context) -> None:
        """Remember when a user blocks or unblocks the bot, so nothing is sent in vain."""
        change, sender = update.my_chat_member, sender_of(update)
        if change is not None and sender is not None and change.chat.type == ChatType.PRIVATE:
            users.mark_blocked(self.services, sender,
                               blocked=change.new_chat_member.status == ChatMemberStatus.BANNED)

    # ------------------------------------------------------------- buttons
    async def press(self, update: Update, context: Context) -> None:
        """Apply an answer button: show what follows, or say in a notice why nothing changed."""
        query = query_of(update)
        press = await pressed(update)
        if press is None:
            return
        make_input = INPUTS.get(press.action)
        if make_input is None:
            await dead(update)
            return
        step = self._handle(update, context, make_input(press))
        if step.status is Status.TOGGLED:
            await query.answer()
            # Through rewrite: an edit retried after a slow answer finds "message is not modified".
            await Screen.of(update, context).rewrite(message_id_of(query), None, question_keyboard(step.view))
        elif step.moved:
            await query.answer()
            await self._advance(Screen.of(update, context), step,
                                pressed=message_id_of(query))
        else:
            await query.answer(None if step.status is Status.DUPLICATE else why_not(step))
            screen = Screen.of(update, context)
            if not step.view.finished and not screen.shows(step.view):
                # The question on screen is not this one (the answer was stored, then sending the next question
                # failed, or the bot died before it was sent or noted): ask it rather than leave the owner waiting.
                await self._ask(screen, step.view)

    async def choose_language(self, update: Update, context: Context) -> None:
        """Switch to the chosen language, confirm in it, and carry on where the user is."""
        query = query_of(update)
        press = await pressed(update)
        if press is None:
            return
        users.set_language(self.services, context.caller.id, press.value)
        context.caller = replace(context.caller, language=press.value)
        with use_locale(press.value):
            await query.answer()
            # Translators: confirms a language switch; name YOUR language, e.g. "en français".
            confirmation = _("From now on I will write in English.")
            await Screen.of(update, context).rewrite(message_id_of(query), escape(confirmation))
            await self.show_current(update, context, greet=True)

    async def confirm_restart(self, update: Update, context: Context) -> None:
        """Start again if confirmed and nothing moved since the question; otherwise carry on."""
        query = query_of(update)
        press = decode(query.data)
        view = dialogues.current(self.services, context.caller)
        if press is None or press.at != view.position:
            await dead(update)
            return
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == YES:
            step = self._handle(update, context, Restart())
            await screen.rewrite(message_id_of(query), escape(why_not(step)))
            view = step.view
        else:
            await screen.rewrite(message_id_of(query), escape(_("Fine, let's carry on.")))
        await self._show(screen, view)

    # ------------------------------------------------------------- replies
    def _handle(self, update: Update, context: Context, event: Input) -> Step:
        """Apply `event` to the caller's active dialogue.

        The update id travels with the input, so an update fetched again after a crash is not applied twice.
        """
        return dialogues.apply(self.services, context.caller, event, receipt=update.update_id)

    async def _apply(self, update: Update, context: Context, event: Input) -> None:
        """Apply a typed input and show what follows, or why not and the same question again."""
        step = self._handle(update, context, event)
        screen = Screen.of(update, context)
        if step.moved:
            await self._advance(screen, step)
            return
        if step.status is not Status.DUPLICATE:  # handled again: the question is shown, unless it is on screen
            await screen.say(why_not(step))
        # A finished dialogue's outcome went out on arrival, if it was still owed.
        if not step.view.finished and (step.status is not Status.DUPLICATE or not screen.shows(step.view)):
            await self._ask(screen, step.view)

    async def _advance(self, screen: Screen, step: Step, pressed: int | None = None) -> None:
        """Close the question just left (showing the answer given), then ask the next or conclude."""
        view = step.view
        answered = None if step.status is Status.BACK else answered_html(view, view.conversation.path[-1])
        if step.status is Status.FINISHED:
            await screen.close(answered, pressed)
            await screen.say(question_text(view))
            await self.outbox.flush(screen)  # the outcome, owed since the answer was stored
        else:
            await self._ask(screen, view, answered, pressed)

    async def _ask(self, screen: Screen, view: View, answered: str | None = None, pressed: int | None = None) -> None:
        """Show the question (the one left showing `answered`); in a check-in, a figure asked also last time
        comes as a button."""
        last = None
        if view.spec.name == CHECKIN and view.question.kind is Kind.NUMBER:
            last = checkins.previous_figure(self.services, view)
        await screen.ask(view, last, answered, pressed)

    async def show_current(self, update: Update, context: Context, greet: bool = False) -> None:
        """Show the question waiting for an answer, after a greeting if asked; first a language if none."""
        screen = Screen.of(update, context)
        caller = context.caller
        if caller.language is None:
            await screen.say_html(language_prompt(), language_keyboard())
            return
        if caller.user.country is None:  # asked once, right after the language: it sets currency and formats
            user = update.effective_user
            await ask_country(screen, caller, user.language_code if user else None)
            return
        view = dialogues.current(self.services, caller)
        if greet and not view.finished:
            started = view.conversation.path or view.previous is not None or view.selection
            await screen.say(_(WELCOME_BACK) if started else
                             greeting(view, first=checkins.none_yet(self.services, caller.id)))
        await self._show(screen, view)

    async def _show(self, screen: Screen, view: View) -> None:
        if not view.finished:
            await self._ask(screen, view)
        else:
            await screen.say(_(COMPLETE) + "\n" + _(SEE_VERDICT))

    # ------------------------------------------------------------- owed
    async def send_owed(self, update: Update, context: Context) -> None:
        """Before anything else the caller sent is answered: what is still owed to them (a crash, a failed send)."""
        await self.outbox.flush(Screen.of(update, context))

    def deliver(self, screen: Screen, owed: Owed) -> list[Part]:
        """A finished conversation's outcome as the messages it is sent in, then what follows it (the check-in
        days asked for, consultants told, the decision asked). An assessment's verdict is judged now, unless a
        crash came after it was."""
        view = outbox.finished_view(self.services, owed)
        if view is None:  # erased since
            return []
        conclude = self.concluders[view.spec.name]
        conclusion = verdicts.owed_verdict(self.services, owed, view, conclude) if view.spec.name == ASSESSMENT \
            else conclude(self.services, owed.user_id, view)
        return screen.parts(conclusion) + [partial(followup, screen, owed.user_id, view)
                                           for followup in self.followups]

