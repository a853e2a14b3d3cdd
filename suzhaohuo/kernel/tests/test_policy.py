"""The one access policy: roles, region scope and registered standing checks."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from suzhaohuo.core.errors import PermissionDenied
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.pay import pay_text
from suzhaohuo.kernel.policy import Action, Decision
from suzhaohuo.kernel.roles import Role


def _user(role: str, scope: str | None = None, **kw: Any) -> Any:
    region = SimpleNamespace(scope_prefix=scope) if scope else None
    return SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=False, role=role,
                           scope_region=region, **kw)


def test_roles() -> None:
    assert policy.decide(_user(Role.EMPLOYER), Action.JOB_POST)
    assert not policy.decide(_user(Role.WORKER), Action.JOB_POST)
    assert policy.decide(_user(Role.ADMIN), Action.SANCTION_DECIDE)
    anon = SimpleNamespace(is_authenticated=False)
    assert policy.decide(anon, Action.JOB_APPLY).code == "not_authenticated"


def test_region_scope() -> None:
    staff = _user(Role.STATION_STAFF, "321322102")
    assert policy.decide(staff, Action.IDENTITY_VERIFY, region_code="321322102001")
    denied = policy.decide(staff, Action.IDENTITY_VERIFY, region_code="321322116")
    assert not denied and "地区" in denied.message
    assert policy.scope_prefix(_user(Role.STATION_STAFF)) == policy.NO_SCOPE
    assert policy.scope_prefix(_user(Role.ADMIN)) is None
    assert not policy.in_scope(_user(Role.REGULATOR), "3213")


def test_registered_check_denies_and_require_raises() -> None:
    @policy.check(Action.JOB_APPLY)
    def banned(actor: Any, action: Action, target: Any) -> Decision | None:
        if getattr(actor, "banned", False):
            return Decision(False, "sanctioned", "账户已被暂停报名。")
        return None

    assert policy.decide(_user(Role.WORKER), Action.JOB_APPLY)
    assert not policy.decide(_user(Role.WORKER, banned=True), Action.JOB_APPLY)
    with pytest.raises(PermissionDenied) as exc:
        policy.require(_user(Role.WORKER, banned=True), Action.JOB_APPLY)
    assert exc.value.code == "sanctioned" and exc.value.status == 403
    policy._CHECKS[Action.JOB_APPLY].remove(banned)


@pytest.mark.django_db
def test_scoped_queryset(regions: None) -> None:
    from suzhaohuo.regions.models import Region

    staff = _user(Role.STATION_STAFF, "321322102")
    got = set(policy.scoped(Region.objects.all(), staff, "code").values_list("code", flat=True))
    assert got and all(c.startswith("321322102") for c in got)
    assert policy.scoped(Region.objects.all(), _user(Role.STATION_STAFF), "code").count() == 0
    assert policy.scoped(Region.objects.all(), _user(Role.ADMIN), "code").count() == Region.objects.count()
    # a foreign key to Region is filtered on its column, OR-ed across fields
    kids = policy.scoped(Region.objects.all(), staff, "parent_id", "code")
    assert set(kids.values_list("code", flat=True)) == got


def test_pay_text() -> None:
    def job(lo: Any, hi: Any, unit: str = "元/件", negotiable: bool = False) -> Any:
        return SimpleNamespace(pay_min=lo, pay_max=hi, pay_negotiable=negotiable, get_pay_unit_display=lambda: unit)

    assert pay_text(job(Decimal("0.50"), Decimal("0.50"))) == "0.5 元/件"
    assert pay_text(job(Decimal("150"), Decimal("200"), "元/天")) == "150–200 元/天"
    assert pay_text(job(None, Decimal("180.00"), "元/天")) == "180 元/天"
    assert pay_text(job(Decimal("150"), None, "元/天", negotiable=True)) == "面议"
    assert pay_text(job(None, None)) == "面议"
