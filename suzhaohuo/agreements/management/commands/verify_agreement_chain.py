"""Recompute the agreements' hash chain and report the first broken link (exit status 1 if any)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from suzhaohuo.agreements.verification import verify_chain


class Command(BaseCommand):
    help = "Verify the append-only hash chain of sealed e-agreements."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"OK: {report.entries} chain entries verified, no broken link."))
            return
        raise CommandError(f"BROKEN at entry #{report.first_broken_seq}: {report.reason} "
                           f"(checked {report.entries} entries)")
