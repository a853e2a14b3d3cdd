"""Take today's KPI snapshot, or rebuild past days from the records:

    manage.py kpi_snapshot                                  # today
    manage.py kpi_snapshot --from 2026-01-01 --to 2026-03-31  # recompute a range
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from suzhaohuo.core.errors import AppError


class Command(BaseCommand):
    help = "采集当日指标快照，或按业务记录重算指定日期范围的快照"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="start", default="")
        parser.add_argument("--to", dest="end", default="")

    def handle(self, *args: Any, start: str = "", end: str = "", **options: Any) -> None:
        from suzhaohuo.kpi.services import snapshot_recompute, snapshot_take

        try:
            if start:
                s = date.fromisoformat(start)
                e = date.fromisoformat(end) if end else s
                n = snapshot_recompute(start=s, end=e)
                self.stdout.write(f"已重算 {n} 天的指标快照")
            else:
                self.stdout.write(f"已采集 {snapshot_take()} 个地区的指标快照")
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        except AppError as exc:
            raise CommandError(exc.message) from exc
