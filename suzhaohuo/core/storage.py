"""Private file storage: uploads that must never be reachable under the public ``MEDIA_URL``.

Files live under ``settings.PRIVATE_MEDIA_ROOT`` (outside ``MEDIA_ROOT``), under random names, and
have no URL: a view that applies the access rules streams them (e.g. the staff licence view).
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible(path="suzhaohuo.core.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no public URL; serve them through a scoped view")


private_storage = PrivateStorage()


def random_name(prefix: str, filename: str) -> str:
    """``<prefix>/<yyyy>/<mm>/<random>.<ext>`` for an ``upload_to``: the uploader's file name is dropped."""
    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".jpg", ".jpeg", ".png", ".webp", ".pdf"):
        ext = ".bin"
    now = timezone.now()
    return f"{prefix}/{now:%Y}/{now:%m}/{secrets.token_hex(16)}{ext}"
