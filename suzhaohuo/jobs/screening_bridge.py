"""The one place jobs code talks to the screening rule engine (suzhaohuo.jobs.screening).

Findings travel and are stored on the job as ``StoredFinding`` (``Finding.as_dict()``, JSON):
    {"category", "severity", "field", "span": [start, end], "text", "message", "rule_id", "legal_source"}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from suzhaohuo.jobs.screening import RULES_VERSION, ScreeningInput, near_duplicate_score, screen
from suzhaohuo.jobs.screening.types import SEVERITY_ORDER, Finding, Severity, StoredFinding

SCREENED_FIELDS = ("title", "description", "requirements", "benefits")

# What screening a posting's fields gives: (findings, rules version).
Screened = tuple[list[StoredFinding], str]

__all__ = ["RULES_VERSION", "SEVERITY_ORDER", "Screened", "Severity", "StoredFinding", "near_duplicate_score", "screen_fields", "max_severity",
           "findings_by_field", "is_blocking"]


def category_label(category: str) -> str:
    from django.utils.translation import gettext as _

    labels = {"gender": _("性别歧视"), "marriage_pregnancy": _("婚育歧视"), "ethnicity": _("民族歧视"),
              "religion": _("宗教歧视"), "hukou_region": _("户籍地域歧视"), "health": _("健康歧视"),
              "disability": _("残疾限制"), "age": _("年龄限制"), "fee": _("收取费用"), "scam": _("疑似诈骗"),
              "below_min_wage": _("低于最低工资"), "contact_in_text": _("站外联系方式"), "missing_field": _("信息不全"),
              "duplicate": _("重复发布")}
    return str(labels.get(category, category))


def finding_dict(*, category: str, severity: Severity, field: str, span: tuple[int, int], text: str, message: str,
                 rule_id: str, legal_source: str = "", duplicate_of: int | None = None,
                 score: float | None = None) -> StoredFinding:
    out: StoredFinding = {"category": category, "severity": severity, "field": field, "span": [span[0], span[1]],
                          "text": text, "message": str(message), "rule_id": rule_id, "legal_source": legal_source}
    if duplicate_of is not None:
        out["duplicate_of"] = duplicate_of
    if score is not None:
        out["score"] = score
    return out


def _as_dict(finding: Finding) -> StoredFinding:
    d = finding.as_dict()
    d["message"] = str(d["message"])
    return d


def screen_fields(*, title: str = "", description: str = "", requirements: str = "", benefits: str = "",
                  pay_min: Any = None, pay_max: Any = None, pay_unit: str = "", pay_negotiable: bool = False,
                  daily_hours: Any = None, township_code: str = "", headcount: int | None = None, address: str = "",
                  valid_until: Any = None, employer_name: str = "", check_missing: bool = False,
                  on_date: Any = None) -> Screened:
    """Screen a posting's fields. Returns (findings as dicts, rules version)."""
    data = ScreeningInput(title=title or "", description=description or "", requirements=requirements or "",
                          benefits=benefits or "", pay_min=pay_min, pay_max=pay_max, pay_unit=pay_unit or "",
                          pay_negotiable=bool(pay_negotiable), daily_hours=daily_hours,
                          township_code=township_code or "", on_date=on_date, check_missing=check_missing,
                          headcount=headcount, address=address or "", valid_until=valid_until,
                          employer_name=employer_name or "")
    result = screen(data)
    return [_as_dict(f) for f in result.findings], str(getattr(result, "rules_version", RULES_VERSION))


def max_severity(findings: Iterable[StoredFinding]) -> Severity | None:
    best: Severity | None = None
    for f in findings:
        severity = f.get("severity")
        if severity is not None and (best is None or SEVERITY_ORDER.get(severity, 0) > SEVERITY_ORDER.get(best, 0)):
            best = severity
    return best


def is_blocking(finding: StoredFinding) -> bool:
    return finding.get("severity") == Severity.BLOCK


def findings_by_field(findings: Iterable[StoredFinding]) -> dict[str, list[StoredFinding]]:
    out: dict[str, list[StoredFinding]] = {}
    for f in findings:
        out.setdefault(f.get("field") or "description", []).append(f)
    return out
