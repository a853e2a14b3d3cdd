"""PIPL hooks for real-name data (see accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.identity.choices import VerificationStatus
from suzhaohuo.identity.models import Employer, PersonIdentity, VerificationEvent

DELETED_NAME = "已注销用户"


def export_data(user: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    person = PersonIdentity.objects.filter(user=user).select_related("township").first()
    if person is not None and person.id_number_hash:
        from suzhaohuo.accounts.services import pii_reveal

        out["person"] = {
            "real_name": person.real_name,
            # The person's own full ID: a logged reveal to themselves.
            "id_number": pii_reveal(actor=user, subject=user, field="id_number", value=person.id_number,
                                    purpose=_("本人下载个人数据")),
            "gender": person.gender, "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "township": person.township.name if person.township else None,
            "verification_status": person.verification_status,
            "verified_at": person.verified_at.isoformat() if person.verified_at else None,
            "verification_expires_at": (person.verification_expires_at.isoformat()
                                        if person.verification_expires_at else None),
            "events": _events("person", person.pk),
        }
    employer = Employer.objects.filter(owner=user).select_related("township").first()
    if employer is not None:
        out["employer"] = {
            "kind": employer.kind, "name": employer.name, "uscc": employer.uscc,
            "legal_representative": employer.legal_representative, "handler_name": employer.handler_name,
            "handler_id_number": employer.masked_handler_id_number,
            "is_agency": employer.is_agency, "hr_licence_number": employer.hr_licence_number,
            "township": employer.township.name if employer.township else None, "address": employer.address,
            "verification_status": employer.verification_status,
            "events": _events("employer", employer.pk),
        }
    return out


def _events(kind: str, pk: int) -> list[dict[str, Any]]:
    return [{"status": e.status, "method": e.method, "reason": e.reason, "at": e.created_at.isoformat()}
            for e in VerificationEvent.objects.filter(subject_type=kind, subject_id=pk)]


def erase_data(user: Any) -> list[dict[str, Any]]:
    retained: list[dict[str, Any]] = []
    person = PersonIdentity.objects.filter(user=user).first()
    if person is not None:
        PersonIdentity.objects.filter(pk=person.pk).update(
            real_name=DELETED_NAME, id_number="", id_number_hash=None, gender="", birth_date=None,
            verification_status=VerificationStatus.UNVERIFIED, verification_expires_at=None, rejection_reason="")
        person.history.all().delete()  # old versions carry the name and the ID hash
    employer = Employer.objects.filter(owner=user).first()
    if employer is not None:
        fields: dict[str, Any] = {"handler_name": "", "handler_id_number": "",
                                  "verification_status": VerificationStatus.UNVERIFIED,
                                  "verification_expires_at": None}
        if employer.kind != "enterprise":
            fields.update(name=DELETED_NAME, address="")
        if employer.licence_image:
            employer.licence_image.delete(save=False)
            fields["licence_image"] = ""
        Employer.objects.filter(pk=employer.pk).update(**fields)
        employer.history.all().update(handler_name="", **({"name": DELETED_NAME, "address": ""}
                                                          if employer.kind != "enterprise" else {}),
                                      licence_image="")
        retained.append({"what": str(Employer._meta.verbose_name), "model": "identity.employer", "count": 1,
                         "why": _("已发布岗位和用工记录依法保留；个人信息已清除")})
    return retained
