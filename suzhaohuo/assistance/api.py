"""就业援助 endpoints under /api/v1, including the plan figures at GET /kpi/assistance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.assistance import selectors
from suzhaohuo.core.errors import AppError, CoreErrorCode, PermissionDenied
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action

router = Router(tags=["assistance"])


class DifficultyOut(Schema):
    identified: int
    assisted: int
    employed: int


class WelfarePostsOut(Schema):
    open: int
    filled: int


class InsuranceOut(Schema):
    engagements: int
    insured: int
    insured_rate: Decimal | None
    claims: int


class AssistanceKpiOut(Schema):
    difficulty: DifficultyOut
    welfare_posts: WelfarePostsOut
    insurance: InsuranceOut


def _date(request: HttpRequest, name: str, default: date) -> date:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise AppError(CoreErrorCode.INVALID, _("日期请按 年-月-日 填写，例如 2026-01-01。"), name) from None


def kpi_prefix(user: Any, region: str) -> str | None:
    """The region prefix to count in: the requested region, which must lie in the user's scope."""
    from suzhaohuo.regions.selectors import region_get

    scope = policy.scope_prefix(user)
    if not region:
        return scope
    prefix = region_get(region, field="region").scope_prefix
    if scope is not None and not str(prefix).startswith(scope):
        raise PermissionDenied(_("这个地区不在您负责的范围内。"), "region")
    return str(prefix)


@router.get("/kpi/assistance", response=AssistanceKpiOut, auth=django_auth, summary="就业援助与用工保障指标",
            description="from/to: 日期 [from, to)；region: 区划代码（默认本人负责的地区）。")
def kpi_assistance(request: HttpRequest) -> dict[str, Any]:
    from suzhaohuo.protection.selectors import coverage

    user = authenticated_user(request)
    policy.require(user, Action.KPI_VIEW)
    today = timezone.localdate()
    start = _date(request, "from", today.replace(month=1, day=1))
    end = _date(request, "to", today + timedelta(days=1))
    if end <= start:
        raise AppError(CoreErrorCode.INVALID, _("结束日期要晚于开始日期。"), "to")
    prefix = kpi_prefix(user, (request.GET.get("region") or "").strip())
    f = selectors.figures(start=start, end=end, region_prefix=prefix)
    cov = coverage(start=start, end=end, region_prefix=prefix)
    return {"difficulty": {"identified": f.identified, "assisted": f.assisted, "employed": f.employed},
            "welfare_posts": {"open": f.posts_open, "filled": f.posts_filled},
            "insurance": {"engagements": cov.engagements, "insured": cov.insured,
                          "insured_rate": cov.insured_rate, "claims": cov.claims}}
