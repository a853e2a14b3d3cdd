"""Quality gate on the labelled evaluation set (tests/data/screening_eval.jsonl). No timing here."""

from __future__ import annotations

from suzhaohuo.jobs.screening import evaluation


def test_eval_set_shape():
    items = evaluation.load()
    assert len(items) >= 400
    clean = [i for i in items if not i["labels"]]
    assert 0.4 <= len(clean) / len(items) <= 0.6
    cats = {c for i in items for c in i["labels"]}
    assert cats >= {"gender", "marriage_pregnancy", "ethnicity", "religion", "hukou_region", "health", "disability",
                    "age", "fee", "scam", "below_min_wage", "contact_in_text"}
    assert {i["split"] for i in items} == {"dev", "holdout", "holdout2"}


def test_eval_targets():
    rep = evaluation.evaluate(evaluation.load())
    precision, recall = rep.micro
    assert rep.clean_blocked == [], rep.clean_blocked
    assert precision >= 0.95, rep.lines()
    assert recall >= 0.90, rep.lines()


def test_eval_targets_holdout():
    rep = evaluation.evaluate([i for i in evaluation.load() if i["split"].startswith("holdout")])
    precision, recall = rep.micro
    assert rep.clean_blocked == []
    assert precision >= 0.95 and recall >= 0.90, rep.lines()
