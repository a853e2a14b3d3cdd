"""A leader lock with expiry on the shared cache (Redis in production, the database cache otherwise), so
that the scheduler runs once even when started on several machines. The holder renews it every round; if it
dies, the lock expires and another scheduler takes over."""

from __future__ import annotations

import os
import socket
import uuid

from django.core.cache import cache


class LeaderLock:
    def __init__(self, name: str, *, ttl: int = 30) -> None:
        self.key = f"szh:leader:{name}"
        self.ttl = ttl
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def acquire_or_renew(self) -> bool:
        """True while this process holds the lock."""
        if cache.add(self.key, self.owner, self.ttl):
            return True
        if cache.get(self.key) == self.owner:
            cache.touch(self.key, self.ttl)
            return True
        return False

    def release(self) -> None:
        if cache.get(self.key) == self.owner:
            cache.delete(self.key)
