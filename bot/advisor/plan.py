"""The four steps filled in for the owner (docs/method.md §6).

Ideas are "meta-products": things offered online that are tied to the
business and lead to it, since most of these firms sell in the shop or by
quote, not on the internet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.advisor.effort import busy_without_results, planned_hours
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

# Ideas that only suit some sectors (a bakery has no "before and after"); the others suit every sector.
SECTORS_OF_IDEA: dict[str, frozenset[str]] = {
    "hot_counter_menu": frozenset({"food", "hospitality"}),
    "party_service": frozenset({"food", "hospitality"}),
    "happy_hour": frozenset({"food", "hospitality", "beauty", "retail"}),
    "care_tips": frozenset({"beauty"}),
    "trend_poll": frozenset({"beauty", "retail", "online_shop", "hospitality"}),
    "short_notice_slots": frozenset({"beauty", "trades", "other"}),
    "before_after": frozenset({"beauty", "trades", "other"}),
    "life_events": frozenset({"trades", "retail", "other"}),
    "on_time_proof": frozenset({"trades", "b2b_supplier"}),
    "back_in_stock": frozenset({"retail", "online_shop"}),
    "behind_the_parcel": frozenset({"online_shop", "b2b_supplier"}),
    "new_arrivals": frozenset({"retail", "online_shop", "food", "hospitality"}),
}
# Ideas for private customers only: a buyer on LinkedIn wants no happy hour.
CONSUMER_IDEAS = frozenset({"hot_counter_menu", "party_service", "happy_hour", "care_tips", "trend_poll",
                            "short_notice_slots", "life_events", "follower_offer", "fan_ideas"})
# An idea whose timing is the point, worded for the owner's posting slot (the others need no time).
TIMED_IDEAS: dict[str, dict[str, str]] = {
    "hot_counter_menu": {"morning": "hot_counter_menu", "midday": "hot_counter_menu",
                         "evening": "next_day_menu", "weekend": "week_menu"},
    "short_notice_slots": {"morning": "short_notice_slots", "midday": "short_notice_slots",
                           "evening": "next_day_slots", "weekend": "next_week_slots"},
}
# Ideas for any firm, factor and network, when the factor's own do not fit.
GENERAL_IDEAS = ("customer_questions", "answer_everyone")

# Networks the method suggests by customer group, before the owner's own picks count.
_PRIVATE_YOUNG = ("instagram", "facebook", "tiktok")
_PRIVATE_OLDER = ("facebook", "google_business")
_PRIVATE_MIXED = ("facebook", "instagram", "google_business")
_ONLINE = ("instagram", "youtube", "pinterest", "facebook")
# Where private customers over 50 are not: their verdict says "not Instagram or TikTok", so the plan keeps off them.
_NOT_FOR_OLDER = ("instagram", "tiktok")
CONTENT_BY_FACTOR = {
    "regulars": "team", "capacity": "slots", "speed": "slots", "daily_offer": "offers",
    "reputation": "reviews", "expertise": "tips", "quality": "work", "trends": "news",
    "range": "news", "delivery": "team", "price": "offers", "proximity": "news",
}
# What each network shows well; a content missing here suits every network.
CONTENT_NETWORKS: dict[str, frozenset[str]] = {
    "offers": frozenset({"facebook", "instagram", "google_business", "whatsapp", "x", "pinterest"}),
    "slots": frozenset({"facebook", "instagram", "google_business", "whatsapp", "x"}),
    "team": frozenset({"facebook", "instagram", "tiktok", "linkedin", "xing", "youtube"}),
    "reviews": frozenset({"facebook", "instagram", "google_business", "linkedin", "xing"}),
}
POSTS_PER_WEEK = {"daily": 5, "few_weekly": 3, "weekly": 1, "less": 1}
MINUTES_PER_POST = 20  # the least a useful post takes: idea, photo, text
WEEKDAYS = {1: (2,), 2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def suits(idea: str, sector: str, consumer_network: bool) -> bool:
    """Whether an idea fits the sector, and the plan's networks (business networks take no consumer ideas)."""
    return sector in SECTORS_OF_IDEA.get(idea, frozenset({sector})) and (consumer_network or idea not in CONSUMER_IDEAS)


def ideas_for(factor: str, sector: str, slot: str = "morning", consumer_network: bool = True) -> tuple[str, ...]:
    """The factor's ideas that fit the sector and the networks, worded for the owner's slot."""
    candidates = IDEAS.get((factor, sector), ()) + IDEAS[(factor, "*")] + GENERAL_IDEAS
    fitting = (TIMED_IDEAS.get(idea, {}).get(slot, idea) for idea in candidates
               if suits(idea, sector, consumer_network))
    return tuple(dict.fromkeys(fitting))


# Networks used only in some markets (country codes); an owner elsewhere is never advised to use them.
MARKETS_OF_NETWORK = {"xing": frozenset({"DE", "AT", "CH"})}


def used_where(network: str, country: str | None) -> bool:
    """Whether firms in `country` use `network` (an owner whose country is not known yet: yes)."""
    return country is None or country in MARKETS_OF_NETWORK.get(network, frozenset({country}))


def older_private_customers(a: Mapping[str, Any]) -> bool:
    """Private customers mostly over 50, whom the verdict sends to Facebook and Google (an online shop's buyers
    are reached online whatever their age)."""
    return (a.get("customer_age") == "older" and a.get("sector") != "online_shop"
            and a.get("private_share", 100) >= 20)


def choose_networks(a: Mapping[str, Any], scope: str) -> tuple[tuple[NetworkChoice, ...], tuple[NetworkChoice, ...]]:
    """One or two networks where the customers are, and the ones to leave aside (only with a reason to tell).

    Each network keeps the reason that gave it the most points: the owner's own
    word ("your customers are there") before what the method expects of their group.
    """
    scores: dict[str, float] = {}
    reason: dict[str, tuple[float, str]] = {}

    def vote(networks: Iterable[str], points: float, why: str) -> None:
        for rank, network in enumerate(networks):
            scores[network] = scores.get(network, 0) + points - rank * 0.1
            if points > reason.get(network, (0.0, ""))[0]:
                reason[network] = (points, why)

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
    if older_private_customers(a):  # not even where the owner says some customers are
        for network in _NOT_FOR_OLDER:
            scores.pop(network, None)
    for network in [n for n in scores if not used_where(n, a.get("country"))]:
        scores.pop(network)
    ranked = sorted((n for n in scores if scores[n] > 0), key=lambda n: -scores[n])
    chosen = ranked[:1] if busy_without_results(a) else ranked[:2]
    if not chosen:
        return (), ()
    recommended = tuple(NetworkChoice(n, reason[n][1]) for n in chosen)
    return recommended, _left_aside(a, scope, chosen)


def _left_aside(a: Mapping[str, Any], scope: str, chosen: list[str]) -> tuple[NetworkChoice, ...]:
    """The networks the owner uses or named that the plan leaves out, and the ones with a reason worth telling."""
    private_share = a.get("private_share", 100)
    now = a.get("networks_now") or ()
    named = [n for n in [*(a.get("networks_now") or ()), *(a.get("customer_networks") or ())]
             if n not in ("none", "unknown") and used_where(n, a.get("country"))]
    skipped: dict[str, str] = {}
    for network in named:
        if network in chosen or network in skipped:
            continue
        if network in BUSINESS_NETWORKS and (private_share >= 80 or scope == "private_only"):
            skipped[network] = "no_business_buyers"
        elif network in _NOT_FOR_OLDER and older_private_customers(a):
            skipped[network] = "customers_elsewhere"
        elif busy_without_results(a) and network in now:
            # A kept network used today brought no more than this one: then the reason is focus, not results.
            skipped[network] = "one_network_first" if set(chosen) & set(now) else \
                {"unknown": "not_measured", "likes": "only_likes"}.get(a.get("results_now") or "", "brought_nothing")
        else:
            skipped[network] = "focus"
    # Networks owners are often told they "must" be on, named only where their answers say why not.
    if older_private_customers(a):
        skipped.setdefault("tiktok", "customers_elsewhere")
    if private_share < 80 and not set(chosen) & BUSINESS_NETWORKS and a.get("b2b_customers"):
        skipped.setdefault("linkedin", "buyers_not_there")
    return tuple(NetworkChoice(network, why) for network, why in skipped.items())


def weekly_plan(a: Mapping[str, Any], networks: tuple[NetworkChoice, ...]) -> tuple[tuple[PlanSlot, ...], int]:
    """A starter week sized to the hours the owner can give; returns slots and total minutes.

    A quarter of the time (at least 15 minutes) is kept for answering comments
    and messages through the week: being reachable is what makes a firm a
    "friend" rather than a megaphone.
    """
    minutes = int(planned_hours(a) * 60)
    if minutes < 2 * 15 or not networks:
        return (), 0
    replies = max(15, minutes // 4)
    posting = minutes - replies
    slot = a.get("timeslot") or "morning"
    most = 2 if slot == "weekend" else 5  # a weekend has two days
    posts = max(1, min(POSTS_PER_WEEK.get(a.get("frequency") or "", 1), posting // MINUTES_PER_POST, most))
    pairs = _posts(a, [choice.network for choice in networks])
    week = [
        PlanSlot(day=5 + index % 2 if slot == "weekend" else day, slot=slot,
                 content=pairs[index % len(pairs)][0], network=pairs[index % len(pairs)][1],
                 minutes=posting // posts)
        for index, day in enumerate(WEEKDAYS[posts])
    ]
    week.append(PlanSlot(day=None, slot=slot, content="replies", network=networks[0].network,
                         minutes=replies))
    return tuple(week), sum(item.minutes for item in week)


def _posts(a: Mapping[str, Any], networks: list[str]) -> list[tuple[str, str]]:
    """What to post where: the owner's own contents (else what their success factors suggest), each on
    one of the plan's networks that shows it well, sharing the posts out between them."""
    chosen = list(a.get("content") or ()) or list(dict.fromkeys(
        CONTENT_BY_FACTOR[f] for f in a.get("success_factors") or () if f in CONTENT_BY_FACTOR))
    pairs: list[tuple[str, str]] = []
    for content in chosen or ["tips"]:
        fitting = [n for n in networks if n in CONTENT_NETWORKS.get(content, frozenset(networks))]
        if fitting:  # the fitting network with the fewest posts so far (the first on a tie)
            pairs.append((content, min(fitting, key=lambda n: sum(network == n for _c, network in pairs))))
    return pairs or [("tips", networks[0])]


def factor_ideas(factors: Iterable[str], sector: str, slot: str, consumer_network: bool) -> tuple[FactorIdeas, ...]:
    """Ideas per success factor, each idea shown once (under the first factor it serves; a factor may get none)."""
    used: set[str] = set()
    result = []
    for factor in factors:
        ideas = tuple(idea for idea in ideas_for(factor, sector, slot, consumer_network) if idea not in used)[:3]
        used.update(ideas)
        result.append(FactorIdeas(factor, ideas))
    return tuple(result)


def build_plan(a: Mapping[str, Any], scope: str) -> Plan:
    sector = a.get("sector", "other")
    networks, skipped = choose_networks(a, scope)
    consumer = any(choice.network not in BUSINESS_NETWORKS for choice in networks) or not networks
    factors = factor_ideas(a.get("success_factors") or (), sector, a.get("timeslot") or "morning", consumer)
    week, minutes = weekly_plan(a, networks)
    return Plan(objective=a.get("objective", "grow"), objective_note=a.get("objective_note"),
                goal=a.get("goal", "unsure"), factors=factors, networks=networks, skipped=skipped,
                week=week, minutes_per_week=minutes)
