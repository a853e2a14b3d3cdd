from django.core.management.base import BaseCommand

from suzhaohuo.core import crypto
from suzhaohuo.ops.keys import rotate_field_key


class Command(BaseCommand):
    help = ("Re-encrypt personal data under the current SZH_FIELD_ENCRYPTION_KEY (previous keys listed in "
            "SZH_FIELD_ENCRYPTION_OLD_KEYS). Online, in batches, resumable: run it again after an interruption.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **opts):
        from django.conf import settings
        from django.core.management.base import CommandError

        if not settings.FIELD_HASH_KEY:
            raise CommandError(
                "SZH_FIELD_HASH_KEY is not set, so lookup hashes are derived from the encryption key and would "
                "change once the old key is dropped. Set it first (in the secrets store, not in a shell history) "
                "to the value printed by: manage.py shell -c 'from suzhaohuo.core import crypto; "
                "print(crypto.hash_key_setting())' — with the OLD key still configured.")
        report = rotate_field_key(batch_size=opts["batch_size"],
                                  progress=lambda line: self.stdout.write(line) if opts["verbosity"] > 1 else None)
        self.stdout.write(f"current key {crypto.current_key_id()}: {report.scanned} rows scanned, "
                          f"{report.rewritten} re-encrypted")
