"""The verdict as data: language-neutral codes and figures, stored as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Raise when a rule changes: a stored verdict says which rules produced it.
ADVISOR_VERSION = "1.0"

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
    hours_per_week: float
    hourly_cost: float
    hourly_cost_assumed: bool
    tools_per_month: float
    time_per_month: float
    total_per_month: float
    hours_now: float | None
    customer_value: float | None
    conversion: float
    conversion_assumed: bool
    customers_to_break_even: float | None
    leads_to_break_even: float | None
    invested_by_month_nine: float


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
        return asdict(self)

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
            costs=Costs(**data["costs"]),
            kpis=tuple(Kpi(**k) for k in data["kpis"]),
            checkins=data["checkins"],
        )
