"""Real-name endpoints for the signed-in person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.selectors import me_summary
from suzhaohuo.identity import services

router = Router(tags=["identity"])


class IdentityIn(Schema):
    real_name: str
    id_number: str
    township_code: str


@router.post("/me/identity", auth=django_auth, summary="提交实名信息（姓名、身份证号、所在乡镇），状态变为待核验")
def me_identity_submit(request: HttpRequest, payload: IdentityIn) -> dict[str, Any]:
    user: Any = request.user
    services.person_identity_submit(user=user, real_name=payload.real_name, id_number=payload.id_number,
                                    township_code=payload.township_code,
                                    update_worker_profile=user.role == Role.WORKER)
    return me_summary(user)
