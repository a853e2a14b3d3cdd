"""Periodic jobs. Django's tasks framework has no scheduler, so ``manage.py run_scheduler``
enqueues each registered task at its interval; the worker (``manage.py db_worker``) runs them.

Apps register in their ``tasks.py``::

    from suzhaohuo.core.scheduler import periodic
    periodic(every_seconds=300)(my_task)   # my_task is a django.tasks @task
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_REGISTRY: list[PeriodicEntry] = []


@dataclass
class PeriodicEntry:
    task: Any
    every_seconds: int


def periodic(*, every_seconds: int):
    def register(task: Any) -> Any:
        _REGISTRY.append(PeriodicEntry(task=task, every_seconds=every_seconds))
        return task

    return register


def entries() -> list[PeriodicEntry]:
    return list(_REGISTRY)
