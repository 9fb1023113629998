"""The four steps filled in for the owner (docs/method.md §6).

Ideas are "meta-products": things offered online that are tied to the
business and lead to it, since most of these firms sell in the shop or by
quote, not on the internet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.advisor.fit import BUSINESS_NETWORKS
from bot.advisor.model import FactorIdeas, NetworkChoice, Plan, PlanSlot

# (success factor, sector) -> ideas; the sector "*" applies to every sector.
IDEAS: dict[tuple[str, str], tuple[str, ...]] = {
    ("regulars", "food"): ("hot_counter_menu", "fan_ideas", "answer_everyone"),
    ("regulars", "beauty"): ("care_tips", "short_notice_slots", "answer_everyone"),
    ("regulars", "trades"): ("life_events", "seasonal_tips", "referrals"),
    ("regulars", "*"): ("answer_everyone", "customer_questions", "referrals"),
    ("capacity", "food"): ("happy_hour", "hot_counter_menu"),
    ("capacity", "trades"): ("short_notice_slots", "seasonal_tips"),
    ("capacity", "*"): ("short_notice_slots", "happy_hour"),
    ("speed", "trades"): ("on_time_proof", "short_notice_slots"),
    ("speed", "*"): ("short_notice_slots", "answer_everyone"),
    ("daily_offer", "food"): ("hot_counter_menu", "party_service"),
    ("daily_offer", "*"): ("hot_counter_menu", "new_arrivals"),
    ("reputation", "trades"): ("answer_reviews", "referrals", "before_after"),
    ("reputation", "beauty"): ("answer_reviews", "before_after", "referrals"),
    ("reputation", "*"): ("answer_reviews", "referrals", "customer_questions"),
    ("expertise", "beauty"): ("care_tips", "trend_poll", "expert_video"),
    ("expertise", "*"): ("expert_video", "customer_questions"),
    ("quality", "online_shop"): ("expert_video", "answer_reviews"),
    ("quality", "retail"): ("expert_video", "new_arrivals"),
    ("quality", "*"): ("before_after", "expert_video"),
    ("trends", "beauty"): ("trend_poll", "before_after"),
    ("trends", "*"): ("new_arrivals", "fan_ideas"),
    ("range", "*"): ("new_arrivals", "back_in_stock"),
    ("delivery", "*"): ("behind_the_parcel", "referrals"),
    ("price", "food"): ("happy_hour", "follower_offer"),
    ("price", "*"): ("follower_offer",),
    ("proximity", "trades"): ("local_life", "life_events"),
    ("proximity", "*"): ("local_life", "referrals"),
}

# Networks the method suggests by customer group, before the owner's own picks count.
_PRIVATE_YOUNG = ("instagram", "facebook", "tiktok")
_PRIVATE_OLDER = ("facebook", "google_business")
_PRIVATE_MIXED = ("facebook", "instagram", "google_business")
_ONLINE = ("instagram", "youtube", "pinterest", "facebook")
CONTENT_BY_FACTOR = {
    "regulars": "team", "capacity": "slots", "speed": "slots", "daily_offer": "offers",
    "reputation": "reviews", "expertise": "tips", "quality": "work", "trends": "news",
    "range": "news", "delivery": "team", "price": "offers", "proximity": "news",
}
POSTS_PER_WEEK = {"daily": 5, "few_weekly": 3, "weekly": 1, "less": 1}
MINUTES_PER_POST = 20  # the least a useful post takes: idea, photo, text
WEEKDAYS = {1: (2,), 2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def ideas_for(factor: str, sector: str) -> tuple[str, ...]:
    return IDEAS.get((factor, sector)) or IDEAS[(factor, "*")]


def choose_networks(a: Mapping[str, Any], scope: str) -> tuple[tuple[NetworkChoice, ...], tuple[NetworkChoice, ...]]:
    """One or two networks where the customers are, and the ones to leave aside."""
    scores: dict[str, float] = {}
    reason: dict[str, str] = {}

    def vote(networks: Iterable[str], points: float, why: str) -> None:
        for rank, network in enumerate(networks):
            scores[network] = scores.get(network, 0) + points - rank * 0.1
            reason.setdefault(network, why)

    own = [n for n in a.get("customer_networks") or () if n != "unknown"]
    private_share = a.get("private_share", 100)
    if scope in ("all", "private_only") or a.get("sector") == "online_shop":
        if a.get("sector") == "online_shop":
            vote(_ONLINE, 2, "online_reach")
        age = a.get("customer_age")
        vote(_PRIVATE_YOUNG if age == "young" else _PRIVATE_OLDER if age == "older" else _PRIVATE_MIXED,
             2, f"customers_{age or 'mixed'}")
        if a.get("locality") in ("village", "town", "city"):
            vote(("google_business",), 1, "local_search")
    if scope in ("all", "business_networks") and private_share < 80:
        buyers = [n for n in a.get("buyers_where") or () if n in BUSINESS_NETWORKS]
        vote(buyers, 3, "buyers_there")
    vote(own, 3, "your_customers_there")
    if scope == "private_only":
        for network in BUSINESS_NETWORKS:
            scores.pop(network, None)
    ranked = sorted((n for n in scores if scores[n] > 0), key=lambda n: -scores[n])
    chosen = ranked[:2]
    if not chosen:
        return (), ()
    recommended = tuple(NetworkChoice(n, reason[n]) for n in chosen)
    used = [n for n in a.get("networks_now") or () if n != "none"]
    skipped: list[NetworkChoice] = []
    # Besides the networks used today, name the ones owners are most often told they "must" be on.
    for network in used + [n for n in ("linkedin", "tiktok") if n not in used]:
        if network in chosen or any(s.network == network for s in skipped):
            continue
        if network in BUSINESS_NETWORKS:
            why = "no_business_buyers" if private_share >= 80 or scope == "private_only" else "focus"
        else:
            why = "focus" if network in used else "customers_elsewhere"
        skipped.append(NetworkChoice(network, why))
    return recommended, tuple(skipped[:3])


def weekly_plan(a: Mapping[str, Any], networks: tuple[NetworkChoice, ...]) -> tuple[tuple[PlanSlot, ...], int]:
    """A starter week sized to the hours the owner can give; returns slots and total minutes.

    A quarter of the time (at least 15 minutes) is kept for answering comments
    and messages through the week: being reachable is what makes a firm a
    "friend" rather than a megaphone.
    """
    minutes = int((a.get("hours_plan") or 0) * 60)
    if minutes < 2 * 15 or not networks:
        return (), 0
    replies = max(15, minutes // 4)
    posting = minutes - replies
    slot = a.get("timeslot") or "morning"
    most = 2 if slot == "weekend" else 5  # a weekend has two days
    posts = max(1, min(POSTS_PER_WEEK.get(a.get("frequency") or "", 1), posting // MINUTES_PER_POST, most))
    contents = _contents(a)
    week = [
        PlanSlot(day=5 + index % 2 if slot == "weekend" else day, slot=slot,
                 content=contents[index % len(contents)],
                 network=networks[index % len(networks)].network, minutes=posting // posts)
        for index, day in enumerate(WEEKDAYS[posts])
    ]
    week.append(PlanSlot(day=None, slot=slot, content="replies", network=networks[0].network,
                         minutes=replies))
    return tuple(week), sum(item.minutes for item in week)


def _contents(a: Mapping[str, Any]) -> list[str]:
    """What to post: the owner's own choices, else what their success factors suggest."""
    chosen = list(a.get("content") or ())
    if chosen:
        return chosen
    suggested = [CONTENT_BY_FACTOR[f] for f in a.get("success_factors") or () if f in CONTENT_BY_FACTOR]
    return list(dict.fromkeys(suggested)) or ["tips"]


def factor_ideas(factors: Iterable[str], sector: str) -> tuple[FactorIdeas, ...]:
    """Ideas per success factor, each idea shown once (under the first factor it serves)."""
    used: set[str] = set()
    result = []
    for factor in factors:
        fresh = [idea for idea in ideas_for(factor, sector) if idea not in used]
        ideas = tuple(fresh[:3] or ideas_for(factor, sector)[:1])
        used.update(ideas)
        result.append(FactorIdeas(factor, ideas))
    return tuple(result)


def build_plan(a: Mapping[str, Any], scope: str) -> Plan:
    sector = a.get("sector", "other")
    factors = factor_ideas(a.get("success_factors") or (), sector)
    networks, skipped = choose_networks(a, scope)
    week, minutes = weekly_plan(a, networks)
    return Plan(objective=a.get("objective", "grow"), objective_note=a.get("objective_note"),
                goal=a.get("goal", "unsure"), factors=factors, networks=networks, skipped=skipped,
                week=week, minutes_per_week=minutes)
