"""Format and coverage of the blind screening set (tests/data/screening_eval_blind.jsonl).

The set was written without looking at the rules or at the older sets, to measure generalisation honestly; its
quality figures are recorded in docs/perf/screening.md ("Blind set") and are deliberately NOT asserted here, so
that nobody is tempted to tune the rules until this test passes. Only facts about the data are checked."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from suzhaohuo.jobs.screening import evaluation

ROOT = Path(__file__).resolve().parents[3]
BUILDER = ROOT / "tests" / "data" / "screening_blind_build.py"
# The label names used by every evaluation set (docs/perf/screening.md).
LABELS = {"gender", "age", "hukou_region", "ethnicity", "religion", "health", "disability", "marriage_pregnancy",
          "fee", "contact_in_text", "scam", "below_min_wage"}
FIELDS = {"id", "split", "kind", "title", "description", "requirements", "pay_min", "pay_max", "pay_unit",
          "daily_hours", "township_code", "labels", "source_url", "phenomenon"}


def _blind() -> list[dict]:
    return evaluation.load(evaluation.BLIND_EVAL_PATH)


def _townships() -> set[str]:
    with (ROOT / "data" / "regions" / "suqian_divisions.csv").open(encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh) if row["level"] == "township"}


def _text(item: dict) -> tuple[str, str, str]:
    return item["title"], item["description"], item.get("requirements") or ""


def test_every_item_is_well_formed() -> None:
    towns = _townships()
    for item in _blind():
        assert set(item) == FIELDS, item["id"]
        assert item["split"] == "blind"
        assert item["source_url"].startswith(("http://", "https://")), item["id"]
        assert len(item["phenomenon"]) >= 8, item["id"]
        assert set(item["labels"]) <= LABELS, item["id"]
        assert len(item["labels"]) == len(set(item["labels"])), item["id"]
        assert item["township_code"] in towns, item["id"]
        assert item["pay_unit"] in {"hour", "day", "month", "piece"}, item["id"]
        assert item["pay_min"] is not None and item["pay_max"] is not None and item["pay_min"] <= item["pay_max"]
        assert item["title"] and item["description"], item["id"]


def test_size_share_clean_and_category_coverage() -> None:
    items = _blind()
    assert len(items) >= 160
    assert len({i["id"] for i in items}) == len(items)
    clean = [i for i in items if not i["labels"]]
    assert len(clean) / len(items) >= 0.40
    # every category the engine screens for appears, and the main ones several times
    counts = {label: sum(label in i["labels"] for i in items) for label in LABELS}
    assert all(n >= 3 for n in counts.values()), counts
    for label in ("gender", "age", "hukou_region", "health", "fee", "contact_in_text", "marriage_pregnancy"):
        assert counts[label] >= 9, (label, counts[label])
    # clean postings span the gig kinds too, so they are hard negatives in context, not one template
    assert len({i["kind"] for i in clean}) >= 9
    # many different sources and phenomena, not a few sentences repeated
    assert len({i["source_url"] for i in items}) >= 40
    assert len({i["phenomenon"] for i in items}) >= 0.9 * len(items)


def test_no_duplicate_text_and_nothing_from_older_sets() -> None:
    items = _blind()
    assert len({_text(i) for i in items}) == len(items)
    assert len({i["description"] for i in items}) == len(items)
    older: list[dict] = []
    for path in (evaluation.EVAL_PATH, evaluation.REAL_EVAL_PATH, evaluation.HELDOUT_EVAL_PATH):
        older += evaluation.load(path)
    assert not {_text(i) for i in items} & {_text(i) for i in older}
    assert not {i["description"] for i in items} & {i["description"] for i in older}
    old_req = {i.get("requirements") for i in older if i.get("requirements")}
    assert not {i["requirements"] for i in items if i["requirements"]} & old_req


def test_builder_writes_the_committed_file(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c",
                          "import json, runpy, sys; ns = runpy.run_path(sys.argv[1]); "
                          "print('\\n'.join(json.dumps(i, ensure_ascii=False) for i in ns['build']()))",
                          str(BUILDER)], capture_output=True, text=True, check=True).stdout
    rebuilt = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert rebuilt == _blind()
