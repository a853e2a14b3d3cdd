"""System checks for the platform's agreement signing key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from suzhaohuo.agreements.signing import decode_key


@register()
def check_signing_key_format(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    value = getattr(settings, "AGREEMENT_SIGNING_KEY", "") or ""
    if not value:
        return []
    try:
        decode_key(value)
    except ValueError as exc:
        return [Error(str(exc), hint="Set SZH_AGREEMENT_SIGNING_KEY to base64 of 32 random bytes.",
                      id="agreements.E001")]
    return []


@register()
def check_retired_keys_format(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """A malformed retired key would make every verification fail: refuse to start instead."""
    errors = []
    for i, value in enumerate(getattr(settings, "AGREEMENT_SIGNING_KEYS_RETIRED", []) or [], start=1):
        try:
            decode_key(value)
        except ValueError:
            errors.append(Error(f"SZH_AGREEMENT_SIGNING_KEYS_RETIRED entry {i} is not a base64 32-byte public key",
                                hint="List the PUBLIC keys printed by manage.py rotate_agreement_signing_key.",
                                id="agreements.E002"))
    return errors


@register(Tags.security, deploy=True)
def check_signing_key_set(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if getattr(settings, "AGREEMENT_SIGNING_KEY", ""):
        return []
    return [Warning(
        "AGREEMENT_SIGNING_KEY is empty: e-agreements are sealed with a development key derived from SECRET_KEY.",
        hint="Generate one with: python -c \"import base64,os;print(base64.b64encode(os.urandom(32)).decode())\" "
             "and set SZH_AGREEMENT_SIGNING_KEY. Keep it secret and backed up; publish nothing but the public key.",
        id="agreements.W001")]
