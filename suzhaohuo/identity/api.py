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
    services.identity_submit_throttle(user=user, ip=request.META.get("REMOTE_ADDR"))
    services.person_identity_submit(user=user, real_name=payload.real_name, id_number=payload.id_number,
                                    township_code=payload.township_code,
                                    update_worker_profile=user.role == Role.WORKER)
    return me_summary(user)


class EmployerIn(Schema):
    kind: str
    name: str
    township_code: str
    address: str = ""
    uscc: str = ""
    legal_representative: str = ""
    handler_name: str = ""
    handler_id_number: str = ""
    is_agency: bool = False
    hr_licence_number: str = ""
    person_id_number: str = ""


@router.post("/me/employer", auth=django_auth,
             summary="登记用工主体（企业：信用代码、法定代表人、经办人；个人：本人身份证），状态变为待核验")
def me_employer_register(request: HttpRequest, payload: EmployerIn) -> dict[str, Any]:
    user: Any = request.user
    services.employer_register(user=user, **payload.dict())
    return me_summary(user)
