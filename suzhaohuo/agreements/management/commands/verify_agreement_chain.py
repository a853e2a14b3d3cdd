"""Recompute the agreements' hash chain (and re-read every stored PDF), then compare it with the signed
chain-head checkpoints kept outside the database. Exit status 1 on the first problem found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from suzhaohuo.agreements.checkpoints import checkpoint_path, verify_checkpoints
from suzhaohuo.agreements.verification import verify_chain


class Command(BaseCommand):
    help = ("Verify the append-only hash chain of sealed e-agreements and the stored PDFs, then compare the chain "
            "with the signed checkpoints in settings.AGREEMENT_CHECKPOINT_FILE (detects deleted newest entries).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-checkpoints", action="store_true",
                            help="check the chain only (e.g. a restored backup older than the checkpoints)")
        parser.add_argument("--write-checkpoint", action="store_true",
                            help="after a successful check, append a checkpoint of the current head")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"BROKEN at entry #{report.first_broken_seq}: {report.reason} "
                               f"(checked {report.entries} entries)")
        self.stdout.write(self.style.SUCCESS(f"OK: {report.entries} chain entries verified, no broken link."))
        if not options["no_checkpoints"]:
            cp = verify_checkpoints()
            if not cp.ok:
                raise CommandError("CHECKPOINT MISMATCH: " + "; ".join(cp.problems[:5]))
            if cp.checked:
                self.stdout.write(self.style.SUCCESS(
                    f"OK: {cp.checked} checkpoints in {checkpoint_path()} match the chain "
                    f"(last: {cp.last.get('chain_length') if cp.last else 0} entries at "
                    f"{cp.last.get('created_at') if cp.last else '-'})."))
            else:
                self.stdout.write(self.style.WARNING(f"no checkpoints yet in {checkpoint_path()}"))
        if options["write_checkpoint"]:
            from suzhaohuo.agreements.services import chain_checkpoint_write

            record = chain_checkpoint_write(force=True)
            assert record is not None
            self.stdout.write(f"checkpoint written: {record['chain_length']} entries, head {record['head_hash']}")
