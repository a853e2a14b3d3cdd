"""Field-key rotation: online, resumable, hashes unchanged, old values readable until rotated."""

from __future__ import annotations

import base64
import os
from typing import Any

import pytest
from django.db import connection

from suzhaohuo.core import crypto
from suzhaohuo.core.models import SmsMessage
from suzhaohuo.ops.keys import rotate_field_key


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _stored(pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT mobile FROM core_smsmessage WHERE id = %s", [pk])
        return str(cur.fetchone()[0])


@pytest.mark.django_db
def test_rotation_reencrypts_everything_and_keeps_hashes(settings: Any) -> None:
    old = _key()
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = old, []
    msgs = [SmsMessage.objects.create(mobile=f"1390000{i:04d}", mobile_hash=crypto.keyed_hash(f"1390000{i:04d}"),
                                      text="t", provider="x") for i in range(7)]
    before = {m.pk: _stored(m.pk) for m in msgs}
    settings.FIELD_HASH_KEY = crypto.hash_key_setting()  # pinned before rotating, as the command requires
    assert crypto.keyed_hash("13900000003") == msgs[3].mobile_hash

    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = _key(), [old]
    # Old values still decrypt, and the keyed hash is the same under the new key.
    assert SmsMessage.objects.get(pk=msgs[0].pk).mobile == "13900000000"
    assert crypto.keyed_hash("13900000003") == msgs[3].mobile_hash

    report = rotate_field_key(batch_size=3)
    assert report.rewritten >= 7
    after = {m.pk: _stored(m.pk) for m in msgs}
    assert all(after[pk] != before[pk] for pk in before)
    assert all(crypto.reencrypt(v) is None for v in after.values())  # all under the current key
    assert rotate_field_key(batch_size=3).rewritten == 0  # resumable: a second run has nothing left

    settings.FIELD_ENCRYPTION_OLD_KEYS = []  # the old key can now be dropped
    assert [m.mobile for m in SmsMessage.objects.order_by("id")] == [f"1390000{i:04d}" for i in range(7)]
    assert SmsMessage.objects.filter(mobile_hash=crypto.keyed_hash("13900000005")).count() == 1


@pytest.mark.django_db
def test_command_refuses_without_a_pinned_hash_key(settings: Any) -> None:
    from django.core.management import CommandError, call_command

    settings.FIELD_HASH_KEY = ""
    with pytest.raises(CommandError, match="SZH_FIELD_HASH_KEY"):
        call_command("field_key_rotate")


@pytest.mark.django_db
def test_unknown_key_is_refused(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEY = _key()
    token = crypto.encrypt("321322198001011234")
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_OLD_KEYS = _key(), []
    with pytest.raises(Exception):  # noqa: B017 - AES-GCM's InvalidTag: no configured key opens it
        crypto.decrypt(token)
