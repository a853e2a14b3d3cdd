"""Model fields that encrypt personal data at rest."""

from __future__ import annotations

from typing import Any

from django.db import models

from suzhaohuo.core import crypto


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext; Python side sees plaintext. Not searchable: pair with a hash."""

    description = "AES-GCM encrypted text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("v1:"):
            return crypto.decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
