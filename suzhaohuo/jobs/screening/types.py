"""Public data types of the screening engine (no Django, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NotRequired, TypedDict


class Severity(StrEnum):
    """How bad a finding is (the values are what stored findings carry)."""

    WARN = "warn"  # shown to the poster, published anyway
    REVIEW = "review"  # a person checks it before it is published
    BLOCK = "block"  # not published until changed


# Severity rank: higher is worse. Iteration order is mildest first.
SEVERITY_ORDER: dict[Severity, int] = {Severity.WARN: 1, Severity.REVIEW: 2, Severity.BLOCK: 3}

CATEGORIES = ("gender", "marriage_pregnancy", "ethnicity", "religion", "hukou_region", "health", "disability",
              "age", "fee", "scam", "below_min_wage", "contact_in_text", "missing_field", "duplicate")

TEXT_FIELDS = ("title", "description", "requirements", "benefits")


@dataclass
class ScreeningInput:
    title: str = ""
    description: str = ""
    requirements: str = ""
    benefits: str = ""
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_unit: str | None = None  # "hour" | "day" | "piece" | "month" | "job"
    pay_negotiable: bool = False
    daily_hours: Decimal | None = None
    township_code: str | None = None  # 9-digit NBS code; county = first 6 digits
    on_date: date | None = None  # which minimum-wage table applies (default today)
    check_missing: bool = False  # also emit missing_field findings for the mandatory contents
    headcount: int | None = None
    address: str = ""
    valid_until: object | None = None
    employer_name: str = ""


class StoredFinding(TypedDict):
    """A finding as it travels after the engine: stored on a posting (``Job.screening_findings``, JSON),
    shown on pages, returned by the API. ``Finding.as_dict()`` makes one; the key order is the stored one."""

    category: str
    severity: Severity  # read back from JSON it is the plain value, which equals the member (StrEnum)
    field: str
    span: list[int]  # [start, end)
    text: str
    message: str
    rule_id: str
    legal_source: str
    duplicate_of: NotRequired[int]  # duplicate findings only: the open posting this one repeats
    score: NotRequired[float]  # duplicate findings only: the similarity


@dataclass(frozen=True)
class Finding:
    category: str
    severity: Severity
    field: str  # title / description / requirements / benefits / pay / headcount / ...
    span: tuple[int, int]  # [start, end) in the ORIGINAL text of that field
    text: str  # the matched original substring
    message: str  # plain Chinese, says what to change
    rule_id: str
    legal_source: str

    def as_dict(self) -> StoredFinding:
        return {"category": self.category, "severity": self.severity, "field": self.field,
                "span": [self.span[0], self.span[1]], "text": self.text, "message": self.message,
                "rule_id": self.rule_id, "legal_source": self.legal_source}


@dataclass
class ScreeningResult:
    findings: list[Finding] = field(default_factory=list)
    rules_version: str = ""

    @property
    def max_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER.get(s, 0))

    def by_field(self, field: str) -> list[Finding]:
        return [f for f in self.findings if f.field == field]

    def categories(self) -> set[str]:
        return {f.category for f in self.findings}

    def as_list(self) -> list[StoredFinding]:
        return [f.as_dict() for f in self.findings]
