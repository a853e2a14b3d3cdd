import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background-task worker for the configured queue (database or Redis). Start several for more."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default=None)

    def handle(self, *args, **opts):
        backend = str(settings.TASKS["default"]["BACKEND"])
        self.stdout.write(f"worker pid {os.getpid()} on {backend}")
        if backend == settings.TASK_BACKEND_REDIS:
            extra = ["--queue", opts["queue"]] if opts["queue"] else []
            call_command("run_redis_tasks", "--continuous", *extra)
        else:
            extra = ["--queue-name", opts["queue"]] if opts["queue"] else []
            call_command("db_worker", *extra)
