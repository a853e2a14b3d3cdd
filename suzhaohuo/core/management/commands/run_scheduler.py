import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand

from suzhaohuo.core.scheduler import entries


class Command(BaseCommand):
    help = ("Enqueue periodic background tasks at their intervals (with manage.py run_worker). Safe to start on "
            "several machines: only the holder of the leader lock enqueues.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")
        parser.add_argument("--tick", type=float, default=5.0, help="Seconds between rounds.")

    def handle(self, *args, **opts):
        from suzhaohuo.core.leader import LeaderLock

        for cfg in apps.get_app_configs():
            if cfg.name.startswith("suzhaohuo."):
                try:
                    importlib.import_module(f"{cfg.name}.tasks")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{cfg.name}.tasks":
                        raise
        lock = LeaderLock("scheduler", ttl=max(int(opts["tick"] * 6), 10))
        last: dict[int, float] = {}
        try:
            while True:
                if opts["once"] or lock.acquire_or_renew():
                    now = time.monotonic()
                    for i, entry in enumerate(entries()):
                        if opts["once"] or now - last.get(i, -1e9) >= entry.every_seconds:
                            entry.task.enqueue()
                            last[i] = now
                else:
                    last.clear()  # another scheduler leads; start afresh if we take over
                if opts["once"]:
                    return
                time.sleep(opts["tick"])
        finally:
            lock.release()
