from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format), media and a manifest into DEST (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("dest")

    def handle(self, *args, **opts):
        from suzhaohuo.ops.backup import backup

        try:
            manifest = backup(Path(opts["dest"]))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup in {opts['dest']}: {len(manifest['tables'])} tables, {rows} rows, "
                          f"keys {manifest['keys']}")
