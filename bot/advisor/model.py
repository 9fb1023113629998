"""The verdict as data: language-neutral codes and figures, stored as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

# Raise when a rule changes: a stored verdict says which rules produced it.
# 1.1: exact amounts (decimal strings), break-even from unrounded values, share of revenue.
ADVISOR_VERSION = "1.1"


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
    """What the plan costs, in exact euros a month (rounded only when shown), and what pays for it."""

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
    target: float
    per: str  # month | week | post | half_year


@dataclass(frozen=True)
class Verdict:
    version: str
    headline: str
    reasons: tuple[Reason, ...]
    fit: Fit
    tests: tuple[TestResult, ...]
    plan: Plan
    costs: Costs
    kpis: tuple[Kpi, ...]
    checkins: str

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data; exact amounts become decimal strings."""
        return asdict(self, dict_factory=_json_ready)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        """Rebuild a stored verdict (as written by `to_dict`)."""
        def reasons(items: list[dict[str, Any]]) -> tuple[Reason, ...]:
            return tuple(Reason(item["code"], tuple(item["answers"]), item["params"]) for item in items)

        plan = data["plan"]
        return cls(
            version=data["version"], headline=data["headline"], reasons=reasons(data["reasons"]),
            fit=Fit(data["fit"]["level"], data["fit"]["scope"], reasons(data["fit"]["reasons"])),
            tests=tuple(TestResult(t["test"], t["outcome"], reasons(t["findings"])) for t in data["tests"]),
            plan=Plan(
                objective=plan["objective"], objective_note=plan["objective_note"], goal=plan["goal"],
                factors=tuple(FactorIdeas(f["factor"], tuple(f["ideas"])) for f in plan["factors"]),
                networks=tuple(NetworkChoice(**n) for n in plan["networks"]),
                skipped=tuple(NetworkChoice(**n) for n in plan["skipped"]),
                week=tuple(PlanSlot(**s) for s in plan["week"]),
                minutes_per_week=plan["minutes_per_week"]),
            costs=Costs.from_dict(data["costs"]),
            kpis=tuple(Kpi(**k) for k in data["kpis"]),
            checkins=data["checkins"],
        )
