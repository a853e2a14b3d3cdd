"""What the blind screening-set builders share (screening_blind_build.py, screening_blind2_build.py): an item tuple
turned into an evaluation record, and the deterministic JSONL write-out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path


def records(items: Sequence[tuple], *, split: str, towns: Sequence[str], sources: dict[str, str]) -> list[dict]:
    """(kind, title, description, requirements, pay_min, pay_max, unit, labels, source key, phenomenon) → records,
    townships assigned round-robin from ``towns``."""
    out: list[dict] = []
    for i, (kind, title, desc, req, lo, hi, unit, labels, source, phenomenon) in enumerate(items):
        out.append({"id": f"{split}-{i:04d}", "split": split, "kind": kind, "title": title, "description": desc,
                    "requirements": req, "pay_min": lo, "pay_max": hi, "pay_unit": unit, "daily_hours": None,
                    "township_code": towns[i % len(towns)], "labels": sorted(labels),
                    "source_url": sources[source], "phenomenon": phenomenon})
    return out


def write(items: list[dict], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} items ({sum(1 for i in items if not i['labels'])} clean) to {out}")
