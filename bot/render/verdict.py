"""A verdict as sections: a short summary first, then the details (why, tests, plan, week, money, figures).

On a phone the summary comes alone, with buttons that open each detail; the
console, the consultant's view and the PDF show every section. All of them
are made from `verdict_sections`, so they say the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.dates import get_day_names

from bot.advisor.model import Costs, Plan, Reason, Verdict
from bot.i18n import _, current_locale, ngettext, use_currency
from bot.i18n.numbers import babel_locale
from bot.render import verdict_texts as texts
from bot.render.document import Block, Item, Mark, Section, as_text, labelled
from bot.render.follow_up import follow_up_blocks, follow_up_text
from bot.render.money import break_even_short, kpi_items, money_section
from bot.render.reasons import reason_text
from bot.render.values import answer, asked, listed, network_name, on_network, quantity, wording
from bot.spec import Spec

__all__ = ["ICONS", "day_name", "headline", "labelled", "reason_text", "verdict_messages", "verdict_sections"]

ICONS = {"go": "🟢", "not_ready": "🟡", "partial": "🟠", "not_now": "🔴", "mandatory": "🔵"}
OUTCOME_MARKS = {"passed": Mark.PASSED, "partial": Mark.PARTIAL, "failed": Mark.FAILED}
MAIN_REASONS = NEXT_STEPS = 3  # what the summary holds; the rest is one tap away
def headline(verdict: Verdict) -> str:
    if verdict.headline == "partial" and verdict.fit.scope == "business_networks":
        return _(texts.HEADLINE_BUSINESS_NETWORKS)
    return _(texts.HEADLINES[verdict.headline])


def trace(reason: Reason, spec: Spec, answers: Mapping[str, Any]) -> str:
    """The owner's own answers a reason rests on, each named: "(Horizon: within a few weeks · Revenue gap: yes)"."""
    if "tests" in reason.params:  # it sums up the tests: its answers are told under each test, not all in one line
        return ""
    rests_on = {question: answers[question] for question in reason.answers if question in answers}
    given = [labelled(_(question.label) if question.label else wording(question), answer(question, value))
             for question, value in asked(spec, rests_on)]
    return f"({' · '.join(given)})" if given else ""


def reason_items(reasons: Sequence[Reason], spec: Spec | None = None,
                 answers: Mapping[str, Any] | None = None) -> tuple[Item, ...]:
    """Each reason as a sentence; with the answers, the trace of what it rests on."""
    return tuple(Item(reason_text(reason), note=trace(reason, spec, answers) or None if spec and answers else None)
                 for reason in reasons)


def day_name(day: int | None) -> str:
    if day is None:
        return _("Through the week")
    name: str = get_day_names("wide", locale=babel_locale(current_locale()))[day]
    return name.capitalize()


def networks_named(networks: Sequence[str]) -> str:
    return listed(network_name(n) for n in networks)


# ------------------------------------------------------------------ the summary
def next_steps(verdict: Verdict) -> tuple[Item, ...]:
    """The three things to do first, by headline."""
    if verdict.plan is None:
        steps = [reason_text(reason) for reason in verdict.instead[:NEXT_STEPS - 1]]
        return tuple(Item(step) for step in [*steps, follow_up_text(verdict)])
    steps = [reason_text(point) for point in verdict.to_fix_first]
    if verdict.once_ready:
        return tuple(Item(step) for step in steps[:NEXT_STEPS])
    plan = verdict.plan
    if plan.networks and plan.week:
        posts = [slot.network for slot in plan.week if slot.content != "replies"]
        # Only where the week posts: a network that only gets replies is named in the week's replies.
        steps.append(ngettext("Start {places}: {n} post a week in your slot, and answer every message.",
                              "Start {places}: {n} posts a week in your slot, and answer every message.",
                              len(posts), places=listed(on_network(c.network) for c in plan.networks
                                                        if c.network in posts)))
    elif not plan.networks:
        steps.append(_("Keep your Google profile up to date and ask happy customers for a review."))
    if verdict.kpis:
        steps.append(_("From the start, count: {figures}.",
                       figures=listed(_(texts.KPIS_LISTED[kpi.code]) for kpi in verdict.kpis)))
    steps.append(follow_up_text(verdict))
    return tuple(Item(step) for step in steps[:NEXT_STEPS])


def key_figures(costs: Costs) -> tuple[Item, ...]:
    return (Item(quantity("money_month", costs.time_per_month), label=_("Your own time")),
            Item(quantity("money_month", costs.tools_per_month), label=_("Cash for tools and ads")),
            Item(break_even_short(costs), label=_("Break-even")))


def change_first_items(verdict: Verdict, spec: Spec | None = None,
                       answers: Mapping[str, Any] | None = None) -> tuple[Item, ...]:
    """Hours spent today without results: what to change before anything else, whatever the headline."""
    return reason_items(verdict.change_first, spec, answers)


def summary_section(verdict: Verdict) -> Section:
    """Headline, what to change first, the main reasons, the next steps and, with a plan, the key figures:
    the first message."""
    change = change_first_items(verdict)
    # Below what to change first, the reasons need their own title, or they read as more of it.
    blocks = [Block(change, title=_("First, change this"))] if change else []
    blocks += [Block(reason_items(verdict.reasons[:MAIN_REASONS]),
                     title=_("What decided the headline") if change else None),
               Block(next_steps(verdict), title=_("Next steps"))]
    if verdict.costs is not None:
        blocks.append(Block(key_figures(verdict.costs), title=_("Key figures"), table=True))
    return Section("summary", f"{ICONS[verdict.headline]} {headline(verdict)}", tuple(blocks))


# ------------------------------------------------------------------ the details
def change_section(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> Section | None:
    """What to change first, with the answers it rests on: its own section before "Why", never inside it."""
    change = change_first_items(verdict, spec, answers)
    return Section("change", _("First, change this"), (Block(change),)) if change else None


def why_section(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> Section:
    """Why: only what decided the headline, each with the answers it rests on; then what is also noted."""
    blocks = [Block(reason_items(verdict.reasons, spec, answers))]
    if verdict.notes:
        blocks.append(Block(reason_items(verdict.notes, spec, answers), title=_("Also noted")))
    return Section("why", _("Why"), tuple(blocks))


def what_it_means(verdict: Verdict, outcome: str) -> str | None:
    """For a test not fully passed: whether its points come before anything is spent, or along the way."""
    if outcome == "passed":
        return None
    if verdict.to_fix_first:
        return _("Fix these points before you spend time or money.")
    return _("This does not hold you back: the points are small, fix them along the way.")


def tests_section(verdict: Verdict) -> Section:
    items = tuple(Item(_(texts.OUTCOMES[test.outcome]), label=_(texts.TESTS[test.test]),
                       mark=OUTCOME_MARKS[test.outcome], sub=tuple(reason_text(f) for f in test.findings),
                       note=what_it_means(verdict, test.outcome))
                  for test in verdict.tests)
    return Section("tests", _("The three readiness tests"), (Block(items, table=True),))


def plan_section(verdict: Verdict, plan: Plan) -> Section:
    """Steps 1 to 3; networks left aside are grouped by their reason, so no sentence is said twice."""
    title = _("Once you are ready: your plan in four steps") if verdict.once_ready else _("Your plan in four steps")
    strategy = [Item(_(texts.OBJECTIVES[plan.objective]), label=_("Objective")),
                Item(_(texts.GOALS[plan.goal]), label=_("Social media should"))]
    if plan.objective_note:
        # Translators: the owner's own words, in the quotation marks of your language.
        strategy.append(Item(_("“{note}”", note=plan.objective_note)))
    # A factor whose ideas were all given under an earlier one is named with that one, inside the label's list.
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for factor in plan.factors:
        if factor.ideas or not groups:
            groups.append(([_(texts.FACTORS[factor.factor])], factor.ideas))
        else:
            groups[-1][0].append(_(texts.FACTORS_LISTED[factor.factor]))
    factors = tuple(Item("", label=listed(names), sub=tuple(_(texts.IDEAS[idea]) for idea in ideas))
                    for names, ideas in groups)
    networks = [Item(_("{strength} ({why})", strength=_(texts.NETWORK_STRENGTHS[c.network]),
                       why=_(texts.NETWORK_REASONS[c.reason])), label=network_name(c.network), mark=Mark.YES)
                for c in plan.networks]
    left_aside: dict[str, list[str]] = {}
    for choice in plan.skipped:
        kept = choice.network == "google_business" and choice.reason == "focus"
        left_aside.setdefault(texts.GOOGLE_PROFILE_KEPT if kept else texts.NETWORK_REASONS[choice.reason],
                              []).append(choice.network)
    networks += [Item(_(reason), label=networks_named(names), mark=Mark.NO) for reason, names in left_aside.items()]
    return Section("plan", title, (
        Block(tuple(strategy), title=_("Step 1: strategy"), table=True),
        Block(factors or (Item(_("(none chosen)")),), title=_("Step 2: success factors and ideas")),
        Block(tuple(networks) or (Item(_("none for now")),), title=_("Step 3: networks"), table=True),
    ))


def week_section(plan: Plan) -> Section:
    """Step 4: the starter week, slot by slot."""
    items = []
    for slot in plan.week:
        when = day_name(slot.day)
        if slot.day is not None and texts.SLOTS[slot.slot]:
            when = _("{day}, {slot}", day=when, slot=_(texts.SLOTS[slot.slot]))
        # Comments and messages come in on every network of the plan, not only where the week posts.
        place = listed(on_network(c.network) for c in plan.networks) if slot.content == "replies" \
            else on_network(slot.network)
        items.append(Item(_("{content} {place} ({minutes} min)", content=_(texts.CONTENTS[slot.content]),
                            place=place, minutes=slot.minutes), label=when))
    if not plan.networks:
        items.append(Item(_("no weekly plan while no network suits your customers")))
    elif not plan.week:
        items.append(Item(_("no weekly plan until time is set aside")))
    return Section("week", _("Step 4: your week"), (Block(tuple(items), table=True),))


def figures_section(verdict: Verdict) -> Section:
    return Section("kpis", _("Figures to follow"), (Block(kpi_items(verdict.kpis), table=True),
                                                     *follow_up_blocks(verdict)))


def instead_section(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> Section:
    """A "not now": what to do instead, for the owner's objective, and when to look again."""
    items = reason_items(verdict.instead, spec, answers) or (
        Item(_("Keep your Google profile up to date and ask happy customers for a review.")),)
    return Section("instead", _("What to do instead"), (Block(items), *follow_up_blocks(verdict)))


def comparison_section(first: Verdict, first_date: str, now: Verdict) -> Section:
    """The owner's first assessment beside this one: headline, tests and what changed in the reasons."""
    def arrow(then: str, later: str) -> str:
        return then if then == later else _("{then} → {now}", then=then, now=later)

    items = [Item(arrow(_(texts.HEADLINE_WORDS[first.headline]), _(texts.HEADLINE_WORDS[now.headline])),
                  label=_("Headline"))]
    outcomes = {test.test: test.outcome for test in first.tests}
    items += [Item(arrow(_(texts.OUTCOMES[outcomes[test.test]]) if test.test in outcomes else "–",
                         _(texts.OUTCOMES[test.outcome])), label=_(texts.TESTS[test.test]),
                   mark=OUTCOME_MARKS[test.outcome]) for test in now.tests]
    if first.costs is not None and now.costs is not None:
        with use_currency(first.currency):  # each amount in the currency it was given in
            then = quantity("money_month", first.costs.total_per_month)
        with use_currency(now.currency):
            later = quantity("money_month", now.costs.total_per_month)
        items.append(Item(arrow(then, later), label=_("Time and cash together")))
    before, after = {r.code for r in first.reasons}, {r.code for r in now.reasons}
    changed = [Item(reason_text(r), mark=Mark.GAINED) for r in now.reasons if r.code not in before]
    changed += [Item(reason_text(r), mark=Mark.GONE) for r in first.reasons if r.code not in after]
    blocks = [Block(tuple(items), table=True)]
    if changed:
        blocks.append(Block(tuple(changed), title=_("What changed in the reasons")))
    return Section("compare", _("Compared with your first assessment of {date}", date=first_date), tuple(blocks))


def verdict_sections(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> list[Section]:
    """The summary, then every detail the headline calls for: a "not now" has no tests, plan, money or figures.
    Amounts are in the verdict's currency."""
    with use_currency(verdict.currency):
        return _sections(verdict, spec, answers)


def _sections(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> list[Section]:
    change = change_section(verdict, spec, answers)
    sections = [summary_section(verdict), *([change] if change else []), why_section(verdict, spec, answers)]
    if verdict.tests:
        sections.append(tests_section(verdict))
    if verdict.plan is None or verdict.costs is None:
        return [*sections, instead_section(verdict, spec, answers)]
    return [*sections, plan_section(verdict, verdict.plan), week_section(verdict.plan),
            money_section(verdict.costs, len(verdict.plan.networks)), figures_section(verdict)]


def verdict_messages(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> list[str]:
    """Every section as a phone message, each opening with its title."""
    return [as_text(section) for section in verdict_sections(verdict, spec, answers)]
