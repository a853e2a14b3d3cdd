"""Issue #11 item 3: sliding windows whose hits never get a longer life; the demo seeder uses up no limit."""

import sys
import types

import pytest

from suzhaohuo.core import ratelimit

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    c = Clock(1_800_000_000.0 - 300)  # 5 minutes before a clock-hour boundary
    monkeypatch.setattr(ratelimit.time, "time", c)
    return c


def test_window_slides_across_clock_boundaries(clock):
    t0 = clock.now
    for i in range(5):
        clock.now = t0 + i
        assert ratelimit.hit("otp:m:x", 5, 3600)
    clock.now = t0 + 17 * 60  # a new clock hour has begun; a fixed window would start counting again
    assert ratelimit.hit("otp:m:x", 5, 3600) is False
    clock.now = t0 + 3600.5  # only the first hit is more than an hour old
    assert ratelimit.hit("otp:m:x", 5, 3600)
    assert ratelimit.hit("otp:m:x", 5, 3600) is False


def test_more_hits_never_extend_the_life_of_earlier_ones(clock):
    assert ratelimit.hit("k", 2, 900)
    clock.now += 800
    assert ratelimit.hit("k", 2, 900)
    assert ratelimit.peek("k", 900) == 2
    clock.now += 101
    assert ratelimit.peek("k", 900) == 1  # the first hit expired on time, the second did not refresh it


def test_purge_deletes_only_expired_hits(clock):
    from django.utils import timezone

    from suzhaohuo.core.models import RateLimitHit

    ratelimit.hit("a", 5, 60)
    RateLimitHit.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=5))
    ratelimit.hit("b", 5, 60)
    assert ratelimit.purge_expired() >= 1
    assert list(RateLimitHit.objects.values_list("key", flat=True)) == ["b"]


def test_exempt_context_counts_nothing():
    with ratelimit.exempt():
        assert all(ratelimit.hit("seed", 1, 3600) for _ in range(10))
    assert ratelimit.peek("seed", 3600) == 0
    assert ratelimit.hit("seed", 1, 3600)


def test_demo_seeding_uses_up_no_limit(monkeypatch):
    from suzhaohuo.core import demo

    def seed(ctx):
        for _ in range(30):
            ratelimit.hit("otp:m:demo", 5, 3600)

    module = types.ModuleType("suzhaohuo.i11fake.demo")
    module.seed = seed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "suzhaohuo.i11fake", types.ModuleType("suzhaohuo.i11fake"))
    monkeypatch.setitem(sys.modules, "suzhaohuo.i11fake.demo", module)
    monkeypatch.setattr(demo, "DEMO_ORDER", ["i11fake"])
    demo.run_all(demo.DemoContext())
    assert ratelimit.peek("otp:m:demo", 3600) == 0
