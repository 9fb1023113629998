"""The bot's own messages as Telegram HTML: questions, given answers, status, language prompt.

Every text is translated and filled first, then escaped; the only markup is
the <b> and <i> written here, each opened and closed on one line.
"""

from __future__ import annotations

from bot.engine import View
from bot.i18n import LANGUAGES, _, use_currency, use_locale
from bot.render.document import Section, item_lines
from bot.render.questions import progress, question_parts, question_text
from bot.render.values import answer
from bot.telegram.send import escape


def question_html(view: View) -> str:
    """Section heading (on a section's first question), progress, question, hint, earlier answer, last time's.

    The options are on the buttons, not in the text.
    """
    parts = question_parts(view)
    lines = [f"<b>{escape(parts.title)}</b>", ""] if parts.title else []
    lines += [f"<i>{escape(parts.progress)}</i>", f"<b>{escape(parts.text)}</b>"]
    lines += [escape(part) for part in (parts.hint, parts.earlier, parts.last_time) if part]
    return "\n".join(lines)


def answered_html(view: View, state: str) -> str:
    """Question `state` of the view's dialogue once answered: its text and the answer, no buttons left."""
    question = view.spec.questions[state]
    with use_currency(view.conversation.currency):
        given = answer(question, view.answers[state])
    return f"{escape(question_text(view, question))}\n<b>→ {escape(given)}</b>"


def status_html(view: View) -> str:
    """Where the user stands: section, progress and the question waiting for an answer."""
    section = view.question.section
    lines = [f"<b>{escape(_(view.spec.sections[section]))}</b>"] if section else []
    lines += [escape(progress(view)), f"<i>{escape(question_text(view))}</i>"]
    return "\n".join(lines)


def language_prompt() -> str:
    """Ask for a language in every language we speak, since we do not know the user's yet."""
    asks = []
    for language in LANGUAGES:
        with use_locale(language):
            asks.append(_("Which language would you like me to use?"))
    return escape("\n".join(dict.fromkeys(asks)))


def section_html(section: Section) -> str:
    """A verdict's section: its title and block titles in bold, every item as in the chat text."""
    lines = [f"<b>{escape(section.title)}</b>"]
    for block in section.blocks:
        lines.append("")
        if block.title:
            lines.append(f"<b>{escape(block.title)}</b>")
        lines += [escape(line) for item in block.items for line in item_lines(item, block.bullets)]
    return "\n".join(lines)
