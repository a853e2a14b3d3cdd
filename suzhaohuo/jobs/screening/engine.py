"""The screening engine: apply the compiled rule set to a ScreeningInput.

Pure Python: no Django, no database. Everything is compiled once (lazily, on first use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from . import minwage
from .normalize import CLAUSE_SEPARATORS, Normalized, normalize
from .rules import Rule, RuleSet, ruleset
from .types import SEVERITY_ORDER, TEXT_FIELDS, Finding, ScreeningInput, ScreeningResult, Severity

_SEPARATORS = CLAUSE_SEPARATORS | {"。"}
_NEG_VERB_BEFORE = re.compile(r"(?:不招收?|不要|不收|禁止|严禁|谢绝|拒绝|不得|不予|不能|不接受|不录用)[^,。;!?:\n]{0,3}\Z")
_jieba = None


def _boundaries(text: str) -> set[int]:
    global _jieba
    if _jieba is None:
        import rjieba

        _jieba = rjieba
    out = {0}
    pos = 0
    for tok in _jieba.cut(text):
        pos += len(tok)
        out.add(pos)
    return out


class _Field:
    """One text field: its normalised form and lazily computed helpers."""

    __slots__ = ("name", "norm", "_bounds")

    def __init__(self, name: str, original: str) -> None:
        self.name = name
        self.norm: Normalized = normalize(original)
        self._bounds: set[int] | None = None

    @property
    def text(self) -> str:
        return self.norm.text

    def bounds(self) -> set[int]:
        if self._bounds is None:
            self._bounds = _boundaries(self.norm.text)
        return self._bounds

    def ends_word(self, a: int, b: int) -> bool:
        """True when the hit ends on a word boundary, or the word covering its last character starts
        inside the hit (招女服务员: 招 / 女服务员). 招女装 (招 / 女装) is left to the rule's exceptions."""
        bounds = self.bounds()
        if b in bounds:
            return True
        start = max(x for x in bounds if x <= b - 1)
        return start > a

    def clause(self, a: int, b: int) -> tuple[int, int]:
        t = self.norm.text
        s = a
        while s > 0 and t[s - 1] not in _SEPARATORS:
            s -= 1
        e = b
        while e < len(t) and t[e] not in _SEPARATORS:
            e += 1
        return s, e

    def finding(self, rule: Rule, a: int, b: int, *, severity: Severity | None = None, message: str | None = None,
                rule_id: str | None = None, legal_source: str | None = None) -> Finding:
        s, e = self.norm.span(a, b)
        return Finding(category=rule.category, severity=severity or rule.severity, field=self.name, span=(s, e),
                       text=self.norm.original[s:e], message=message or rule.message,
                       rule_id=rule_id or rule.id, legal_source=legal_source or rule.legal_source)


def _negated(rule: Rule, fld: _Field, a: int, b: int) -> bool:
    neg = rule.negation
    if neg is None:
        return False
    cs, ce = fld.clause(a, b)
    t = fld.text
    if neg.before.search(t[cs:a]):
        return True
    after = t[b:ce]
    if not after and ce < len(t) and t[ce] == ":":  # a label and its value: 押金：无, 性别：不限
        e = ce + 1
        while e < len(t) and t[e] not in _SEPARATORS:
            e += 1
        after = t[ce + 1:e]
    if neg.after is not None and neg.after.match(after):
        return True
    return bool(neg.clause_after is not None and neg.clause_after.search(after))


def _excepted(rule: Rule, fld: _Field, a: int, b: int, cache: dict) -> bool:
    if rule.exceptions is None:
        return False
    spans = cache.get(rule.id)
    if spans is None:
        spans = [m.span() for m in rule.exceptions.finditer(fld.text)]
        cache[rule.id] = spans
    return any(s < b and a < e for s, e in spans)


def _matches(pat: re.Pattern, text: str, scan: re.Pattern | None) -> Iterator[re.Match]:
    """The non-empty matches of ``pat.finditer(text)``, tried only where ``scan`` (a class of the characters a match
    of ``pat`` can start with) finds one: the C search skips the rest of the text instead of running the whole
    pattern at every position. A position no first character is at can only hold an empty match, which changes
    nothing that follows; if an empty match turns up, ``finditer`` itself takes over from there."""
    if scan is None:
        yield from (m for m in pat.finditer(text) if m.end() > m.start())
        return
    pos, n = 0, len(text)
    while pos < n:
        s = scan.search(text, pos)
        if s is None:
            return
        i = s.start()
        m = pat.match(text, i)
        if m is None:
            pos = i + 1
        elif m.end() == i:
            yield from (mm for mm in pat.finditer(text, i) if mm.end() > mm.start())
            return
        else:
            yield m
            pos = m.end()


def _pattern_findings(rs: RuleSet, rule: Rule, fld: _Field, context_text: str, cache: dict,
                      scan: re.Pattern | None = None) -> list[Finding]:
    out: list[Finding] = []
    if rule.pattern is None:  # a pattern rule listing no patterns matches nothing
        return out
    for m in _matches(rule.pattern, fld.text, scan):
        a, b = m.span()
        if rule.boundary == "end" and not fld.ends_word(a, b):
            continue
        if _excepted(rule, fld, a, b, cache) or _negated(rule, fld, a, b):
            continue
        dg = rule.downgrade
        if dg and rs.contexts[dg["context"]].search(context_text):
            out.append(fld.finding(rule, a, b, severity=dg["severity"], message=dg["message"],
                                   rule_id=dg["rule_id"], legal_source=dg["legal_source"]))
        else:
            out.append(fld.finding(rule, a, b))
    return out


def _age_findings(rs: RuleSet, rule: Rule, fld: _Field, scans: dict[int, re.Pattern] | None = None) -> list[Finding]:
    t = fld.text
    cands: list[re.Match] = []
    for pat in rule.patterns:  # each pattern tried only where its first characters are (see ``_matches``)
        cands.extend(_matches(pat, t, scans.get(id(pat)) if scans else None))
    if not cands:
        return []
    cands.sort(key=lambda m: (m.start() - m.end(), m.start()))
    taken: list[tuple[int, int]] = []
    out: list[Finding] = []
    p = rule.params
    min_legal, free_lower, plausible = p.get("min_legal_age", 16), p.get("free_lower_bound", 18), p.get("max_plausible", 80)
    # an upper bound at or above the statutory retirement age excludes nobody of working age (18-60岁)
    retirement = p.get("retirement_age", plausible + 1)
    child = rs.by_id.get(rule.child_rule or "")
    for m in cands:
        a, b = m.span()
        if any(s < b and a < e for s, e in taken):
            continue
        taken.append((a, b))
        cs, ce = fld.clause(a, b)
        if rule.context_after and rule.context_after.search(t[b:ce]):
            continue
        if rule.context_before and rule.context_before.search(t[cs:a]):
            continue
        g = m.groupdict()
        if g.get("pref"):  # an approximate age preferred (60岁左右优先) shuts out both sides of it
            if int(g["pref"]) <= plausible:
                out.append(fld.finding(rule, a, b))
            continue
        lo = int(g["lo"]) if g.get("lo") else None
        hi = int(g["hi"]) if g.get("hi") else None
        if g.get("ex"):
            if (g.get("dir") or "") in ("以下", "以内", "及以下"):
                lo = int(g["ex"])
            else:
                hi = int(g["ex"])
        if _NEG_VERB_BEFORE.search(t[cs:a]):
            lo, hi = hi, lo
        if (lo is not None and lo > plausible) or (hi is not None and hi > plausible) or (
                lo is not None and hi is not None and lo > hi):
            continue
        if g.get("also"):  # 十七八岁的也要: people of that age are taken too, a limit only when they are children
            if child is not None and lo is not None and lo < min_legal:
                out.append(fld.finding(child, a, b))
            continue
        if child is not None and ((lo is not None and lo < min_legal) or (hi is not None and lo is None and hi <= min_legal)):
            out.append(fld.finding(child, a, b))
        elif (hi is not None and not (hi >= retirement and (lo is None or lo <= free_lower))) or (
                lo is not None and lo > free_lower):
            out.append(fld.finding(rule, a, b))
    return out


def _money(v) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _fmt(d: Decimal) -> str:
    q = d.quantize(Decimal("0.01"))
    return f"{q.normalize():f}"


SHORT_DAY_HOURS = Decimal(4)  # day pay below the hourly minimum × half a day is below it for any plausible day

_CLASS_NAMES = {"I": "一类", "II": "二类", "III": "三类"}


def _wage_message(rule: Rule, mw: minwage.MinWage, *, hourly: bool, converted: Decimal | None,
                  hours: Decimal | None = None) -> str:
    minimum = f"每小时{_fmt(mw.hourly)}元" if hourly else f"每月{_fmt(mw.monthly)}元"
    conv = (f"每小时{_fmt(converted)}元" if hourly else f"每月{_fmt(converted)}元") if converted is not None else ""
    return rule.message.format(class_name=_CLASS_NAMES.get(mw.wage_class, mw.wage_class), minimum=minimum,
                               converted=conv, hours=_fmt(hours) if hours is not None else "")


def _hours_from_text(rs: RuleSet, texts: list[str]) -> Decimal | None:
    rule = rs.by_id.get("min_wage.text")
    if rule is None:
        return None
    pat = rule.params.get("_hours_re")
    if pat is None:
        pat = rule.params["_hours_re"] = re.compile(rule.params["hours_pattern"])
    for t in texts:
        m = pat.search(t)
        if m:
            g = m.groupdict()
            # 半天活 / 干半天: half a working day
            h = Decimal(g["hours"]) if g.get("hours") else minwage.default_daily_hours() / 2
            if 0 < h <= 24:
                return h
    return None


def _daily_hours(rs: RuleSet, data: ScreeningInput, texts: list[str]) -> tuple[Decimal, bool]:
    """(hours, assumed): the poster's daily hours, else hours stated in the text, else the default."""
    given = _money(data.daily_hours)
    stated = _hours_from_text(rs, texts)
    found = [h for h in (given, stated) if h is not None and 0 < h <= 24]
    if found:
        return max(found), False  # the longer day the posting admits to is the one the pay must cover
    return minwage.default_daily_hours(), True


def _min_wage_structured(rs: RuleSet, data: ScreeningInput, mw: minwage.MinWage, texts: list[str]) -> list[Finding]:
    unit = data.pay_unit
    lo, hi = _money(data.pay_min), _money(data.pay_max)
    top = hi if hi is not None else lo
    bottom = lo if lo is not None else hi
    if unit not in ("hour", "day", "month") or top is None or bottom is None:  # None only when no pay was given
        return []
    assumed, hours = False, None
    if unit == "month":
        minimum, hourly, factor = mw.monthly, False, Decimal(1)
        part_hours, part_assumed = _daily_hours(rs, data, texts)
        if not part_assumed and part_hours < 8:
            # part-time monthly pay: the hourly minimum for the stated hours over 21.75 working days
            minimum = min(minimum, mw.hourly * part_hours * Decimal("21.75"))
    elif unit == "hour":
        minimum, hourly, factor = mw.hourly, True, Decimal(1)
    else:
        minimum, hourly = mw.hourly, True
        hours, assumed = _daily_hours(rs, data, texts)
        factor = Decimal(1) / hours
    if top * factor < minimum:
        rule = rs.by_id["min_wage.assumed_hours" if assumed else "min_wage.below"]
        if assumed and top < minimum * SHORT_DAY_HOURS and "min_wage.short_day" in rs.by_id:
            rule = rs.by_id["min_wage.short_day"]  # below the minimum even for half a day: a person checks
        amount = top
    elif bottom * factor < minimum and not assumed:
        rule = rs.by_id["min_wage.range_low"]
        amount = bottom
    else:
        return []
    msg = _wage_message(rule, mw, hourly=hourly, converted=amount * factor, hours=hours)
    return [Finding(category=rule.category, severity=rule.severity, field="pay", span=(0, 0), text="", message=msg,
                    rule_id=rule.id, legal_source=rule.legal_source)]


def _min_wage_text(rs: RuleSet, fld: _Field, data: ScreeningInput, mw: minwage.MinWage,
                   texts: list[str]) -> list[Finding]:
    rule = rs.by_id.get("min_wage.text")
    if rule is None or not rule.patterns:
        return []
    out: list[Finding] = []
    p = rule.params
    skip = p.get("_skip_re")
    if skip is None:
        skip = p["_skip_re"] = re.compile(p["skip_context"])
    t = fld.text
    taken: list[tuple[int, int]] = []
    for m in (m for pat in rule.patterns for m in pat.finditer(t)):
        a, b = m.span()
        if any(s < b and a < e for s, e in taken):
            continue
        taken.append((a, b))
        cs, ce = fld.clause(a, b)
        if skip.search(t[cs:ce]):
            continue
        g = {k: v for k, v in m.groupdict().items() if v}
        if not g:
            continue
        unit, raw = next(iter(g.items()))
        amount = Decimal(raw)
        if unit == "m":
            if amount < p.get("min_monthly_amount", 300) or amount >= mw.monthly:
                continue
            out.append(fld.finding(rule, a, b, message=_wage_message(rule, mw, hourly=False, converted=amount)))
            continue
        if unit == "d":
            hours, assumed = _daily_hours(rs, data, texts)
            hourly = amount / hours
        else:
            hours, assumed, hourly = None, False, amount
        if hourly <= 0 or hourly >= mw.hourly:
            continue
        if assumed:
            r2 = rs.by_id["min_wage.assumed_hours"]
            if amount < mw.hourly * SHORT_DAY_HOURS and "min_wage.short_day" in rs.by_id:
                r2 = rs.by_id["min_wage.short_day"]
            out.append(fld.finding(r2, a, b, message=_wage_message(r2, mw, hourly=True, converted=hourly, hours=hours)))
        else:
            out.append(fld.finding(rule, a, b, message=_wage_message(rule, mw, hourly=True, converted=hourly)))
    return out


def _missing(rs: RuleSet, data: ScreeningInput) -> list[Finding]:
    missing: list[str] = []
    if not (data.title or "").strip():
        missing.append("missing.title")
    if not (data.description or "").strip():
        missing.append("missing.description")
    if data.headcount is None or data.headcount <= 0:
        missing.append("missing.headcount")
    if not (data.township_code or "").strip():
        missing.append("missing.location")
    elif not (data.address or "").strip():
        missing.append("missing.address")
    has_pay = _money(data.pay_min) is not None or _money(data.pay_max) is not None
    if not has_pay:
        missing.append("missing.pay_negotiable" if data.pay_negotiable else "missing.pay")
    elif not data.pay_unit:
        missing.append("missing.pay_unit")
    if data.valid_until in (None, ""):
        missing.append("missing.valid_until")
    out = []
    for rid in missing:
        rule = rs.by_id[rid]
        out.append(Finding(category=rule.category, severity=rule.severity, field=rule.params["field"], span=(0, 0),
                           text="", message=rule.message, rule_id=rule.id, legal_source=rule.legal_source))
    return out


_FIELD_ORDER = {name: i for i, name in enumerate(TEXT_FIELDS + ("pay", "pay_unit", "headcount", "township_code",
                                                                  "address", "valid_until"))}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per overlapping (field, category) span: the most severe, then the widest."""
    ordered = sorted(findings, key=lambda f: (-SEVERITY_ORDER.get(f.severity, 0), f.span[0] - f.span[1]))
    kept: list[Finding] = []
    for f in ordered:
        clash = False
        for k in kept:
            if k.field == f.field and k.category == f.category:
                if f.span == (0, 0) and k.span == (0, 0) and k.rule_id != f.rule_id and f.category == "missing_field":
                    continue
                if k.span[0] < f.span[1] and f.span[0] < k.span[1] or f.span == k.span:
                    clash = True
                    break
        if not clash:
            kept.append(f)
    kept.sort(key=lambda f: (_FIELD_ORDER.get(f.field, 99), f.span[0], f.category))
    return kept


_UNSET = object()
_DIGIT = "\\d"  # in a set of first characters: any character \d matches (str.isdecimal: Unicode Nd)


class _Unbounded(Exception):
    """A pattern may start with almost any character (``.``, a negated class, ``\\w`` …): no pre-filter."""


def _first_chars(seq: list) -> tuple[set[str], bool]:
    """(the characters a non-empty match of this parsed sequence can start with, whether it can match empty).
    Zero-width items (look-arounds, anchors) add nothing: the first *consumed* character is what counts."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[str] = set()
    for op, av in seq:
        if op is c.LITERAL:
            first, empty = {chr(av)}, False
        elif op is c.IN:
            first, empty = set(), False
            for iop, iav in av:
                if iop is c.LITERAL:
                    first.add(chr(iav))
                elif iop is c.RANGE and iav[1] - iav[0] <= 40000:
                    first.update(chr(i) for i in range(iav[0], iav[1] + 1))
                elif iop is c.CATEGORY and iav is c.CATEGORY_DIGIT:
                    first.add(_DIGIT)
                else:
                    raise _Unbounded
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            first, empty = {_DIGIT}, False
        elif op is c.BRANCH:
            first, empty = set(), False
            for alt in av[1]:
                f, e = _first_chars(alt)
                first |= f
                empty = empty or e
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:  # inline flags (?i: …) change what a character matches
                raise _Unbounded
            first, empty = _first_chars(av[3])
        elif op is c.ATOMIC_GROUP:
            first, empty = _first_chars(av)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            first, empty = set(), True
        else:
            raise _Unbounded
        out |= first
        if not empty:
            return out, False
    return out, True


class Trigger:
    """The pre-filter of a rule set: every text-matching rule's compiled patterns (pattern, age and wage-in-text
    rules) indexed by the characters a match can start with. ``hit(text)`` is False only when no pattern has a
    non-empty match anywhere in ``text``: a non-empty match starting at ``i`` starts with one of its pattern's
    first characters, so that pattern is among those tried at ``i`` (``match(text, i)``: look-behinds still see
    the text before ``i``). Empty matches never make a finding. So skipping a field it rejects changes no
    finding; a field it accepts runs every rule as before, each pattern rule tried only where its first characters
    are (``scans``: one character class per pattern, the same argument; see ``_matches``)."""

    def __init__(self, patterns: list[re.Pattern]) -> None:
        from re import _parser  # type: ignore[attr-defined]

        index: dict[str, list[re.Pattern]] = {}
        # keyed by id(): hashing a compiled pattern hashes its whole code every time
        self.scans: dict[int, re.Pattern] = {}
        for pat in patterns:
            first, _empty = _first_chars(list(_parser.parse(pat.pattern)))
            if first:
                own = "".join(re.escape(ch) for ch in sorted(first - {_DIGIT})) + (_DIGIT if _DIGIT in first else "")
                self.scans[id(pat)] = re.compile(f"[{own}]")
            for ch in first:
                index.setdefault(ch, []).append(pat)
        self.digit = tuple(index.pop(_DIGIT, ()))  # patterns that may start with any decimal digit
        self.by_char = {ch: tuple(pats) for ch, pats in index.items()}
        for ch in self.by_char:
            if ch.isdecimal():
                self.by_char[ch] += tuple(p for p in self.digit if p not in self.by_char[ch])
        chars = "".join(re.escape(ch) for ch in sorted(index)) + (_DIGIT if self.digit else "")
        self.scan = re.compile(f"[{chars}]") if chars else None

    def hit(self, text: str) -> bool:
        if self.scan is None:
            return False
        by_char = self.by_char
        for m in self.scan.finditer(text):
            i = m.start()
            pats = by_char.get(text[i])
            if pats is None:  # a decimal digit only the \\d patterns start with
                pats = by_char[text[i]] = self.digit
            for pat in pats:
                if pat.match(text, i) is not None:
                    return True
        return False


def trigger_pattern(rs: RuleSet) -> Trigger | None:
    """The rule set's pre-filter (``Trigger``), built once and kept on it; None when a pattern can start with
    nearly any character (then every rule runs on every field, as before)."""
    cached = rs.__dict__.get("_trigger", _UNSET)
    if cached is _UNSET:
        pats: list[re.Pattern] = []
        for rule in rs.rules:
            if rule.kind == "pattern" and rule.pattern is not None:
                pats.append(rule.pattern)
            elif rule.kind in ("age", "min_wage_text"):
                pats += rule.patterns
        trigger: Trigger | None
        try:
            trigger = Trigger(pats) if pats else None
        except (_Unbounded, re.error):
            trigger = None
        rs.__dict__["_trigger"] = cached = trigger
    return cached


def screen(data: ScreeningInput) -> ScreeningResult:
    rs = ruleset()
    fields = [_Field(name, getattr(data, name) or "") for name in TEXT_FIELDS if getattr(data, name, "")]
    texts = [f.text for f in fields]
    context_text = "\n".join(texts)
    findings: list[Finding] = []
    mw = minwage.min_wage_for(data.township_code, data.on_date or date.today())
    gate = trigger_pattern(rs)
    for fld in fields:
        if gate is not None and not gate.hit(fld.text):
            continue  # no rule's pattern occurs in this field: the rules would find nothing
        cache: dict = {}
        for rule in rs.rules:
            if rule.kind == "pattern":
                findings.extend(_pattern_findings(rs, rule, fld, context_text, cache,
                                                  gate.scans.get(id(rule.pattern)) if gate and rule.pattern else None))
            elif rule.kind == "age":
                findings.extend(_age_findings(rs, rule, fld, gate.scans if gate else None))
        if mw is not None:
            findings.extend(_min_wage_text(rs, fld, data, mw, texts))
    if mw is not None:
        findings.extend(_min_wage_structured(rs, data, mw, texts))
    if data.check_missing:
        findings.extend(_missing(rs, data))
    return ScreeningResult(findings=_dedupe(findings), rules_version=rs.version)
