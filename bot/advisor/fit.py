"""Fit: does social media serve this firm's customers at all (docs/method.md §4)?

The method's four archetypes drive the rules: local end customers who come
back (butcher, salon) fit; business partners who already know the work
(the painter's developer) do not; older clients in a village make it weak;
an online seller has no choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.model import Fit, Reason

BUSINESS_NETWORKS = {"linkedin", "xing"}


def private_part(a: Mapping[str, Any]) -> tuple[str, list[Reason]]:
    """How well social media can reach the private customers: strong, good, moderate or weak."""
    age, locality = a.get("customer_age"), a.get("locality")
    if age == "older" and locality == "village":
        return "weak", [Reason("village_older_clients", ("customer_age", "locality"))]
    if age == "older":
        return "moderate", [Reason("older_clients", ("customer_age",))]
    level = "strong" if age == "young" else "good"
    reasons = [Reason("young_clients" if age == "young" else "mixed_ages", ("customer_age",))]
    if a.get("sector") in ("food", "beauty", "hospitality") and locality in ("town", "city"):
        reasons.append(Reason("local_regulars", ("sector", "locality")))
    return level, reasons


def business_part(a: Mapping[str, Any]) -> tuple[str, list[Reason]]:
    """Whether social media helps win business customers: no, weak, or business_networks."""
    if a.get("b2b_customers") == "few_known":
        return "no", [Reason("partners_know_you", ("private_share", "b2b_customers"))]
    where = set(a.get("buyers_where") or ())
    if where & BUSINESS_NETWORKS:
        return "business_networks", [Reason("buyers_on_business_networks", ("buyers_where",))]
    if "unknown" in where:  # not known is not "offline": the owner is told to find out
        return "weak", [Reason("buyers_unknown", ("buyers_where",))]
    return "weak", [Reason("buyers_offline", ("buyers_where",))]


def assess_fit(a: Mapping[str, Any]) -> Fit:
    if a.get("sector") == "online_shop":
        return Fit("mandatory", "all", (Reason("online_seller", ("sector",)),))
    private = a.get("private_share", 100)
    if private >= 80:
        level, reasons = private_part(a)
        return Fit(_level(level), "all" if level != "weak" else "none", tuple(reasons))
    b2b, b2b_reasons = business_part(a)
    if private < 20:
        if b2b == "business_networks":
            return Fit("partial", "business_networks", tuple(b2b_reasons))
        return Fit("weak", "none", tuple(b2b_reasons))
    level, reasons = private_part(a)
    reasons += b2b_reasons
    private_fits = level != "weak"
    if private_fits and b2b == "business_networks":
        return Fit(_level(level), "all", tuple(reasons))
    if private_fits:
        return Fit("partial", "private_only", tuple(reasons))
    if b2b == "business_networks":
        return Fit("partial", "business_networks", tuple(reasons))
    return Fit("weak", "none", tuple(reasons))


def _level(private_level: str) -> str:
    return {"strong": "strong", "good": "strong", "moderate": "partial", "weak": "weak"}[private_level]


def observations(a: Mapping[str, Any]) -> list[Reason]:
    """Facts about the firm's starting point that shape the advice, whatever the headline."""
    found = []
    if a.get("sector") != "online_shop":
        if a.get("sells_online") == "no":
            found.append(Reason("meta_products", ("sells_online",)))
        elif a.get("sells_online") == "enquiry":  # they ask for a quote rather than come by
            found.append(Reason("meta_enquiries", ("sells_online",)))
        elif a.get("sells_online") == "booking":
            found.append(Reason("booking_link", ("sells_online",)))
    if a.get("website") == "none":
        found.append(Reason("no_website", ("website",)))
    if a.get("listening") == "never":
        found.append(Reason("not_listening", ("listening",)))
    return found
