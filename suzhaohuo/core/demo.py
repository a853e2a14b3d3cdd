"""Demo data registry. Each domain app has ``demo.py`` with ``seed(ctx: DemoContext) -> None``.

``manage.py seed_demo`` calls them in DEMO_ORDER, so each capability adds its part and a
newcomer sees every feature populated. Seeders use the same services a user would trigger.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Any

DEMO_ORDER = [
    "regions",
    "accounts",
    "identity",
    "workers",
    "jobs",
    "carriers",
    "aggregation",
    "search",
    "matching",
    "gigs",
    "agreements",
    "disputes",
    "protection",
    "assistance",
    "notifications",
    "phone",
    "regulation",
    "training",
    "kpi",
]


@dataclass
class DemoContext:
    workers: int = 60
    employers: int = 12
    jobs: int = 80
    seed: int = 20250619
    stdout: Any = None
    rng: random.Random = field(default_factory=random.Random)
    # Objects created by earlier seeders, for later ones: e.g. "workers", "employers", "staff".
    shared: dict[str, Any] = field(default_factory=dict)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def run_all(ctx: DemoContext) -> None:
    from suzhaohuo.core.ratelimit import exempt

    ctx.rng.seed(ctx.seed)
    with exempt():  # seeding must not use up any limit a real user meets afterwards
        _run_all(ctx)


def _run_all(ctx: DemoContext) -> None:
    for app in DEMO_ORDER:
        try:
            module = importlib.import_module(f"suzhaohuo.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"suzhaohuo.{app}.demo":
                continue
            raise
        ctx.log(f"· {app}")
        module.seed(ctx)
