"""Issue a source's API key, or list the sources.

    manage.py source_api_key SOURCE   (SOURCE = a source's id or exact name) → the new key alone on one line, once;
                                      the previous key stops working
    manage.py source_api_key --list   → one line per source: id<TAB>kind<TAB>name
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from suzhaohuo.aggregation.models import Source
from suzhaohuo.aggregation.services import source_api_key_issue


class Command(BaseCommand):
    help = "Issue a new API key for a source (its id or name), printed once; or --list the sources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="the source's id or exact name")
        parser.add_argument("--list", action="store_true", help="print id<TAB>kind<TAB>name for every source")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["list"]:
            for pk, kind, name in Source.objects.order_by("pk").values_list("pk", "kind", "name"):
                self.stdout.write(f"{pk}\t{kind}\t{name}")
            return
        ref = (opts.get("source") or "").strip()
        if not ref:
            raise CommandError("请给出数据源的编号或名称，或用 --list 查看全部数据源。")
        source = Source.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
        source = source or Source.objects.filter(name=ref).first()
        if source is None:
            raise CommandError(f"没有找到数据源“{ref}”。用 --list 查看全部数据源的编号和名称。")
        self.stdout.write(source_api_key_issue(actor=None, source=source))
