"""The screening pre-filter (issue #19): one alternation of every rule's patterns gates the per-rule loops.
It must change no finding: every posting of both evaluation sets (and each text field of them on its own,
with and without the structured fields) gives exactly the same findings with and without it."""

from __future__ import annotations

import dataclasses

import pytest

from suzhaohuo.jobs.screening import engine, evaluation
from suzhaohuo.jobs.screening.rules import ruleset


def _inputs():
    for path in (evaluation.EVAL_PATH, evaluation.REAL_EVAL_PATH, evaluation.HELDOUT_EVAL_PATH):
        for item in evaluation.load(path):
            data = evaluation.to_input(item)
            yield data
            yield dataclasses.replace(data, check_missing=True)
            for name in ("title", "description", "requirements"):
                text = getattr(data, name)
                if text:  # the text alone, in another field, without pay: other rules' paths
                    yield dataclasses.replace(data, title="", description=text, requirements="", benefits=text,
                                              pay_min=None, pay_max=None)


def _findings(data):
    return [dataclasses.asdict(f) for f in engine.screen(data).findings]


def test_the_prefilter_is_built_and_skips_clean_fields():
    gate = engine.trigger_pattern(ruleset())
    assert gate is not None
    assert not gate.hit("搬运砖块、清理建筑垃圾，包午饭")  # a clean field: no rule is tried
    assert gate.hit("只招男性，年龄18-35岁")


def test_same_findings_with_and_without_the_prefilter(monkeypatch):
    inputs = list(_inputs())
    assert len(inputs) > 1000
    gated = [_findings(d) for d in inputs]
    monkeypatch.setattr(engine, "trigger_pattern", lambda rs: None)
    plain = [_findings(d) for d in inputs]
    assert sum(1 for f in plain if f) > 300  # the sets do exercise the rules
    diff = [i for i, (a, b) in enumerate(zip(gated, plain, strict=True)) if a != b]
    assert diff == []


@pytest.mark.parametrize("text", ["限男性", "年龄16岁以下", "日薪50元", "月薪1500元", "押金200元", "无"])
def test_single_triggers_still_found(text, monkeypatch):
    data = evaluation.to_input({"title": "工人", "description": text, "pay_min": 200, "pay_max": 200,
                                "pay_unit": "day", "township_code": "321302001"})
    gated = _findings(data)
    monkeypatch.setattr(engine, "trigger_pattern", lambda rs: None)
    assert gated == _findings(data)
