"""Typed answers for whole assessments (option numbers as shown, numbers as typed)."""

# A butcher shop in a town of 73,000: the first archetype of the method.
BUTCHER_TYPED = {
    "sector": "food", "staff": "17", "revenue": "1 000 000", "private_share": "95",
    "customer_age": "mixed", "locality": "town", "sells_online": "no",
    "website": "static", "website_by": "agency", "networks_now": "none", "listening": "sometimes",
    "goal": "loyalty", "target": "number", "target_text": "200 fans locaux d'ici juin",
    "customer_value": "600", "conversion": "50", "horizon": "months_6_9", "revenue_gap": "no",
    "stamina": "yes", "who": "staff", "skills": "trained", "tools_budget": "50",
    "criticism": "answer", "staff_policy": "informal", "objective": "capacity",
    "objective_note": "Remplir le comptoir chaud entre 14 et 17 h", "success_factors": "regulars, capacity, daily_offer",
    "customer_networks": "facebook, instagram", "content": "offers, team, news", "frequency": "daily",
    "timeslot": "morning", "hours_plan": "4", "hourly_cost": "35", "kpis": "followers, engagement, returning",
    "checkins": "monthly",
}
