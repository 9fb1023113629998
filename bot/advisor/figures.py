"""The figures of check-ins: the period each covers, and paces and rates that leave a skipped figure out.

A flow (enquiries, hours, revenue) is what came in during the period a check-in covers: from the
check-in before it, whatever plan that one measured, to this one (the very first: from the verdict).
Periods count the owner's calendar days, so a weekly check-in answered a few minutes earlier than last
week still covers seven days. A level (followers) is a count that stands: each network grows from its
own last count. A skipped figure is missing, never zero: a pace is not told without it, and a rate over
several check-ins leaves it out together with the days it would have covered (docs/method.md §9).
Everything here is exact (`Fraction`); only what is shown is rounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

DAYS_PER_MONTH = Fraction(36525, 1200)  # a year of 365.25 days over twelve
DAYS_PER = {"month": DAYS_PER_MONTH, "week": Fraction(7), "half_year": DAYS_PER_MONTH * 6}
MIN_DAYS = 7  # below a week, a pace would be projected from noise
# A share (returning customers) is a rough guess that moves slowly: its change is projected to six
# months only once three months lie between the first share given and this one.
MIN_SHARE_DAYS = 91
NETWORKS = (1, 2)  # a check-in asks about the plan's first two networks
# What each kind of network is asked (dialogs/checkin.yaml): a Google profile has views, calls and
# route requests; the others followers, reactions and messages.
ACTIVITY = ("interactions", "messages", "calls", "routes")  # what people did on a network: the work it does


def exact(value: Any) -> Fraction:
    """A stored figure as an exact number (a float is read through its shortest repr: 0.1 stays 0.1)."""
    return Fraction(Decimal(str(value)))


@dataclass(frozen=True)
class Checkin:
    """One finished check-in: when (in the owner's zone), the figures given (None where skipped, absent
    where not asked), and when the check-in before it was, whatever plan it measured."""

    at: datetime
    answers: Mapping[str, Any]
    since: datetime | None = None

    def complete(self, *keys: str) -> Fraction | None:
        """The sum of the figures asked among `keys`; None when none was asked or any of them was skipped
        (a part would read as if the skipped one were zero)."""
        asked = [key for key in keys if key in self.answers]
        if not asked or any(self.answers[key] is None for key in asked):
            return None
        return sum((exact(self.answers[key]) for key in asked), Fraction(0))

    def network(self, index: int) -> str | None:
        return self.answers.get(f"network_{index}")

    def activity(self, index: int) -> Fraction | None:
        """What people did on network `index` in the period (reactions and messages, or calls and routes)."""
        return self.complete(*(f"{kind}_{index}" for kind in ACTIVITY))


def period_days(checkins: Sequence[Checkin], start: datetime) -> list[int]:
    """The owner's calendar days each check-in covers: from the check-in before it (its `since`, or the one
    before it in the list), the first from `start`."""
    days, previous = [], start
    for checkin in checkins:
        begun = checkin.since or previous
        days.append((checkin.at.date() - begun.date()).days)
        previous = checkin.at
    return days


def flow_paces(checkins: Sequence[Checkin], start: datetime, keys: Sequence[str], per: str
               ) -> list[Fraction | None]:
    """The pace of a flow at each check-in, per `per`: what came in over the days its period covers."""
    return [None if (value := checkin.complete(*keys)) is None or days < MIN_DAYS else value * DAYS_PER[per] / days
            for checkin, days in zip(checkins, period_days(checkins, start), strict=True)]


def level_paces(checkins: Sequence[Checkin], kind: str, per: str) -> list[Fraction | None]:
    """The growth of a count (followers) at each check-in, per `per`: each network's from its own last count,
    over its own days, added up; None when a network asked now was skipped or has no count a week before."""
    last: dict[str, tuple[datetime, Fraction]] = {}
    paces: list[Fraction | None] = []
    for checkin in checkins:
        counts = {checkin.network(index) or str(index): checkin.answers[f"{kind}_{index}"]
                  for index in NETWORKS if f"{kind}_{index}" in checkin.answers}
        growth: list[Fraction] = []
        for network, count in counts.items():
            earlier = last.get(network)
            days = (checkin.at.date() - earlier[0].date()).days if earlier else 0
            if count is not None and earlier is not None and days >= MIN_DAYS:
                growth.append((exact(count) - earlier[1]) * DAYS_PER[per] / days)
        paces.append(sum(growth, Fraction(0)) if counts and len(growth) == len(counts) else None)
        last |= {network: (checkin.at, exact(count)) for network, count in counts.items() if count is not None}
    return paces


def share_paces(checkins: Sequence[Checkin], key: str, per: str) -> list[Fraction | None]:
    """A share's change since the first one given, per `per`, once `MIN_SHARE_DAYS` lie between the two."""
    first: tuple[datetime, Fraction] | None = None
    paces: list[Fraction | None] = []
    for checkin in checkins:
        share = checkin.complete(key)
        days = (checkin.at.date() - first[0].date()).days if first else 0
        paces.append(None if share is None or first is None or days < MIN_SHARE_DAYS
                     else (share - first[1]) * DAYS_PER[per] / days)
        if share is not None and first is None:
            first = (checkin.at, share)
    return paces


@dataclass(frozen=True)
class Rate:
    """A flow over the check-ins that gave it: the sum given, and the days those check-ins cover."""

    total: Fraction
    days: int

    def per_month(self) -> Fraction | None:
        return None if self.days < MIN_DAYS else self.total * DAYS_PER_MONTH / self.days


def rate(checkins: Sequence[Checkin], start: datetime, *keys: str) -> Rate | None:
    """The flow of `keys` over the check-ins where it was given; None where it never was."""
    given = [(value, days) for checkin, days in zip(checkins, period_days(checkins, start), strict=True)
             if (value := checkin.complete(*keys)) is not None]
    if not given:
        return None
    return Rate(sum((value for value, _days in given), Fraction(0)), sum(days for _value, days in given))


def filled(checkins: Sequence[Checkin], start: datetime, key: str) -> tuple[Fraction, bool] | None:
    """A flow's total over every check-in, a skipped period counted at the pace of the periods given (and
    said so: True); None when a period was skipped and no pace is known to stand in for it."""
    days = period_days(checkins, start)
    known = rate(checkins, start, key)
    total, estimated = Fraction(0), False
    for checkin, covered in zip(checkins, days, strict=True):
        value = checkin.complete(key)
        if value is None and key in checkin.answers:
            if known is None or known.days == 0:
                return None
            value, estimated = known.total * covered / known.days, True
        total += value or 0
    return total, estimated


MIN_MEASURED_LEADS = 10  # below ten enquiries, each customer more or less moves a conversion by ten points or more


def conversion(checkins: Sequence[Checkin]) -> tuple[Fraction, Fraction] | None:
    """The new customers and enquiries of the check-ins that gave both, once at least `MIN_MEASURED_LEADS`
    enquiries came: the owner's own conversion, which then replaces the assumed one."""
    both = [(customers, leads) for checkin in checkins
            if (customers := checkin.complete("customers")) is not None
            and (leads := checkin.complete("leads")) is not None]
    customers, leads = sum((c for c, _l in both), Fraction(0)), sum((lead for _c, lead in both), Fraction(0))
    return (customers, leads) if leads >= MIN_MEASURED_LEADS else None


def shares_of_work(checkins: Sequence[Checkin], start: datetime, networks: Sequence[str], within: int
                   ) -> tuple[dict[str, Fraction], int]:
    """What people did on each of the plan's two `networks` over the check-ins of the last `within` days that
    gave both networks' figures, and the days those cover: the evidence for concentrating on one, as it
    stands now (what a network did months ago says little about it today)."""
    done: dict[str, Fraction] = {}
    span = 0
    for checkin, days in zip(checkins, period_days(checkins, start), strict=True):
        if (checkins[-1].at.date() - checkin.at.date()).days >= within:
            continue
        first, second = checkin.activity(1), checkin.activity(2)
        if first is None or second is None or _kinds(checkin, 1) != _kinds(checkin, 2):
            continue  # a figure skipped, or a Google profile's calls against another network's likes
        for index, value in zip(NETWORKS, (first, second), strict=True):
            name = checkin.network(index) or networks[index - 1]
            done[name] = done.get(name, Fraction(0)) + value
        span += days
    return done, span


def _kinds(checkin: Checkin, index: int) -> set[str]:
    return {kind for kind in ACTIVITY if f"{kind}_{index}" in checkin.answers}


def skipped_anywhere(checkins: Sequence[Checkin], keys: Sequence[str]) -> bool:
    return any(key in checkin.answers and checkin.answers[key] is None for checkin in checkins for key in keys)


def as_mapping(paces: Mapping[str, list[Fraction | None]]) -> dict[str, list[float | None]]:
    """Paces to one decimal, as they are told and drawn; codes never told left out."""
    return {code: [None if value is None else round(float(value), 1) for value in values]
            for code, values in paces.items() if any(value is not None for value in values)}
