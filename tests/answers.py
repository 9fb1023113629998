"""Typed answers for whole assessments (option numbers as shown, numbers as typed)."""

# A butcher shop in a town of 73,000: the first archetype of the method.
BUTCHER_TYPED = {
    "sector": "food", "staff": "17", "revenue": "1 000 000", "private_share": "95",
    "customer_age": "mixed", "locality": "town", "sells_online": "no",
    "website": "static", "website_by": "agency", "networks_now": "none", "listening": "sometimes",
    "business_name": "Boucherie Martin",
    "goal": "loyalty", "target": "number", "target_text": "200 fans locaux d'ici juin",
    "customer_value": "600", "conversion": "50", "horizon": "months_6_9", "revenue_gap": "no",
    "stamina": "yes", "who": "staff", "skills": "trained", "tools_budget": "50",
    "criticism": "answer", "staff_policy": "informal", "objective": "capacity",
    "objective_note": "Remplir le comptoir chaud entre 14 et 17 h",
    "success_factors": "regulars, capacity, daily_offer",
    "customer_networks": "facebook, instagram", "content": "offers, team, news", "frequency": "daily",
    "timeslot": "morning", "hours_plan": "4", "hourly_cost": "35", "kpis": "followers, engagement, returning",
    "checkins": "monthly",
}


def stored_answers(answers: dict[str, str], locale: str = "fr") -> dict:
    """The answers as the engine stores them once `answers` were typed."""
    return _replay(answers, locale)[1]


def typed_lines(answers: dict[str, str], locale: str = "fr") -> list[str]:
    """The lines an owner types in the console to give `answers` (options by their number)."""
    return _replay(answers, locale)[0]


def _replay(answers: dict[str, str], locale: str) -> tuple[list[str], dict]:
    from bot.advisor import DERIVED
    from bot.app.services import settings_context
    from bot.engine import Engine, Text
    from bot.i18n import use_locale
    from bot.i18n.markets import HOME
    from bot.paths import dialogs_dir
    from bot.spec import load_specs
    from bot.storage import SqliteStore

    store = SqliteStore(None)
    store.ensure_user(1, language=locale)
    store.set_market(1, HOME[locale], None)  # as every owner has given it: it shows XING in DACH only
    specs = load_specs(dialogs_dir())
    engine = Engine(store, specs, DERIVED, settings_context(store, specs))
    lines = []
    while not (view := engine.view(1, "assessment")).finished:
        value = answers[view.question.id]
        if view.question.kind in ("choice", "multi"):
            numbers = {option.id: str(n) for n, option in enumerate(view.options, start=1)}
            value = ", ".join(numbers[code.strip()] for code in value.split(","))
        lines.append(value)
        with use_locale(locale):
            step = engine.handle(1, "assessment", Text(value))
        assert step.status in ("accepted", "finished"), (view.question.id, step.problem.code)
    stored = engine.view(1, "assessment").answers
    store.close()
    return lines, stored


# The butcher's answers as a Zurich owner types them: Swiss grouping, "Fr." and ".–" on amounts.
ZURICH_BUTCHER = {**BUTCHER_TYPED, "business_name": "Metzgerei Grob", "revenue": "1'000'000",
                  "customer_value": "Fr. 600.–", "hourly_cost": "35 CHF", "tools_budget": "50",
                  "target_text": "200 Stammkunden bis Juni", "objective_note": "Mittagsmenü besser füllen"}
