import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand

from suzhaohuo.core.scheduler import entries


class Command(BaseCommand):
    help = "Enqueue periodic background tasks at their intervals (use with manage.py db_worker)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        for cfg in apps.get_app_configs():
            if cfg.name.startswith("suzhaohuo."):
                try:
                    importlib.import_module(f"{cfg.name}.tasks")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{cfg.name}.tasks":
                        raise
        last: dict[int, float] = {}
        while True:
            now = time.monotonic()
            for i, entry in enumerate(entries()):
                if opts["once"] or now - last.get(i, -1e9) >= entry.every_seconds:
                    entry.task.enqueue()
                    last[i] = now
            if opts["once"]:
                return
            time.sleep(5)
