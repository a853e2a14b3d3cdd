"""Field-encryption key rotation: re-encrypt every encrypted column under the current key, in small
batches, online (each batch its own short transaction; rows written meanwhile are already current) and
resumable (values already under the current key are skipped, so a re-run continues where it stopped)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from suzhaohuo.core import crypto
from suzhaohuo.core.fields import EncryptedTextField


@dataclass
class RotationReport:
    scanned: int = 0
    rewritten: int = 0


def encrypted_columns() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


def rotate_field_key(*, batch_size: int = 500, progress: Callable[[str], None] | None = None) -> RotationReport:
    report = RotationReport()
    for model, fields in encrypted_columns():
        # The stored ciphertext, read through a cast so that the field does not decrypt it.
        raw = {f"raw_{f}": Cast(f, output_field=models.TextField()) for f in fields}
        last_pk: Any = None
        while True:
            qs = model._base_manager.order_by("pk")
            if last_pk is not None:
                qs = qs.filter(pk__gt=last_pk)
            rows = list(qs.annotate(**raw).values("pk", *raw)[:batch_size])
            if not rows:
                break
            with transaction.atomic():
                for row in rows:
                    report.scanned += 1
                    changes = {}
                    for f in fields:
                        token = row[f"raw_{f}"]
                        if token and crypto.reencrypt(token) is not None:
                            changes[f] = crypto.decrypt(token)  # the field encrypts it under the current key
                    if changes:
                        model._base_manager.filter(pk=row["pk"]).update(**changes)
                        report.rewritten += 1
            last_pk = rows[-1]["pk"]
            if progress:
                progress(f"{model._meta.label}: up to id {last_pk}")
    return report
