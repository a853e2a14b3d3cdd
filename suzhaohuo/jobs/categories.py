"""Load the versioned two-level category list (data/categories.json) into JobCategory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CATEGORY_FILE = Path(__file__).parent / "data" / "categories.json"


def load_categories(JobCategory: Any) -> int:  # noqa: N803 - accepts the historical model in migrations
    data = json.loads(CATEGORY_FILE.read_text(encoding="utf-8"))
    n = 0
    for i, top in enumerate(data["categories"]):
        parent, _ = JobCategory.objects.update_or_create(
            code=top["code"], defaults={"name": top["name"], "parent": None, "sort_order": i * 10})
        for j, child in enumerate(top.get("children", [])):
            JobCategory.objects.update_or_create(
                code=child["code"],
                defaults={"name": child["name"], "parent": parent, "sort_order": i * 10 + j + 1,
                          "occupation_code": child.get("occupation_code", ""), "keywords": child.get("keywords", "")})
            n += 1
    return n
