"""The verdict as data: language-neutral codes and figures, stored as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

# Raise when a rule changes: a stored verdict says which rules produced it.
# 1.1: exact amounts (decimal strings), break-even from unrounded values, share of revenue.
# 1.2: the headline governs the outcome (no plan, costs or KPIs when not worth it now), "why" apart
#      from what is also noted, a follow-up per headline, a reason per network, ideas that fit the plan.
# 1.4: partly passed tests weigh in the headline (docs/method.md §3); hours spent without results are what to
#      change first, never a reason; a "not now" names no test; enquiries from the whole customers shown.
ADVISOR_VERSION = "1.4"


def _json_ready(items: list[tuple[str, Any]]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in items}

HEADLINES = ("go", "not_ready", "partial", "not_now", "mandatory")


@dataclass(frozen=True)
class Reason:
    """One finding, the answers (question ids) that caused it, and its figures."""

    code: str
    answers: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fit:
    level: str  # strong | partial | weak | mandatory
    scope: str  # all | private_only | business_networks | none
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class TestResult:
    test: str  # goal | horizon | effort
    outcome: str  # passed | partial | failed
    findings: tuple[Reason, ...]  # what stands in the way, each with what to do


@dataclass(frozen=True)
class FactorIdeas:
    factor: str
    ideas: tuple[str, ...]


@dataclass(frozen=True)
class NetworkChoice:
    network: str
    reason: str


@dataclass(frozen=True)
class PlanSlot:
    day: int | None  # 0 = Monday; None = spread through the week
    slot: str  # morning | midday | evening | weekend
    content: str
    network: str
    minutes: int


@dataclass(frozen=True)
class Plan:
    objective: str
    objective_note: str | None
    goal: str
    factors: tuple[FactorIdeas, ...]
    networks: tuple[NetworkChoice, ...]
    skipped: tuple[NetworkChoice, ...]
    week: tuple[PlanSlot, ...]
    minutes_per_week: int


@dataclass(frozen=True)
class Costs:
    """What the plan costs a month, exact in the verdict's currency (rounded only when shown), and what pays for it."""

    hours_per_week: Decimal
    hourly_cost: Decimal
    hourly_cost_assumed: bool
    tools_per_month: Decimal  # cash: tools and ads
    time_per_month: Decimal  # the owner's own time, at their hourly cost
    total_per_month: Decimal
    hours_now: Decimal | None
    customer_value: Decimal | None  # the margin a new customer brings in the first year
    conversion: Decimal  # per cent of enquiries that become customers
    conversion_assumed: bool
    customers_to_break_even: Decimal | None  # new customers a month whose margin covers the total, exact
    leads_to_break_even: Decimal | None
    invested_by_month_nine: Decimal
    annual_revenue: Decimal | None = None
    share_of_revenue: Decimal | None = None  # a year of the plan over the annual revenue
    hours_offered: Decimal | None = None  # the hours the owner offered, when the plan counts fewer

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Costs:
        """Costs as stored: amounts as decimal strings (verdicts of rules 1.0 stored floats)."""
        amounts = {name for name, kind in cls.__annotations__.items() if "Decimal" in kind}
        fields: dict[str, Any] = {key: Decimal(str(value)) if key in amounts and value is not None else value
                                  for key, value in data.items()}
        return cls(**fields)


@dataclass(frozen=True)
class Kpi:
    code: str
    family: str  # quantity | visibility | influence | engagement | conversion | sales
    target: float | None  # None: no target can be set from the answers (e.g. no customer value)
    per: str  # month | week | post | half_year


# What follows a verdict, by kind: recurring KPI check-ins (at the owner's rhythm), one check of the
# readiness fixes a few weeks out, or one offer to look again months later.
FOLLOW_UPS = ("checkins", "readiness", "reassess")


@dataclass(frozen=True)
class FollowUp:
    kind: str  # one of FOLLOW_UPS
    rhythm: str = "no"  # for check-ins: weekly | biweekly | monthly | no
    after_weeks: int | None = None  # for a readiness check or a new look: when
    because: tuple[Reason, ...] = ()  # for a new look: what would change the answer


@dataclass(frozen=True)
class Verdict:
    version: str
    headline: str
    reasons: tuple[Reason, ...]  # why: what decided the headline, and nothing else
    notes: tuple[Reason, ...]  # also noted: the starting point, shaping the advice
    fit: Fit
    tests: tuple[TestResult, ...]  # none when not worth it now: there is nothing to be ready for
    plan: Plan | None  # None when not worth it now
    costs: Costs | None  # the plan's costs; None without a plan
    kpis: tuple[Kpi, ...]
    instead: tuple[Reason, ...]  # what to do instead of social media (not worth it now)
    follow_up: FollowUp
    currency: str = "EUR"  # of every amount in it: that of the answers it was decided from
    change_first: tuple[Reason, ...] = ()  # hours spent today without results: what to change before anything
    to_fix_first: tuple[Reason, ...] = ()  # the tests' points to fix before anything is spent, when they hold back

    @property
    def once_ready(self) -> bool:
        """The plan waits for the readiness fixes."""
        return self.headline == "not_ready"

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data; exact amounts become decimal strings."""
        return asdict(self, dict_factory=_json_ready)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        """Rebuild a stored verdict (as written by `to_dict`, by these rules or earlier ones).

        Verdicts of rules before 1.2 kept everything for every headline; read now,
        a "not now" one loses the plan, costs, KPIs and check-ins it should not have had.
        Before 1.4 only a failed test held an owner back: its points are the ones to fix first.
        """
        def reasons(items: list[dict[str, Any]]) -> tuple[Reason, ...]:
            return tuple(Reason(item["code"], tuple(item["answers"]), item["params"]) for item in items)

        headline, plan = data["headline"], data["plan"]
        worth_it = headline != "not_now"
        follow_up = data.get("follow_up") or {"kind": "checkins" if worth_it else "reassess",
                                              "rhythm": data.get("checkins", "no") if worth_it else "no"}
        return cls(
            version=data["version"], headline=headline, reasons=reasons(data["reasons"]),
            notes=reasons(data.get("notes", [])),
            fit=Fit(data["fit"]["level"], data["fit"]["scope"], reasons(data["fit"]["reasons"])),
            tests=tuple(TestResult(t["test"], t["outcome"], reasons(t["findings"]))
                        for t in data["tests"]) if worth_it else (),
            plan=Plan(
                objective=plan["objective"], objective_note=plan["objective_note"], goal=plan["goal"],
                factors=tuple(FactorIdeas(f["factor"], tuple(f["ideas"])) for f in plan["factors"]),
                networks=tuple(NetworkChoice(**n) for n in plan["networks"]),
                skipped=tuple(NetworkChoice(**n) for n in plan["skipped"]),
                week=tuple(PlanSlot(**s) for s in plan["week"]),
                minutes_per_week=plan["minutes_per_week"]) if plan and worth_it else None,
            costs=Costs.from_dict(data["costs"]) if data["costs"] and worth_it else None,
            kpis=tuple(Kpi(**k) for k in data["kpis"]) if worth_it else (),
            instead=reasons(data.get("instead", [])),
            follow_up=FollowUp(follow_up["kind"], follow_up.get("rhythm", "no"), follow_up.get("after_weeks"),
                               reasons(follow_up.get("because", []))),
            currency=data.get("currency", "EUR"),
            change_first=reasons(data.get("change_first", [])),
            to_fix_first=reasons(_to_fix_first(data)) if worth_it else (),
        )


def _to_fix_first(data: dict[str, Any]) -> list[dict[str, Any]]:
    if "to_fix_first" in data:
        return list(data["to_fix_first"])
    return [finding for test in data["tests"] if test["outcome"] == "failed" for finding in test["findings"]]
