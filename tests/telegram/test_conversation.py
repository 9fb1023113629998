"""Owners chat with the real bot over (fake) Telegram: whole assessments, buttons, commands, slips."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from fake_api import html_to_text
from play import DIALOG, answer_directly, play, progress_pattern, question_on_screen, say

from bot.app import verdicts
from bot.app.conclusions import Attachment, Conclusion
from bot.i18n import _, ngettext, use_locale
from bot.render import verdict_texts
from bot.render.questions import label
from bot.render.values import wording
from bot.telegram.errors import SORRY
from bot.telegram.keyboards import CHECK, ENDONYMS

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

HELLO = ("Hello! A few questions about your business, and I will tell you whether social media is worth it "
         "for you. Type /help at any time.")


def questions_sent(fake, spec, language):
    """(question, lines, button labels) for every question message the bot sent, in order."""
    with use_locale(language):
        by_text = {wording(question): question for question in spec.questions.values() if question.kind != "end"}
    for call in fake.requests("sendMessage"):
        lines = html_to_text(call.params["text"]).splitlines()
        question = next((by_text[line] for line in lines if line in by_text), None)
        if question is not None:
            rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
            yield question, lines, [button["text"] for row in rows for button in row]


@pytest.mark.parametrize("language", ["fr", "de"])
async def test_owner_goes_through_the_whole_assessment_in_their_language(bot, language):
    owner = bot.user(language)
    spec = bot.services.specs[DIALOG]
    sector = spec.questions["sector"]

    await owner.send("/start")
    greeting, first = owner.messages()
    assert greeting.text == say(language, HELLO)
    assert say(language, sector.text) != sector.text  # really in French or German
    assert say(language, sector.text) in first.text
    with use_locale(language):
        assert first.labels == [label(option) for option in sector.options]

    asked = await play(owner, spec, BUTCHER_TYPED)

    assert asked[0] == "sector" and "staff_policy" in asked and "networks_use" not in asked
    view = bot.services.engine.view(owner.id, DIALOG)
    assert view.finished
    assert view.answers["revenue"] == 1_000_000 and view.answers["conversion"] == 50
    assert view.answers["success_factors"] == ["regulars", "capacity", "daily_offer"]
    assert view.answers["target_text"] == BUTCHER_TYPED["target_text"]

    back, skip = say(language, "Back"), say(language, "Skip")
    for question, lines, labels in questions_sent(bot.fake, spec, language):
        assert any(progress_pattern(language).fullmatch(line) for line in lines), lines
        assert any(back in text for text in labels) == (question.id != "sector"), question.id
        assert any(skip in text for text in labels) == question.optional, question.id

    # Answered questions show their answer and keep no buttons; the verdict follows (a short summary whose
    # buttons open the details), with its files, then (a monthly check-in was chosen) the weekday question.
    *conversation, days = owner.messages()
    end = next(index for index, message in enumerate(conversation)
               if message.text == say(language, spec.questions["done"].text))
    summary, photo, report = conversation[end + 1:]
    assert not any(message.buttons for message in conversation[:end + 1])
    assert days.text == say(language, "Which day of the week suits you for the check-ins?") and len(days.buttons) == 8
    with use_locale(language):
        assert owner.messages()[1].text.endswith(f"→ {label(sector.option('food'))}")
        assert summary.text.startswith("🟢 " + _(verdict_texts.HEADLINES["go"]))
    assert len(summary.text) < 1000 and not summary.quiet
    assert summary.labels == [say(language, name) for name in ("Why", "Tests", "Plan", "Week", "Costs", "Figures")]
    assert (photo.kind, report.kind) == ("photo", "document") and photo.quiet and report.quiet
    assert photo.text and report.text, "the files have captions"
    home = ZoneInfo({"fr": "Europe/Paris", "de": "Europe/Berlin"}[language])  # the day is the owner's, not UTC's
    assert report.filename == f"boucherie-martin-{bot.services.now().astimezone(home):%Y-%m-%d}.pdf"
    assert report.content.startswith(b"%PDF")

    # Each button sends its detail, quietly; the plan is the one the chat would give in full.
    await owner.click(say(language, "Plan"), summary)
    plan = owner.last_message()
    with use_locale(language):
        assert plan.text.startswith(_("Your plan in four steps")) and plan.quiet
        stored = verdicts.latest(bot.services, owner.id)
        assert plan.text == verdicts.show(bot.services, stored).messages[3]


async def test_unknown_language_is_asked_with_two_buttons_then_kept(bot):
    owner = bot.user("en", settled=False)
    await owner.send("/start")
    prompt = owner.last_message()
    assert prompt.labels == [ENDONYMS["fr"], ENDONYMS["de"]]
    assert bot.services.store.user(owner.id).language is None

    await owner.click("Deutsch")
    owner.language = "de"
    assert bot.services.store.user(owner.id).language == "de"
    # Then the country, Germany first (the language's home), and no region for Luxembourg.
    assert owner.last_message().labels[:2] == ["✅ Deutschland", "Österreich"]
    await owner.click("Luxemburg")
    assert bot.services.store.user(owner.id).country == "LU"
    assert say("de", HELLO) in [message.text for message in owner.messages()]
    assert question_on_screen(owner, bot.services.specs[DIALOG]).id == "sector"
    assert owner.messages()[0].text == say("de", "From now on I will write in English.")
    assert not owner.messages()[0].buttons  # the language buttons are gone

    await owner.click("Deutsch", prompt)  # a second, late tap
    assert say("de", SORRY) not in [message.text for message in owner.messages()]

    await owner.send("/status")
    assert say("de", "Your business") in owner.last_message().text


async def test_language_can_be_changed_mid_way(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    await owner.send("/language")
    await owner.click("Deutsch")
    owner.language = "de"
    assert say("de", "From now on I will write in English.") in [message.text for message in owner.messages()]
    with use_locale("de"):
        assert wording(spec.questions["revenue"]) in owner.last_message().text
    assert say("de", "Skip") in " ".join(owner.last_message().labels)


async def test_multiple_choice_ticks_and_unticks_in_place_then_done(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    networks = spec.questions["networks_now"]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="networks_now")
    question = owner.keyboard()
    sent_before = len(bot.fake.requests("sendMessage"))
    with use_locale("de"):
        facebook, instagram, none = (label(networks.option(code)) for code in ("facebook", "instagram", "none"))
        done = _("Done")

    await owner.click(facebook)
    await owner.click(instagram)
    assert owner.keyboard().message_id == question.message_id  # the same message, its keyboard edited
    assert f"{CHECK} {facebook}" in owner.keyboard().labels and f"{CHECK} {instagram}" in owner.keyboard().labels
    await owner.click(f"{CHECK} {facebook}")
    assert facebook in owner.keyboard().labels and f"{CHECK} {instagram}" in owner.keyboard().labels
    await owner.click(none)  # "none" excludes the others
    assert [text for text in owner.keyboard().labels if text.startswith(CHECK)] == [f"{CHECK} {none}"]
    assert len(bot.fake.requests("sendMessage")) == sent_before
    assert len(bot.fake.requests("editMessageReplyMarkup")) >= 4

    await owner.click(done)
    assert bot.services.engine.view(owner.id, DIALOG).answers["networks_now"] == ["none"]
    answered = next(message for message in owner.messages() if message.message_id == question.message_id)
    assert answered.text.endswith(f"→ {none}") and not answered.buttons


async def test_done_without_a_tick_and_too_many_ticks_are_explained_in_a_notice(bot):
    owner = bot.user("fr")
    factors = bot.services.specs[DIALOG].questions["success_factors"]
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="success_factors")
    await owner.send("/start")
    with use_locale("fr"):
        await owner.click(_("Done"))
        assert owner.notice() == ngettext("Please choose at least {n} option.",
                                          "Please choose at least {n} options.", 1)
        for code in ("regulars", "capacity", "daily_offer", "reputation"):
            await owner.click(label(factors.option(code)))
        assert owner.notice() == ngettext("You can choose at most {n} option.",
                                          "You can choose at most {n} options.", 3)
    assert bot.services.engine.view(owner.id, DIALOG).selection == ("regulars", "capacity", "daily_offer")


async def test_numbers_by_button_or_typed_and_a_wrong_one_is_explained(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="staff")
    await owner.send("beaucoup")
    problem, again = owner.messages()[-2:]
    assert problem.text.startswith(say("fr", "I need a number here, for example {example}.", example="X")[:10])
    assert say("fr", spec.questions["staff"].text) in again.text and again.buttons
    await owner.click("10")
    assert bot.services.engine.view(owner.id, DIALOG).answers["staff"] == 10
    await owner.send("1 000 000")
    assert bot.services.engine.view(owner.id, DIALOG).answers["revenue"] == 1_000_000


async def test_back_by_button_and_by_command_shows_the_earlier_answer(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await owner.send("/back")
    assert owner.messages()[-2].text == say("fr", "This is the first question; there is nothing to go back to.")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    await owner.click(f"⬅️ {say('fr', 'Back')}")
    assert question_on_screen(owner, spec).id == "staff"
    assert say("fr", "Your earlier answer: {answer}", answer="17\u00a0personnes") in owner.last_message().text
    await owner.send("/back")
    assert question_on_screen(owner, spec).id == "sector"
    assert sum(bool(message.buttons) for message in owner.messages()) == 1


async def test_restart_asks_first_and_no_keeps_everything(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="private_share")
    await owner.send("/restart")
    await owner.click(say("de", "No, carry on"))
    assert question_on_screen(owner, spec).id == "private_share"

    await owner.send("/restart")
    confirmation = owner.keyboard()
    await owner.click(say("de", "Yes, start again"))
    assert say("de", "Let's start again from the beginning.") == confirmation_text(owner, confirmation)
    assert question_on_screen(owner, spec).id == "sector"
    assert bot.services.engine.view(owner.id, DIALOG).answers == {"country": "DE"}  # only where the business is, kept
    await owner.click(say("de", "Yes, start again"), confirmation)  # a second tap: too late
    assert owner.notice() == say("de", "This button is no longer valid.")


def confirmation_text(owner, confirmation):
    return next(message.text for message in owner.messages() if message.message_id == confirmation.message_id)


async def test_buttons_that_cannot_lie(bot):
    """An earlier question's button, a second tap and forged data change nothing; a notice says why."""
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    sector = owner.keyboard()
    with use_locale("fr"):
        food = label(spec.questions["sector"].option("food"))
    await owner.click(food)
    staff = owner.keyboard()
    await owner.click("3")
    stored = dict(bot.services.engine.view(owner.id, DIALOG).answers)
    shown = [(message.text, message.labels) for message in owner.messages()]

    presses = [(dict(sector.buttons)[food], sector),  # a second tap on an answered question
               (dict(staff.buttons)["10"], staff)]    # a button of the question before
    forged = ["pk:2:revenue:food", "nb:2:revenue:1e9", "x", "pk:2:revenue", "lg:en", "bk:2:../../etc",
              "pk:" + "9" * 70, "tg:2:revenue:food'; DROP TABLE users;--", "rs:0:sector:yes"]
    for data, message in presses + [(data, staff) for data in forged]:
        await owner.press(data, message)
        assert owner.notice() in (say("fr", "That answer belongs to an earlier question."),
                                  say("fr", "This button is no longer valid.")), data
        assert bot.services.engine.view(owner.id, DIALOG).answers == stored, data
        assert [(message.text, message.labels) for message in owner.messages()] == shown, data


async def test_non_answers_get_a_polite_reply_and_change_nothing(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="staff")
    before = bot.services.engine.view(owner.id, DIALOG).conversation
    staff = say("de", spec.questions["staff"].text)
    contents = [
        {"photo": [{"file_id": "a", "file_unique_id": "a", "width": 10, "height": 10}]},
        {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                     "is_animated": False, "is_video": False}},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}},
        {"location": {"latitude": 48.1, "longitude": 11.5}},
    ]
    for content in contents:
        await owner.send_content(**content)
        notice, again = owner.messages()[-2:]
        assert notice.text == say("de", "I can only read text messages and button presses."), content
        assert staff in again.text and again.buttons

    await owner.send("/frobnicate")
    assert owner.messages()[-2].text == say("de", "I do not know that command. Send /help to see what I "
                                                  "understand.")
    assert staff in owner.last_message().text

    await owner.edit("12")
    assert owner.last_message().text == say(
        "de", "I only read new messages, not changes to earlier ones. To change an answer, go /back to it.")

    group = {"id": -100123, "type": "supergroup", "title": "Metzgerei Team"}
    await owner.send("17", chat=group)
    [reply] = bot.fake.messages(group["id"])
    assert reply.text == say("de", "I only talk in private chats. Please write to me directly.")

    assert bot.services.engine.view(owner.id, DIALOG).conversation == before
    assert sum(bool(message.buttons) for message in owner.messages()) == 1  # no keyboard lingers


async def test_help_and_status_say_where_the_owner_is(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="goal")
    await owner.send("/status")
    status = owner.last_message().text
    assert progress_pattern("fr").search(status) and "Question 15 " in status.replace("\u00a0", " ")
    assert say("fr", spec.sections["goal"]) in status and say("fr", spec.questions["goal"].text) in status
    await owner.send("/help")
    assert "/restart" in owner.messages()[-2].text and question_on_screen(owner, spec).id == "goal"


async def test_typed_text_can_never_break_a_message(bot):
    owner = bot.user("fr")
    nasty = "<b>Tom & Jerry</b> </i> &amp; <script>alert(1)</script> 5 < 6 > 4"
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="target_text")
    await owner.send("/start")
    await owner.send(nasty)
    answered = [message for message in owner.messages() if nasty in message.text]
    assert answered, "the answer is shown as typed"
    await owner.send("/back")
    assert say("fr", "Your earlier answer: {answer}", answer=nasty) in owner.last_message().text


async def test_commands_menu_is_registered_per_language(bot):
    await bot.user("fr").send("/start")  # the menu is published in the background at start-up
    assert set(bot.fake.commands) == {"", "fr", "de"}
    descriptions = {code: {command["command"]: command["description"] for command in commands}
                    for code, commands in bot.fake.commands.items()}
    assert set(descriptions["de"]) == {"start", "back", "status", "verdict", "report", "checkin", "kpis", "checkins",
                                       "timezone", "share", "clients", "digest", "export", "delete", "restart",
                                       "language", "country", "help"}
    assert descriptions["de"]["start"] == say("de", "Start or continue the assessment")
    assert descriptions[""] == descriptions["fr"]


async def test_blocking_and_unblocking_is_remembered(bot):
    owner = bot.user("fr")
    await owner.send("/start")
    await owner.block()
    assert bot.services.store.user(owner.id).blocked_at
    await owner.block(False)
    assert bot.services.store.user(owner.id).blocked_at is None


async def test_a_long_verdict_is_split_at_line_breaks_and_its_files_follow(launch):
    lines = [f"{number:03} " + "é" * 96 for number in range(100)]  # 10 000 characters

    def long_verdict(services, user_id, view):
        return Conclusion(messages=["\n".join(lines), "<Tom> & Jerry"],
                          attachments=[Attachment("chart.png", b"\x89PNG fake", "photo"),
                                       Attachment("report.pdf", b"%PDF-1.7 fake", "document")])

    async with launch(conclude=long_verdict) as bot:
        owner = bot.user("fr")
        answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins")
        await owner.send("/start")
        with use_locale("fr"):
            await owner.click(label(bot.services.specs[DIALOG].questions["checkins"].option("no")))
        end = [message.text for message in owner.messages()].index(
            say("fr", bot.services.specs[DIALOG].questions["done"].text))
        verdict = owner.messages()[end + 1:]
    texts = [message.text for message in verdict if message.kind == "text"]
    assert [len(text.splitlines()) for text in texts] == [40, 40, 20, 1]
    assert "\n".join(texts[:3]) == "\n".join(lines) and texts[3] == "<Tom> & Jerry"
    assert [(message.kind, message.filename, message.content) for message in verdict[-2:]] == [
        ("photo", "chart.png", b"\x89PNG fake"), ("document", "report.pdf", b"%PDF-1.7 fake")]


async def test_verdict_and_report_on_request_after_finishing(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    await owner.send("/verdict")
    assert owner.last_message().text == say("de", "There is no verdict yet: finish the assessment first. "
                                                  "Send /start to carry on.")
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins", language="de")
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED)
    await owner.send("/verdict")
    with use_locale("de"):
        assert _(verdict_texts.HEADLINES["go"]) in " ".join(m.text or "" for m in owner.messages()[-8:])
    await owner.send("/report")
    photo, document = owner.messages()[-2:]
    assert (photo.kind, document.kind) == ("photo", "document")
    assert document.content.startswith(b"%PDF") and photo.content.startswith(b"\x89PNG")
    await owner.send("/start")
    assert say("de", "Send /verdict to see your verdict again, or /report for the PDF report.") in \
        owner.last_message().text


async def test_after_a_crash_a_stale_button_brings_the_current_question_back(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    first = owner.keyboard()
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    # What a crash between sending a question and noting it leaves: no question known to be on screen.
    bot.services.store.drop_from_memory(owner.id, "question")
    shown = len(owner.messages())
    await owner.press(first.buttons[0][1], first)  # an old button, as after a crash before the question went out
    assert owner.notice() == say("fr", "That answer belongs to an earlier question.")
    assert len(owner.messages()) == shown + 1  # the question, asked again
    with use_locale("fr"):
        assert wording(spec.questions["revenue"]) in owner.last_message().text and owner.last_message().buttons
    await owner.press(first.buttons[0][1], first)  # now the bot knows what is on screen: a notice, nothing more
    assert len(owner.messages()) == shown + 1


@pytest.mark.parametrize("code, language", [("de-AT", "de"), ("fr_CA", "fr"), ("DE", "de"), ("pt-br", None),
                                            ("zh-hans", None), (None, None)])
async def test_any_telegram_language_code_is_spoken_or_asked_about(bot, code, language):
    owner = bot.user(code)
    await owner.send("/start")
    if language is None:
        assert owner.last_message().labels == [ENDONYMS["fr"], ENDONYMS["de"]]
    else:
        assert say(language, HELLO) in [message.text for message in owner.messages()]


async def test_a_swiss_owner_is_offered_switzerland_first_then_the_cantons_and_reads_francs(bot):
    owner = bot.user("de-CH", settled=False)
    owner.language = "de"
    await owner.send("/start")
    assert owner.last_message().labels[0] == "✅ Schweiz"
    await owner.click("✅ Schweiz")
    cantons = owner.last_message().labels
    assert cantons[0] == say("de", "Skip") + " ⏭️" and "Zürich" in cantons and "Genf" in cantons
    await owner.click("Zürich")
    stored = bot.services.store.user(owner.id)
    assert (stored.country, stored.region) == ("CH", "ZH")
    texts = [message.text for message in owner.messages()]
    assert any("Schweiz (Zürich)" in text and "Schweizer Franken" in text for text in texts)
    assert question_on_screen(owner, bot.services.specs[DIALOG]).id == "sector"
    # A region button of another country, pressed late, changes nothing.
    await owner.send("/country")
    await owner.click("Österreich")
    await owner.click("Wien")
    assert bot.services.store.user(owner.id).country == "AT"


async def test_a_french_owner_never_sees_xing_and_is_asked_in_euros(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, {**BUTCHER_TYPED, "sector": "b2b_supplier", "private_share": "10",
                             "b2b_customers": "many_new"}, until="buyers_where")
    assert "XING" not in owner.last_message().labels
    assert "LinkedIn" in owner.last_message().labels


async def test_a_german_b2b_supplier_is_offered_xing_beside_linkedin(bot):
    owner = bot.user("de")
    await owner.send("/start")
    await play(owner, bot.services.specs[DIALOG], {**BUTCHER_TYPED, "sector": "b2b_supplier", "private_share": "10",
                                                   "b2b_customers": "many_new"}, until="buyers_where")
    assert {"XING", "LinkedIn"} <= set(owner.last_message().labels)
