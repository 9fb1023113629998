"""Play the assessment in a terminal. Scriptable: answers may be piped on stdin.

Options are numbered; a multiple choice takes several numbers at once
("1, 3"). Commands: /back, /skip, /restart, /language fr|de, /help, /quit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TextIO

from bot.engine import Back, Restart, Skip, Step, Text, View
from bot.i18n import LANGUAGES, N_, _, use_locale
from bot.render import questions
from bot.render.values import answer
from bot.services import Services
from bot import verdicts
from bot.verdicts import Conclusion

DIALOG = "assessment"
AFTERWARDS = N_("Type /back to change your last answer, /restart to start again, or /quit.")
Conclude = Callable[[Services, int, View], Conclusion]


class ConsoleChat:
    def __init__(self, services: Services, user_id: int, language: str,
                 conclude: Conclude, stdin: TextIO, stdout: TextIO, out_dir: Path = Path("out")):
        self.services, self.engine, self.store = services, services.engine, services.store
        self.user_id, self.conclude, self.stdin, self.stdout = user_id, conclude, stdin, stdout
        self.out_dir = out_dir
        store = self.store
        user = store.ensure_user(user_id, language=language)
        self.language = language or user["language"]
        if user["language"] != self.language:
            store.update_user(user_id, language=self.language)
        self.echo = not stdin.isatty()

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.stdout)

    def run(self) -> int:
        """Chat until the assessment is finished or input ends."""
        with use_locale(self.language):
            view = self.engine.view(self.user_id, DIALOG)
            stored = verdicts.latest(self.services, self.user_id)
            if view.finished and stored is not None:
                # The verdict as it was decided, not decided again.
                self.say(_("Your assessment is complete. Type /restart to start a new one."), "")
                self.present(verdicts.show(self.services, stored))
                self.say(_(AFTERWARDS))
            else:
                self.say(_("Hello! A few questions about your business, and I will tell you "
                           "whether social media is worth it for you. Type /help at any time."), "")
                self.show(view)
        for line in self.stdin:
            if self.echo:
                print(f"> {line.rstrip()}", file=self.stdout)
            with use_locale(self.language):
                if not self.handle(line.strip()):
                    return 0
        return 0

    def handle(self, line: str) -> bool:
        """Act on one line; False when the chat is over."""
        command, _sep, argument = line.partition(" ")
        if command == "/quit":
            self.say(_("Your answers are saved. See you soon!"))
            return False
        if command == "/help":
            self.say(_("Answer with the number of an option, or several numbers separated by commas. "
                       "Commands: /back (previous question), /skip (skip an optional question), "
                       "/restart (start again), /language fr or de, /quit."))
            self.show(self.engine.view(self.user_id, DIALOG))
            return True
        if command == "/language":
            return self.switch_language(argument.strip())
        event = {"/back": Back(), "/skip": Skip(), "/restart": Restart()}.get(command, Text(line))
        step = self.engine.handle(self.user_id, DIALOG, event, self.language, label_of=questions.label)
        return self.after(step)

    def switch_language(self, language: str) -> bool:
        if language not in LANGUAGES:
            self.say(_("Please choose fr (français) or de (Deutsch), e.g. /language de."))
            return True
        self.language = language
        self.store.update_user(self.user_id, language=language)
        with use_locale(language):
            # Translators: confirms a language switch; name YOUR language, e.g. "en français".
            self.say(_("From now on I will write in English."))
            self.show(self.engine.view(self.user_id, DIALOG))
        return True

    def after(self, step: Step) -> bool:
        notes = {
            "invalid": lambda: questions.problem(step.view, step.problem),
            "stale": lambda: _("That answer belongs to an earlier question."),
            "at_start": lambda: _("This is the first question; there is nothing to go back to."),
            "restarted": lambda: _("Let's start again from the beginning."),
        }
        if step.status == "already_finished":
            self.say(_(AFTERWARDS))
            return True
        if step.status in notes:
            self.say(notes[step.status]())
        if step.status == "finished":
            self.say("", _(step.view.question.text), "")
            self.present(self.conclude(self.services, self.user_id, step.view))
            self.say(_(AFTERWARDS))
            return True
        self.show(step.view)
        return True

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
        title = questions.section_title(view)
        lines = [""]
        if title:
            lines += [f"== {title} =="]
        lines += [questions.progress(view), questions.question_text(view)]
        if view.question.hint:
            lines.append(_(view.question.hint))
        lines += [f"  {number}. {questions.label(option)}"
                  for number, option in enumerate(view.options, start=1)]
        if view.previous is not None:
            lines.append(_("Your earlier answer: {answer}", answer=answer(view.question, view.previous)))
        if view.question.optional:
            lines.append(_("(optional: /skip to leave it out)"))
        self.say(*lines)
