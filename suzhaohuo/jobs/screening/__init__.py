"""Posting screening engine (issue #3): discrimination, fees, scams, contacts, minimum wage, missing fields.

Pure Python, no database. Usage::

    from suzhaohuo.jobs.screening import screen, ScreeningInput
    result = screen(ScreeningInput(title="招聘搬运工", description="限男性，需交押金200元"))
    result.max_severity          # "block"
    [f.as_dict() for f in result.findings]

Rules are data: suzhaohuo/jobs/data/screening_rules.json (versioned, each rule names its legal
source); minimum wages: suzhaohuo/jobs/data/min_wage.json. ``duplicate`` findings need the database
and are produced by the jobs services with :func:`near_duplicate_score`.
"""

from __future__ import annotations

from .dedupe import near_duplicate_score
from .engine import screen
from .minwage import MinWage, min_wage_for
from .normalize import normalize
from .rules import ruleset
from .types import CATEGORIES, SEVERITY_ORDER, Finding, ScreeningInput, ScreeningResult


def __getattr__(name: str):
    if name == "RULES_VERSION":
        return ruleset().version
    raise AttributeError(name)


__all__ = ["CATEGORIES", "RULES_VERSION", "SEVERITY_ORDER", "Finding", "MinWage", "ScreeningInput",
           "ScreeningResult", "min_wage_for", "near_duplicate_score", "normalize", "screen"]
