from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and verify it (counts, decryption, agreement chain)."

    def add_arguments(self, parser):
        parser.add_argument("backup_dir")
        parser.add_argument("--keep", action="store_true", help="Keep the restored database for inspection.")

    def handle(self, *args, **opts):
        from suzhaohuo.ops.backup import restore_drill

        try:
            status, output = restore_drill(Path(opts["backup_dir"]), keep=opts["keep"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(output.strip())
        if status != 0:
            raise CommandError("restore drill FAILED")
        self.stdout.write(self.style.SUCCESS("restore drill passed"))
