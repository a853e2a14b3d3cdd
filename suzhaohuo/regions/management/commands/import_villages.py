from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suzhaohuo.core.errors import AppError
from suzhaohuo.regions.services import villages_import


class Command(BaseCommand):
    help = "Import a village/community list (CSV or .xlsx) with the 中心村（社区） flag."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            with path.open("rb") as fh:
                report = villages_import(actor=None, filename=path.name, fileobj=fh)
        except AppError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"新增 {report.created}，更新 {report.updated}，错误 {len(report.errors)}")
        for err in report.errors:
            self.stdout.write(f"  第{err['row']}行 [{err['column']}] {err['reason']}")
