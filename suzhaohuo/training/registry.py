"""Plug training into lower apps' extension points at start-up: /verify learns the training certificate, and
carriers' weekly board and kiosk page list the courses held at a carrier."""

from __future__ import annotations

import json
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suzhaohuo.core.site import absolute

CERT_NUMBER_RE = re.compile(r"SZHT-\d{4}-\d{6,}")


def _summary(cert: Any) -> dict[str, Any]:
    from suzhaohuo.core.masking import mask_name

    f = json.loads(cert.document).get("fields", {})
    return {"number": cert.number, "pdf_sha256": cert.pdf_sha256, "key_id": cert.key_id, "facts": [
        (_("文书"), _("培训合格证书")), (_("证书编号"), cert.number), (_("持证人"), mask_name(f.get("worker_name", ""))),
        (_("培训课程"), f.get("course_title", "")), (_("培训机构"), f.get("provider_name", "")),
        (_("职业（工种）"), f"{f.get('occupation', '')} {f.get('occupation_code', '')}".strip()),
        (_("学时"), f.get("hours", "")), (_("签发时间"), timezone.localtime(cert.issued_at).strftime("%Y-%m-%d %H:%M")),
    ]}


def _result(cert: Any, *, via_pdf: bool, digest: str = "") -> Any:
    from suzhaohuo.agreements.choices import VerifyOutcome
    from suzhaohuo.agreements.verification import VerifyResult, sealed_document_checks
    from suzhaohuo.training.services import CERT_KIND

    checks = sealed_document_checks(document_kind=CERT_KIND, number=cert.number, document=cert.document,
                                    document_sha256=cert.document_sha256, seal_payload=cert.seal_payload,
                                    platform_signature=cert.platform_signature, key_id=cert.key_id)
    if all(c.ok for c in checks):
        msg = (_("这份PDF是速找活签发的培训合格证书%(n)s原件，内容与签发时完全一致。") if via_pdf
               else _("培训合格证书%(n)s真实有效：平台记录完整、未被改动。")) % {"n": cert.number}
        return VerifyResult(VerifyOutcome.AUTHENTIC, msg, cert.number, None, checks, digest, _summary(cert))
    return VerifyResult(VerifyOutcome.BROKEN, _("培训合格证书%(n)s的平台记录校验未通过，可能被改动过。请联系零工服务站。") % {
        "n": cert.number}, cert.number, None, checks, digest, _summary(cert))


def _by_number(number: str) -> Any:
    from suzhaohuo.agreements.choices import VerifyOutcome
    from suzhaohuo.agreements.verification import VerifyResult
    from suzhaohuo.training.models import Certificate

    cert = Certificate.objects.defer("pdf").filter(number=number).first()
    if cert is None:
        return VerifyResult(VerifyOutcome.UNKNOWN, _("没有找到编号为%(n)s的培训合格证书。请核对证书编号。") % {"n": number},
                            number)
    return _result(cert, via_pdf=False)


def _by_pdf(digest: str) -> Any:
    from suzhaohuo.training.models import Certificate

    cert = Certificate.objects.defer("pdf").filter(pdf_sha256=digest).first()
    return None if cert is None else _result(cert, via_pdf=True, digest=digest)


def _chain_ok(entry: Any, data: dict[str, Any]) -> bool:
    from suzhaohuo.agreements import signing
    from suzhaohuo.training.models import Certificate

    cert = Certificate.objects.defer("pdf").filter(number=entry.document_number).first()
    return (cert is not None and data.get("document_sha256") == cert.document_sha256
            and data.get("platform_signature") == cert.platform_signature
            and signing.sha256_hex(cert.document) == cert.document_sha256
            and signing.verify(cert.seal_payload, cert.platform_signature))


def _board_items(carrier: Any) -> list[Any]:
    from suzhaohuo.carriers.board import BoardItem
    from suzhaohuo.training.selectors import courses_at_carrier

    items = []
    for c in courses_at_carrier(carrier):
        first = getattr(c, "first_session", None)
        when = timezone.localtime(first).strftime("%m月%d日 %H:%M") if first else ""
        fee = _("免费") if not c.fee else _("学费%(f)s元") % {"f": c.fee}
        items.append(BoardItem(title=c.title, lines=[
            _("%(w)s开课，共%(h)s学时，%(fee)s") % {"w": when, "h": c.hours, "fee": fee},
            _("结业可获：%(c)s%(s)s") % {"c": c.certificate_name, "s": _("（可申请培训补贴）") if c.subsidy_eligible else ""},
            _("培训机构：%(p)s") % {"p": c.provider.name}],
            url=absolute(reverse("training:course", args=[c.pk]))))
    return items


def register() -> None:
    from suzhaohuo.agreements.verification import DocumentKind, register_kind
    from suzhaohuo.carriers.board import register_section
    from suzhaohuo.training.services import CERT_KIND

    register_kind(DocumentKind(code=CERT_KIND, label=str(gettext_lazy("培训合格证书")), number_re=CERT_NUMBER_RE,
                               by_number=_by_number, by_pdf_sha256=_by_pdf, chain_ok=_chain_ok))
    register_section(str(gettext_lazy("本站技能培训")), _board_items)
