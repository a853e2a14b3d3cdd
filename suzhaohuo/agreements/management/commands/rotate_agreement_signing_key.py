"""Rotate the agreement signing key (deploy/README.md, "Keys"). Prints the new settings; changes nothing else.

1. Before: a checkpoint of the chain head is written under the outgoing key.
2. Output: a new SZH_AGREEMENT_SIGNING_KEY (private, for the key escrow and the environment) and the new
   SZH_AGREEMENT_SIGNING_KEYS_RETIRED (the old list plus the outgoing PUBLIC key, so old seals still verify).
3. After deploying both, run ``manage.py rotate_agreement_signing_key --check``: every seal and checkpoint must
   verify under the configured keyring.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from suzhaohuo.agreements import signing


class Command(BaseCommand):
    help = "Generate the next agreement signing key and the retired-key list; --check verifies after the switch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="verify every seal, PDF and checkpoint under the configured keyring")

    def handle(self, *args: Any, **options: Any) -> None:
        from suzhaohuo.agreements.checkpoints import verify_checkpoints
        from suzhaohuo.agreements.services import chain_checkpoint_write
        from suzhaohuo.agreements.verification import verify_chain

        if options["check"]:
            report = verify_chain()
            if not report.ok:
                raise CommandError(f"seal or chain does not verify at entry #{report.first_broken_seq}: "
                                   f"{report.reason} (is the outgoing public key in the retired list?)")
            cp = verify_checkpoints()
            if not cp.ok:
                raise CommandError("checkpoints: " + "; ".join(cp.problems[:5]))
            self.stdout.write(self.style.SUCCESS(
                f"OK: current key {signing.key_id()}, keyring {sorted(signing.keyring())}; {report.entries} chain "
                f"entries and {cp.checked} checkpoints verify."))
            chain_checkpoint_write(force=True)  # the first checkpoint under the new key
            return
        if not settings.AGREEMENT_SIGNING_KEY:
            self.stdout.write(self.style.WARNING("AGREEMENT_SIGNING_KEY is empty (development key derived from "
                                                 "SECRET_KEY); its public key is retired like any other."))
        chain_checkpoint_write(force=True)
        outgoing = signing.public_key_b64()
        retired = [*settings.AGREEMENT_SIGNING_KEYS_RETIRED, outgoing]
        new_key = base64.b64encode(os.urandom(32)).decode()
        self.stdout.write(f"# outgoing key {signing.key_id()} (its public key joins the retired list)\n"
                          f"SZH_AGREEMENT_SIGNING_KEY={new_key}\n"
                          f"SZH_AGREEMENT_SIGNING_KEYS_RETIRED={','.join(retired)}\n"
                          "# Put the new private key in the key escrow, set both variables on every app and "
                          "worker machine, restart them, then run: manage.py rotate_agreement_signing_key --check")
