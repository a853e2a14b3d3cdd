"""Format and coverage of the second blind screening set (tests/data/screening_eval_blind2.jsonl).

Written by a helper who had not read the rules or any older set, after the first blind set was used for tuning; it
is kept for the final honest measurement. Its quality figures are deliberately NOT asserted here (nobody should tune
the rules until a test passes): only facts about the data are checked, including that no posting repeats one of
any older set."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from suzhaohuo.jobs.screening import evaluation

ROOT = Path(__file__).resolve().parents[3]
BUILDER = ROOT / "tests" / "data" / "screening_blind2_build.py"
# The label names used by every evaluation set (docs/perf/screening.md).
LABELS = {"gender", "age", "hukou_region", "ethnicity", "religion", "health", "disability", "marriage_pregnancy",
          "fee", "contact_in_text", "scam", "below_min_wage"}
FIELDS = {"id", "split", "kind", "title", "description", "requirements", "pay_min", "pay_max", "pay_unit",
          "daily_hours", "township_code", "labels", "source_url", "phenomenon"}


def _blind2() -> list[dict]:
    return evaluation.load(evaluation.BLIND2_EVAL_PATH)


def _older() -> list[dict]:
    older: list[dict] = []
    for path in (evaluation.EVAL_PATH, evaluation.REAL_EVAL_PATH, evaluation.HELDOUT_EVAL_PATH,
                 evaluation.BLIND_EVAL_PATH):
        older += evaluation.load(path)
    return older


def _townships() -> set[str]:
    with (ROOT / "data" / "regions" / "suqian_divisions.csv").open(encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh) if row["level"] == "township"}


def _text(item: dict) -> tuple[str, str, str]:
    return item["title"], item["description"], item.get("requirements") or ""


def test_every_item_is_well_formed() -> None:
    towns = _townships()
    for item in _blind2():
        assert set(item) == FIELDS, item["id"]
        assert item["split"] == "blind2"
        assert item["id"].startswith("blind2-"), item["id"]
        assert item["source_url"].startswith(("http://", "https://")), item["id"]
        assert len(item["phenomenon"]) >= 8, item["id"]
        assert set(item["labels"]) <= LABELS, item["id"]
        assert len(item["labels"]) == len(set(item["labels"])), item["id"]
        assert item["township_code"] in towns, item["id"]
        assert item["pay_unit"] in {"hour", "day", "month", "piece"}, item["id"]
        assert item["pay_min"] is not None and item["pay_max"] is not None and item["pay_min"] <= item["pay_max"]
        assert item["title"] and item["description"], item["id"]
        # clean items say so in their phenomenon, labelled ones never do
        assert item["phenomenon"].startswith("clean:") == (not item["labels"]), item["id"]


def test_size_share_clean_and_category_coverage() -> None:
    items = _blind2()
    assert len(items) >= 200
    assert len({i["id"] for i in items}) == len(items)
    clean = [i for i in items if not i["labels"]]
    assert len(clean) / len(items) >= 0.35
    counts = {label: sum(label in i["labels"] for i in items) for label in LABELS}
    assert all(n >= 5 for n in counts.values()), counts
    for label in ("gender", "age", "hukou_region", "health", "fee", "contact_in_text", "marriage_pregnancy"):
        assert counts[label] >= 12, (label, counts[label])
    # hard negatives span the gig kinds, and the set draws on many sources and distinct phenomena
    assert len({i["kind"] for i in clean}) >= 12
    assert len({i["source_url"] for i in items}) >= 50
    assert len({i["phenomenon"] for i in items}) == len(items)


def test_no_duplicate_text_and_nothing_from_older_sets() -> None:
    items = _blind2()
    assert len({_text(i) for i in items}) == len(items)
    assert len({i["description"] for i in items}) == len(items)
    older = _older()
    old_text = {_text(i) for i in older}
    old_desc = {i["description"] for i in older}
    old_req = {i.get("requirements") for i in older if i.get("requirements")}
    # failures name only this set's ids, so that the older postings are never printed to whoever keeps this set blind
    assert [i["id"] for i in items if _text(i) in old_text] == []
    assert [i["id"] for i in items if i["description"] in old_desc] == []
    assert [i["id"] for i in items if i["requirements"] and i["requirements"] in old_req] == []
    assert not {i["id"] for i in items} & {i["id"] for i in older}


def test_builder_writes_the_committed_file() -> None:
    out = subprocess.run([sys.executable, "-c",
                          "import json, runpy, sys; ns = runpy.run_path(sys.argv[1]); "
                          "print('\\n'.join(json.dumps(i, ensure_ascii=False) for i in ns['build']()))",
                          str(BUILDER)], capture_output=True, text=True, check=True).stdout
    rebuilt = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert rebuilt == _blind2()
