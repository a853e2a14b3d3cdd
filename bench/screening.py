"""Screening engine quality and speed on the labelled set (tests/data/screening_eval.jsonl).

Prints precision/recall per category and overall (micro), the clean postings blocked, and the
latency per posting (median, p95); on the two blind sets it also lists every missed and false category with the
phenomenon of the posting. Quick mode: one timed pass; full mode: five passes.
Run: ``.venv/bin/python -m bench screening [--full]``.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from types import ModuleType


def main(full: bool) -> None:
    from suzhaohuo.jobs.screening import RULES_VERSION, evaluation, screen

    items = evaluation.load()
    t0 = time.perf_counter()
    screen(evaluation.to_input(items[0]))  # first call loads rules, OpenCC and rjieba
    print(f"rules {RULES_VERSION}; first call (loads rules, OpenCC, rjieba): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for split in ("dev", "holdout", "holdout2", None):
        subset = [i for i in items if split is None or i["split"] == split]
        rep = evaluation.evaluate(subset, timed=split is None)
        print(f"\n--- {split or 'all'} ---")
        print("\n".join(rep.lines()))
        if rep.clean_blocked:
            print("clean postings blocked:", ", ".join(rep.clean_blocked))
        if rep.errors:
            print("mismatches:", "; ".join(f"{i} expected {e} got {p}" for i, e, p in rep.errors))
    real = evaluation.load(evaluation.REAL_EVAL_PATH)
    for split in ("real_dev", "real_holdout", None):
        subset = [i for i in real if split is None or i["split"] == split]
        rep = evaluation.evaluate(subset)
        print(f"\n--- real-text set: {split or 'all'} ---")
        print("\n".join(rep.lines()))
        if rep.errors:
            print("mismatches:", "; ".join(f"{i} expected {e} got {p}" for i, e, p in rep.errors))
    rep = evaluation.evaluate(evaluation.load(evaluation.HELDOUT_EVAL_PATH))
    print("\n--- real-text held-out set 2 (blind figure in docs/perf/screening.md) ---")
    print("\n".join(rep.lines()))
    if rep.errors:
        print("mismatches:", "; ".join(f"{i} expected {e} got {p}" for i, e, p in rep.errors))
    for path, title in ((evaluation.BLIND_EVAL_PATH, "blind set"), (evaluation.BLIND2_EVAL_PATH, "blind set 2")):
        _print_blind(evaluation, path, title)
    if full:
        lat = []
        inputs = [evaluation.to_input(i) for i in items]
        cpu0 = time.process_time()
        for _ in range(5):
            for data in inputs:
                t = time.perf_counter()
                screen(data)
                lat.append((time.perf_counter() - t) * 1000)
        cpu = time.process_time() - cpu0
        lat.sort()
        print(f"\nfull: {len(lat)} screenings, median {statistics.median(lat):.2f} ms, "
              f"p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} ms, max {lat[-1]:.2f} ms; "
              f"CPU {cpu / len(lat) * 1e6:.0f} µs per posting (process time, less sensitive to other load)")


def _print_blind(evaluation: ModuleType, path: Path, title: str) -> None:
    """A blind set: figures, then every miss and false finding with the phenomenon it carries."""
    items = evaluation.load(path)
    rep = evaluation.evaluate(items)
    print(f"\n--- {title} (written without reading the rules; docs/perf/screening.md) ---")
    print("\n".join(rep.lines()))
    if rep.clean_blocked:
        print("clean postings blocked:", ", ".join(rep.clean_blocked))
    by_id = {i["id"]: i for i in items}
    missed = [(i, sorted(set(e) - set(p))) for i, e, p in rep.errors if set(e) - set(p)]
    false = [(i, sorted(set(p) - set(e))) for i, e, p in rep.errors if set(p) - set(e)]
    print(f"missed ({len(missed)} postings):")
    for item_id, cats in missed:
        print(f"  {item_id} {','.join(cats)}: {by_id[item_id]['phenomenon']}")
    print(f"false findings ({len(false)} postings):")
    for item_id, cats in false:
        print(f"  {item_id} {','.join(cats)}: {by_id[item_id]['phenomenon']}")
