"""Load and compile the versioned rule file (suzhaohuo/jobs/data/screening_rules.json) once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .types import Severity

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "screening_rules.json"
_TERM = re.compile(r"<<(\w+)>>")


@dataclass
class Negation:
    before: re.Pattern  # a negation word that ends right before the hit (after connectors)
    after: re.Pattern | None  # a negation that starts right after the hit (after connectors)
    clause_after: re.Pattern | None  # anywhere later in the clause (骗子/举报 …)


@dataclass
class Rule:
    id: str
    category: str
    severity: Severity
    message: str
    legal_source: str
    pattern: re.Pattern | None  # all patterns joined (pattern rules)
    patterns: list[re.Pattern] = field(default_factory=list)  # one by one (age rules use named groups)
    exceptions: re.Pattern | None = None
    negation: Negation | None = None
    boundary: str | None = None
    downgrade: dict | None = None
    kind: str = "pattern"
    context_before: re.Pattern | None = None
    context_after: re.Pattern | None = None
    params: dict = field(default_factory=dict)
    child_rule: str | None = None


@dataclass
class RuleSet:
    version: str
    rules: list[Rule]
    by_id: dict[str, Rule]
    contexts: dict[str, re.Pattern]


def _expand(pattern: str, terms: dict[str, str]) -> str:
    for _ in range(3):  # terms may reference terms
        new = _TERM.sub(lambda m: terms[m.group(1)], pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def compile_rules(doc: dict) -> RuleSet:
    terms = doc.get("terms", {})
    negs: dict[str, Negation] = {}
    for name, n in doc.get("negations", {}).items():
        conn = _expand(n.get("connectors", ""), terms)
        aconn = _expand(n.get("after_connectors", ""), terms)
        negs[name] = Negation(
            before=re.compile("(?:" + _expand(n["before"], terms) + ")" + conn + r"\Z"),
            after=re.compile(aconn + "(?:" + _expand(n["after"], terms) + ")") if n.get("after") else None,
            clause_after=re.compile(_expand(n["clause_after"], terms)) if n.get("clause_after") else None,
        )
    rules: list[Rule] = []
    for r in doc["rules"]:
        pats = [_expand(p, terms) for p in r["patterns"]]
        kind = r.get("kind", "pattern")
        rule = Rule(
            id=r["id"], category=r["category"], severity=Severity(r["severity"]), message=r["message"],
            legal_source=r["legal_source"],
            pattern=re.compile("|".join(f"(?:{p})" for p in pats)) if kind == "pattern" and pats else None,
            patterns=[re.compile(p) for p in pats] if kind != "pattern" else [],
            exceptions=re.compile("|".join(_expand(e, terms) for e in r["exceptions"])) if r.get("exceptions") else None,
            negation=negs[r["negation"]] if r.get("negation") else None,
            boundary=r.get("boundary"),
            downgrade={**r["downgrade"], "severity": Severity(r["downgrade"]["severity"])} if r.get("downgrade") else None,
            kind=kind,
            context_before=re.compile(_expand(r["context_before"], terms)) if r.get("context_before") else None,
            context_after=re.compile(_expand(r["context_after"], terms)) if r.get("context_after") else None,
            params=r.get("params", {}),
            child_rule=r.get("child_rule"),
        )
        rules.append(rule)
    contexts = {k: re.compile(_expand(v, terms)) for k, v in doc.get("contexts", {}).items()}
    return RuleSet(version=str(doc["version"]), rules=rules, by_id={r.id: r for r in rules}, contexts=contexts)


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    with RULES_PATH.open(encoding="utf-8") as fh:
        return compile_rules(json.load(fh))
