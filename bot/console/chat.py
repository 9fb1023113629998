"""Play the assessment in a terminal. Scriptable: answers may be piped on stdin.

Options are numbered; a multiple choice takes several numbers at once
("1, 3"). Commands: /back, /skip, /restart, /language fr|de, /help, /quit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.app import Sender, Services, arrive, dialogues, outbox, users, verdicts
from bot.app.callers import again
from bot.app.conclusions import Conclusion
from bot.engine import Back, Input, Restart, Same, Skip, Status, Step, Text, View
from bot.i18n import LANGUAGES, N_, _, use_locale
from bot.i18n.markets import HOME, Market, countries_for, locale_for
from bot.render.market import market_noted
from bot.render.questions import COMPLETE, GREETINGS, question_parts, question_text, why_not

AFTERWARDS = N_("Type /back to change your last answer, /restart to start again, or /quit.")
Conclude = Callable[[Services, int, View], Conclusion]
CONSOLE = "console"  # what holds the console's claim on what is owed to its owner (see bot/app/outbox.py)
COMMANDS: dict[str, Input] = {"/back": Back(), "/skip": Skip(), "/restart": Restart()}


class ConsoleChat:
    def __init__(self, services: Services, user_id: int, language: str | None,
                 conclude: Conclude, stdin: TextIO, stdout: TextIO, out_dir: Path = Path("out"),
                 market: Market | None = None):
        self.services, self.conclude = services, conclude
        self.stdin, self.stdout, self.out_dir = stdin, stdout, out_dir
        caller = arrive(services, Sender(user_id, language_code=language))
        self.language = language or caller.speaks
        if caller.user.language != self.language:
            users.set_language(services, user_id, self.language)
        if market is None and caller.market is None:
            market = Market(HOME[self.language])  # what Telegram offers first, for a language without a region
        if market is not None and market != caller.market:
            users.set_market(services, user_id, market)
        self.caller = again(services, caller)
        self.echo = not stdin.isatty()

    @property
    def locale(self) -> str:
        """The language with the owner's country, once given (--country or /country)."""
        return locale_for(self.language, self.caller.user.country)

    @property
    def user_id(self) -> int:
        return self.caller.id

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.stdout)

    def run(self) -> int:
        """Chat until the assessment is finished or input ends."""
        with use_locale(self.locale):
            view = self.current()
            stored = verdicts.latest(self.services, self.user_id)
            if self.present_owed():  # finished, but stopped before its verdict was shown
                self.say(_(AFTERWARDS))
            elif view.finished and stored is not None:
                # The verdict as it was decided, not decided again.
                self.say(_(COMPLETE), "")
                self.present(verdicts.show(self.services, stored))
                self.say(_(AFTERWARDS))
            else:
                self.say(_(GREETINGS[verdicts.DIALOG]), "")
                self.show(view)
        for line in self.stdin:
            if self.echo:
                print(f"> {line.rstrip()}", file=self.stdout)
            with use_locale(self.locale):
                if not self.handle(line.strip()):
                    return 0
        return 0

    def current(self) -> View:
        return dialogues.current(self.services, self.caller, verdicts.DIALOG)

    def handle(self, line: str) -> bool:
        """Act on one line; False when the chat is over."""
        command, _sep, argument = line.partition(" ")
        if command == "/quit":
            self.say(_("Your answers are saved. See you soon!"))
            return False
        if command == "/help":
            self.say(_("Answer with the number of an option, or several numbers separated by commas. "
                       "Commands: /back (previous question), /skip (skip an optional question), "
                       "/restart (start again), /language fr or de, /country and a country code "
                       "such as CH (a region after it: /country CH GE), /quit."))
            self.show(self.current())
            return True
        if command == "/language":
            return self.switch_language(argument.strip())
        if command == "/country":
            return self.switch_country(argument.strip())
        event = COMMANDS.get(command, Text(line))
        if not line and self.current().default is not None:  # Enter alone keeps last time's answer
            event = Same()
        step = dialogues.apply(self.services, self.caller, event, dialog=verdicts.DIALOG)
        self.caller = again(self.services, self.caller)
        return self.after(step)

    def switch_country(self, argument: str) -> bool:
        """`/country CH` or `/country CH GE`: the country of the business, and its region if given."""
        country, _sep, region = argument.upper().partition(" ")
        try:
            market = Market(country, region.strip() or None)
        except ValueError:
            self.say(_("Please give one of these country codes: {codes}, e.g. /country CH.",
                       codes=", ".join(countries_for(self.language))))
            return True
        kept = users.set_market(self.services, self.user_id, market)
        self.caller = again(self.services, self.caller)
        with use_locale(self.locale):
            self.say(market_noted(market, kept))
            self.show(self.current())
        return True

    def switch_language(self, language: str) -> bool:
        if language not in LANGUAGES:
            self.say(_("Please choose fr (français) or de (Deutsch), e.g. /language de."))
            return True
        self.language = language
        users.set_language(self.services, self.user_id, language)
        with use_locale(language):
            # Translators: confirms a language switch; name YOUR language, e.g. "en français".
            self.say(_("From now on I will write in English."))
            self.show(self.current())
        return True

    def after(self, step: Step) -> bool:
        if step.status is Status.ALREADY_FINISHED:
            self.say(_(AFTERWARDS))
            return True
        if not step.moved and step.status is not Status.TOGGLED:
            self.say(why_not(step))
        if step.status is Status.FINISHED:
            self.say("", question_text(step.view), "")
            self.present_owed()
            self.say(_(AFTERWARDS))
            return True
        self.show(step.view)
        return True

    def present_owed(self) -> bool:
        """Show the verdict owed (an assessment just finished, or one stopped before its verdict was shown);
        whether there was one."""
        shown = False
        for owed in outbox.claim(self.services, self.user_id, CONSOLE):
            view = outbox.finished_view(self.services, owed)
            if view is not None and view.spec.name == verdicts.DIALOG:
                self.present(verdicts.owed_verdict(self.services, owed, view, self.conclude))
                shown = True
            outbox.sent(self.services, owed)
        return shown

    def present(self, conclusion: Conclusion) -> None:
        """Print the conclusion; write its chart and report to files and print their paths."""
        for message in conclusion.messages:
            self.say(message, "")
        for attachment in conclusion.attachments:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / attachment.filename
            path.write_bytes(attachment.render())
            self.say(_("Saved: {path}", path=str(path.resolve())))

    def show(self, view: View) -> None:
        """Print the current question with its numbered options."""
        parts = question_parts(view)
        lines = [""]
        if parts.title:
            lines += [f"== {parts.title} =="]
        lines += [parts.progress, parts.text]
        if parts.hint:
            lines.append(parts.hint)
        lines += [f"  {number}. {option}" for number, option in enumerate(parts.options, start=1)]
        if parts.earlier:
            lines.append(parts.earlier)
        if parts.last_time:
            lines.append(parts.last_time + " " + _("(Enter alone keeps it)"))
        if view.question.optional:
            lines.append(_("(optional: /skip to leave it out)"))
        self.say(*lines)
