import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check the current database against a backup manifest: row counts, decryption, agreement chain and its checkpoints."

    def add_arguments(self, parser):
        parser.add_argument("manifest")
        parser.add_argument("--sample", type=int, default=50)

    def handle(self, *args, **opts):
        from suzhaohuo.ops.backup import CHECKPOINTS, restore_check

        manifest = Path(opts["manifest"])
        report = restore_check(json.loads(manifest.read_text()), sample=opts["sample"],
                               checkpoints=manifest.parent / CHECKPOINTS)
        self.stdout.write(f"{report.database}: {report.checked_tables} tables compared, {report.decrypted} "
                          f"encrypted records decrypted, {report.chain}")
        if not report.ok:
            raise CommandError("restore check FAILED:\n" + "\n".join(report.problems))
        self.stdout.write("restore check OK")
