"""Regulation writes: sanctions (impose, lift, expire, correction), appeals, the 异常名录, the licence
register, referrals between regulators, throttles. Keyword-only, atomic, audit-logged; the sanctioned party is
notified with reason, basis and how to appeal; ``sanction.changed`` is emitted so search hides or shows the
employer's postings on commit."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.core.masking import mask_id_number
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action
from suzhaohuo.regulation import selectors
from suzhaohuo.regulation.choices import (
    AppealStatus,
    ListingKey,
    Organisation,
    ReferralStatus,
    SanctionKind,
    SanctionStatus,
    SubjectType,
)
from suzhaohuo.regulation.errors import RegulationErrorCode as Code
from suzhaohuo.regulation.models import (
    AbnormalListing,
    Appeal,
    LicenceRecord,
    Referral,
    ReverificationReminder,
    Sanction,
    Throttle,
)

MAX_SUSPEND_DAYS = 365
APPEAL_HOW = "如对处理有异议，可在收到本通知之日起60日内在「我的 → 监管处理与申诉」提出申诉，或依法申请行政复议。"


# --- subjects -----------------------------------------------------------------------------------

def subject_resolve(subject_type: str, subject_id: int) -> tuple[Any, str, str, Any]:
    """(record, display name, region code, user to notify) for a sanction subject."""
    if subject_type == SubjectType.EMPLOYER:
        from suzhaohuo.identity.models import Employer

        emp = Employer.objects.select_related("owner").filter(pk=subject_id).first()
        if emp is None:
            raise NotFound(_("找不到这个用工主体，请核对编号。"), "subject_id")
        return emp, emp.name, emp.township_id or "", emp.owner
    if subject_type == SubjectType.SOURCE:
        from suzhaohuo.aggregation.models import Source

        src = Source.objects.filter(pk=subject_id).first()
        if src is None:
            raise NotFound(_("找不到这个数据源，请核对编号。"), "subject_id")
        owner = src.organization_employer.owner if src.organization_employer_id else None  # type: ignore[union-attr]
        return src, src.name, src.region_id or "", owner
    if subject_type == SubjectType.USER:
        from suzhaohuo.accounts.models import User
        from suzhaohuo.identity.selectors import employer_of, person_identity_of

        user = User.objects.filter(pk=subject_id).first()
        if user is None:
            raise NotFound(_("找不到这个账号，请核对编号。"), "subject_id")
        ident, emp = person_identity_of(user), employer_of(user)
        region = (ident.township_id if ident else None) or (emp.township_id if emp else None) or ""
        return user, str(user), region, user
    if subject_type == SubjectType.JOB:
        from suzhaohuo.jobs.models import Job

        job = Job.objects.select_related("employer__owner").filter(pk=subject_id).first()
        if job is None:
            raise NotFound(_("找不到这个岗位，请核对编号。"), "subject_id")
        return job, job.title, job.township_id, job.employer.owner
    raise AppError(Code.BAD_INPUT, _("请选择处理对象类型：用工主体、数据源、账号或岗位。"), "subject_type")


ALLOWED_SUBJECTS: dict[str, tuple[str, ...]] = {
    SanctionKind.WARNING: tuple(SubjectType.values),
    SanctionKind.CORRECTION: (SubjectType.EMPLOYER, SubjectType.SOURCE, SubjectType.USER),
    SanctionKind.TAKE_DOWN: (SubjectType.JOB,),
    SanctionKind.SUSPEND_POSTING: (SubjectType.EMPLOYER,),
    SanctionKind.SUSPEND_SOURCE: (SubjectType.SOURCE,),
    SanctionKind.CLOSE_ACCOUNT: (SubjectType.USER,),
    SanctionKind.ABNORMAL_LIST: (SubjectType.EMPLOYER, SubjectType.USER),
}


def _notify_party(user: Any, sanction: Sanction, title: str, body: str) -> None:
    if user is None:
        return
    from suzhaohuo.notifications.services import notify

    notify(user=user, event="sanction_decided", title=title, body=body, url="/regulation/my/", sms=True)


def _changed(sanction: Sanction) -> None:
    events.emit(EventName.SANCTION_CHANGED, sanction_id=sanction.pk, subject_type=sanction.subject_type,
                subject_id=sanction.subject_id)


def _clean_evidence(evidence: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    out = []
    for item in evidence or []:
        label = str(item.get("label") or item.get("ref") or "").strip()
        if label:
            out.append({"type": str(item.get("type") or "link")[:16], "ref": str(item.get("ref") or "")[:200],
                        "label": label[:200]})
    return out


# --- sanctions ----------------------------------------------------------------------------------

@transaction.atomic
def sanction_impose(*, actor: User, kind: str, subject_type: str, subject_id: int, legal_basis: str, reason: str,
                    evidence: list[dict[str, Any]] | None = None, days: int | None = None,
                    ends_at: datetime | None = None, correction_required: str = "",
                    correction_deadline: date | None = None) -> Sanction:
    """Decide a sanction. 暂停招聘服务 needs ``days``; 责令改正 the correction and a deadline."""
    if kind not in SanctionKind.values:
        raise AppError(Code.BAD_INPUT, _("请选择处理类型。"), "kind")
    if subject_type not in ALLOWED_SUBJECTS[kind]:
        raise AppError(Code.BAD_INPUT, _("「%(k)s」不适用于这类对象，请重新选择。")
                       % {"k": SanctionKind(kind).label}, "subject_type")
    record, name, region, party = subject_resolve(subject_type, subject_id)
    policy.require(actor, Action.SANCTION_DECIDE, region_code=region or None)
    legal_basis, reason = (legal_basis or "").strip(), (reason or "").strip()
    if not legal_basis:
        raise AppError(Code.BAD_INPUT, _("请填写法律依据（如《人力资源市场暂行条例》第四十三条）。"), "legal_basis")
    if not reason:
        raise AppError(Code.BAD_INPUT, _("请写明处理理由，被处理方会收到这条说明。"), "reason")
    now = timezone.now()
    if kind == SanctionKind.SUSPEND_POSTING:
        if not days or not (1 <= int(days) <= MAX_SUSPEND_DAYS):
            raise AppError(Code.BAD_INPUT, _("请填写暂停天数（1到%(n)s天）。") % {"n": MAX_SUSPEND_DAYS}, "days")
        ends_at = now + timedelta(days=int(days))
    elif days:
        ends_at = now + timedelta(days=int(days))
    if kind == SanctionKind.CORRECTION:
        if not (correction_required or "").strip():
            raise AppError(Code.BAD_INPUT, _("请写明需要整改的内容。"), "correction_required")
        if correction_deadline is None or correction_deadline < timezone.localdate():
            raise AppError(Code.BAD_INPUT, _("请选择今天或以后的整改期限。"), "correction_deadline")
    if ends_at is not None and ends_at <= now:
        raise AppError(Code.BAD_INPUT, _("结束时间要晚于现在。"), "ends_at")
    sanction = Sanction.objects.create(
        kind=kind, subject_type=subject_type, subject_id=subject_id, subject_name=name[:128], region_code=region,
        legal_basis=legal_basis[:300], reason=reason, evidence=_clean_evidence(evidence),
        correction_required=(correction_required or "").strip(), correction_deadline=correction_deadline,
        decided_by=actor if getattr(actor, "pk", None) else None, starts_at=now, ends_at=ends_at)
    if kind == SanctionKind.TAKE_DOWN:
        from suzhaohuo.jobs.services import job_take_down

        job_take_down(actor=actor, job=record, reason=reason)
    if kind == SanctionKind.ABNORMAL_LIST:
        if subject_type == SubjectType.EMPLOYER and record.uscc:
            _listing_create(actor=actor, key_type=ListingKey.USCC, value=record.uscc, name=name, reason=reason,
                            legal_basis=legal_basis, region_code=region, ends_at=ends_at, sanction=sanction)
        elif subject_type == SubjectType.USER:
            ident = getattr(record, "identity", None) if hasattr(record, "identity") else None
            if ident is not None and ident.id_number:
                _listing_create(actor=actor, key_type=ListingKey.ID_NUMBER, value=ident.id_number, name=name,
                                reason=reason, legal_basis=legal_basis, region_code=region, ends_at=ends_at,
                                sanction=sanction)
    audit_record(actor=actor, action=f"regulation.sanction_{kind}", target=sanction, region_code=region,
                 reason=reason, data={"subject_type": subject_type, "subject_id": subject_id,
                                      "ends_at": ends_at.isoformat() if ends_at else None})
    until = timezone.localtime(ends_at).strftime("%Y-%m-%d %H:%M") if ends_at else _("另行通知")
    body = _("处理：%(k)s；对象：%(n)s；期限：至%(u)s。原因：%(r)s。依据：%(b)s。%(c)s%(h)s") % {
        "k": sanction.get_kind_display(), "n": name, "u": until, "r": reason, "b": legal_basis,
        "c": (_("整改要求：%(c)s（%(d)s前完成并在平台报告）。") % {"c": sanction.correction_required,
                                                         "d": correction_deadline}) if correction_deadline else "",
        "h": _(APPEAL_HOW)}
    _notify_party(party, sanction, _("监管处理通知：%(k)s") % {"k": sanction.get_kind_display()}, body)
    _changed(sanction)
    return sanction


def _lift(sanction: Sanction, *, actor: User | None, reason: str, status: str = SanctionStatus.LIFTED) -> Sanction:
    sanction.status, sanction.lifted_at = status, timezone.now()
    sanction.lifted_by = actor if getattr(actor, "pk", None) else None
    sanction.lift_reason = reason[:300]
    sanction.save(update_fields=["status", "lifted_at", "lifted_by", "lift_reason", "updated_at"])
    AbnormalListing.objects.filter(sanction=sanction, removed_at__isnull=True).update(removed_at=timezone.now())
    audit_record(actor=actor, action=f"regulation.sanction_{status}", target=sanction,
                 region_code=sanction.region_code, reason=reason)
    _record, _name, _region, party = subject_resolve(sanction.subject_type, sanction.subject_id)
    _notify_party(party, sanction, _("监管处理已解除：%(k)s") % {"k": sanction.get_kind_display()},
                  _("对“%(n)s”的「%(k)s」已于%(t)s解除。说明：%(r)s") % {
                      "n": sanction.subject_name, "k": sanction.get_kind_display(),
                      "t": timezone.localtime(sanction.lifted_at).strftime("%Y-%m-%d %H:%M"), "r": reason})
    _changed(sanction)
    return sanction


@transaction.atomic
def sanction_lift(*, actor: User, sanction: Sanction, reason: str) -> Sanction:
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    policy.require(actor, Action.SANCTION_DECIDE, region_code=sanction.region_code or None)
    if sanction.status != SanctionStatus.ACTIVE:
        raise AppError(Code.BAD_STATE, _("这项处理已经解除或到期了。"), status=409)
    if not (reason or "").strip():
        raise AppError(Code.BAD_INPUT, _("请写明解除原因。"), "reason")
    return _lift(sanction, actor=actor, reason=reason.strip())


@transaction.atomic
def sanction_correction_report(*, user: Any, sanction: Sanction, report: str) -> Sanction:
    """The sanctioned party reports what it corrected (责令改正)."""
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if not selectors.sanctions_of_user(user).filter(pk=sanction.pk).exists():
        raise NotFound(_("找不到这项处理。"))
    if sanction.kind != SanctionKind.CORRECTION or sanction.status != SanctionStatus.ACTIVE:
        raise AppError(Code.BAD_STATE, _("这项处理不需要报告整改情况。"), status=409)
    if not (report or "").strip():
        raise AppError(Code.BAD_INPUT, _("请写明已完成的整改内容。"), "report")
    sanction.correction_report, sanction.correction_reported_at = report.strip(), timezone.now()
    sanction.save(update_fields=["correction_report", "correction_reported_at", "updated_at"])
    audit_record(actor=user, action="regulation.correction_report", target=sanction,
                 region_code=sanction.region_code)
    return sanction


@transaction.atomic
def sanction_correction_verify(*, actor: User, sanction: Sanction, note: str = "") -> Sanction:
    """The regulator confirms the correction: the 责令改正 is lifted."""
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    policy.require(actor, Action.SANCTION_DECIDE, region_code=sanction.region_code or None)
    if sanction.kind != SanctionKind.CORRECTION or sanction.status != SanctionStatus.ACTIVE:
        raise AppError(Code.BAD_STATE, _("只有执行中的责令改正可以核验整改。"), status=409)
    sanction.correction_verified_at = timezone.now()
    sanction.save(update_fields=["correction_verified_at", "updated_at"])
    return _lift(sanction, actor=actor, reason=note.strip() or _("整改已核验"))


def sanctions_expire(*, now: datetime | None = None) -> int:
    """Periodic: sanctions past their end date are lifted automatically. Idempotent."""
    now = now or timezone.now()
    n = 0
    for pk in Sanction.objects.filter(status=SanctionStatus.ACTIVE, ends_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            s = Sanction.objects.select_for_update().get(pk=pk)
            if s.status == SanctionStatus.ACTIVE and s.ends_at is not None and s.ends_at <= now:
                _lift(s, actor=None, reason=_("期限届满自动解除"), status=SanctionStatus.EXPIRED)
                n += 1
    return n


# --- appeals ------------------------------------------------------------------------------------

@transaction.atomic
def appeal_submit(*, user: Any, sanction: Sanction, statement: str) -> Appeal:
    if not selectors.sanctions_of_user(user).filter(pk=sanction.pk).exists():
        raise NotFound(_("找不到这项处理。"))
    statement = (statement or "").strip()
    if len(statement) < 10:
        raise AppError(Code.BAD_INPUT, _("请写明申诉理由（至少10个字），可附上整改或证明材料的说明。"), "statement")
    if sanction.appeals.filter(status=AppealStatus.SUBMITTED).exists():
        raise AppError(Code.BAD_STATE, _("这项处理已有申诉正在办理，请等待处理结果。"), status=409)
    appeal = Appeal.objects.create(sanction=sanction, appellant=user, statement=statement[:3000])
    audit_record(actor=user, action="regulation.appeal_submit", target=appeal, region_code=sanction.region_code)
    from suzhaohuo.accounts.models import User
    from suzhaohuo.notifications.services import notify

    for reg in User.objects.filter(role="regulator", is_active=True).select_related("scope_region")[:200]:
        if policy.in_scope(reg, sanction.region_code):
            notify(user=reg, event="appeal_received", title=_("收到申诉：%(n)s") % {"n": sanction.subject_name},
                   body=statement[:200], url=f"/regulation/appeals/{appeal.pk}/")
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, uphold: bool, reason: str) -> Appeal:
    """Decide an appeal with reasons: upheld lifts the sanction; rejected keeps it."""
    from suzhaohuo.notifications.services import notify

    appeal = Appeal.objects.select_for_update().select_related("sanction").get(pk=appeal.pk)
    policy.require(actor, Action.SANCTION_DECIDE, region_code=appeal.sanction.region_code or None)
    if appeal.status != AppealStatus.SUBMITTED:
        raise AppError(Code.BAD_STATE, _("这件申诉已经处理过了。"), status=409)
    reason = (reason or "").strip()
    if not reason:
        raise AppError(Code.BAD_INPUT, _("请写明处理意见和理由，申诉人会收到这条说明。"), "reason")
    appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
    appeal.decision_reason, appeal.decided_by, appeal.decided_at = reason, actor, timezone.now()
    appeal.save()
    audit_record(actor=actor, action=f"regulation.appeal_{appeal.status}", target=appeal,
                 region_code=appeal.sanction.region_code, reason=reason)
    if uphold and appeal.sanction.status == SanctionStatus.ACTIVE:
        _lift(Sanction.objects.select_for_update().get(pk=appeal.sanction_id), actor=actor,
              reason=_("申诉成立：%(r)s") % {"r": reason})
    if appeal.appellant is not None:
        notify(user=appeal.appellant, event="appeal_decided", title=_("申诉处理结果：%(s)s") % {
            "s": appeal.get_status_display()}, body=reason, url="/regulation/my/", sms=True)
    return appeal


# --- 异常名录 -----------------------------------------------------------------------------------

def _mask(key_type: str, value: str) -> str:
    v = (value or "").strip().upper()
    return mask_id_number(v) if key_type == ListingKey.ID_NUMBER else (f"{v[:4]}**********{v[-4:]}" if len(v) > 8 else "****")


def _listing_create(*, actor: User, key_type: str, value: str, name: str, reason: str, legal_basis: str,
                    region_code: str, ends_at: datetime | None, sanction: Sanction | None = None) -> AbnormalListing:
    listing = AbnormalListing.objects.create(
        key_type=key_type, key_hash=selectors.listing_hash(key_type, value), masked_key=_mask(key_type, value),
        name=name[:128], reason=reason, legal_basis=legal_basis[:300], region_code=region_code, ends_at=ends_at,
        listed_by=actor if getattr(actor, "pk", None) else None, sanction=sanction)
    audit_record(actor=actor, action="regulation.listing_add", target=listing, region_code=region_code,
                 reason=reason, data={"key_type": key_type})
    return listing


@transaction.atomic
def listing_add(*, actor: User, key_type: str, value: str, reason: str, region_code: str, name: str = "",
                legal_basis: str = "", days: int | None = None) -> AbnormalListing:
    """List a USCC or resident ID directly (e.g. on another authority's decision). Only the keyed hash and a
    masked form are stored."""
    from suzhaohuo.core.validators import id_number_is_valid, normalize_id_number, uscc_is_valid

    policy.require(actor, Action.SANCTION_DECIDE, region_code=region_code or None)
    value = (value or "").strip().upper()
    if key_type == ListingKey.USCC and not uscc_is_valid(value):
        raise AppError(Code.BAD_INPUT, _("统一社会信用代码校验不通过，请逐位核对18位代码。"), "value")
    if key_type == ListingKey.ID_NUMBER:
        value = normalize_id_number(value)
        if not id_number_is_valid(value):
            raise AppError(Code.BAD_INPUT, _("身份证号码校验不通过，请逐位核对18位号码。"), "value")
    if key_type not in ListingKey.values:
        raise AppError(Code.BAD_INPUT, _("请选择标识类型。"), "key_type")
    if not (reason or "").strip():
        raise AppError(Code.BAD_INPUT, _("请写明列入原因。"), "reason")
    if selectors.listing_in_force(key_type, value) is not None:
        raise AppError(Code.BAD_STATE, _("这个标识已在异常名录中。"), "value", status=409)
    ends_at = timezone.now() + timedelta(days=int(days)) if days else None
    return _listing_create(actor=actor, key_type=key_type, value=value, name=name, reason=reason.strip(),
                           legal_basis=legal_basis, region_code=region_code, ends_at=ends_at)


@transaction.atomic
def listing_remove(*, actor: User, listing: AbnormalListing, reason: str) -> AbnormalListing:
    policy.require(actor, Action.SANCTION_DECIDE, region_code=listing.region_code or None)
    if not (reason or "").strip():
        raise AppError(Code.BAD_INPUT, _("请写明移出原因。"), "reason")
    listing.removed_at = timezone.now()
    listing.save(update_fields=["removed_at", "updated_at"])
    audit_record(actor=actor, action="regulation.listing_remove", target=listing, region_code=listing.region_code,
                 reason=reason)
    return listing


# --- licence register --------------------------------------------------------------------------

LICENCE_HEADERS = {"许可证编号": "number", "机构名称": "holder_name", "有效期至": "valid_until",
                   "发证机关": "issuer", "状态": "status"}


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@transaction.atomic
def licence_register_import(*, actor: User, content: bytes, file_name: str) -> dict[str, Any]:
    """Load the 人力资源服务许可证 register from the bureau's spreadsheet (.xlsx or .csv with the headers
    许可证编号/机构名称/有效期至/发证机关/状态). Upserts by number; returns counts and per-row problems."""
    policy.require(actor, Action.SANCTION_DECIDE)
    rows: list[list[Any]]
    if file_name.lower().endswith(".xlsx"):
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(r) for r in wb.active.iter_rows(values_only=True)]
    elif file_name.lower().endswith(".csv"):
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        raise AppError(Code.BAD_INPUT, _("请上传 .xlsx 或 .csv 格式的许可证登记表。"), "file")
    if not rows:
        raise AppError(Code.BAD_INPUT, _("文件是空的，请检查后重新上传。"), "file")
    header = [LICENCE_HEADERS.get(str(h or "").strip(), "") for h in rows[0]]
    if "number" not in header or "valid_until" not in header:
        raise AppError(Code.BAD_INPUT, _("表头须包含「许可证编号」和「有效期至」两列。"), "file")
    created = updated = 0
    problems: list[dict[str, Any]] = []
    for i, raw in enumerate(rows[1:], start=2):
        rec = {key: raw[j] if j < len(raw) else None for j, key in enumerate(header) if key}
        number = str(rec.get("number") or "").strip()
        if not number:
            continue
        until = _parse_date(rec.get("valid_until"))
        if until is None:
            problems.append({"row": i, "message": _("有效期至不是日期（例如 2027-06-30）。")})
            continue
        _obj, was_created = LicenceRecord.objects.update_or_create(number=number, defaults={
            "holder_name": str(rec.get("holder_name") or "")[:128], "valid_until": until,
            "issuer": str(rec.get("issuer") or "")[:128],
            "revoked": str(rec.get("status") or "").strip() in ("注销", "吊销", "已注销", "已吊销")})
        created += int(was_created)
        updated += int(not was_created)
    audit_record(actor=actor, action="regulation.licence_register_import", target_type="regulation.licencerecord",
                 data={"created": created, "updated": updated, "problems": len(problems), "file": file_name[:100]})
    return {"created": created, "updated": updated, "problems": problems}


# --- re-verification -----------------------------------------------------------------------------

REMINDER_STAGES = ((30, "30d"), (7, "7d"))


def reverification_remind(*, now: datetime | None = None) -> int:
    """Periodic: remind recruitment accounts 30 and 7 days before their verification expires, and tell them
    when it has expired (posting is then refused by the standing check). One message per stage and period."""
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.notifications.services import notify

    now = now or timezone.now()
    sent = 0
    qs = Employer.objects.filter(verified_at__isnull=False, verification_expires_at__isnull=False,
                                 verification_expires_at__lt=now + timedelta(days=30)).select_related("owner")
    for emp in qs:
        due = emp.verification_expires_at
        assert due is not None
        if due <= now:
            stage = "expired"
        else:
            stage = next(s for days, s in reversed(REMINDER_STAGES) if due <= now + timedelta(days=days))
        _r, created = ReverificationReminder.objects.get_or_create(employer_id=emp.pk, stage=stage, due_at=due)
        if not created:
            continue
        when = timezone.localtime(due).strftime("%Y-%m-%d")
        if stage == "expired":
            title, body = _("实名认证已到期，招聘服务已暂停"), _("“%(n)s”的实名认证已于%(d)s到期（每6个月复核一次），"
                                                 "发布岗位已暂停。请携带营业执照和经办人身份证到零工服务站复核。") % {"n": emp.name, "d": when}
        else:
            title, body = _("实名认证即将到期"), _("“%(n)s”的实名认证将于%(d)s到期。到期后将暂停发布岗位，"
                                          "请提前到零工服务站复核。") % {"n": emp.name, "d": when}
        notify(user=emp.owner, event="reverification_due", title=title, body=body, url="/accounts/me/", sms=True)
        sent += 1
    return sent


# --- referrals ----------------------------------------------------------------------------------

def _limits() -> tuple[int, int]:
    ack, answer = getattr(settings, "REGULATION_REFERRAL_LIMITS_DAYS", (3, 15))
    return int(ack), int(answer)


def _require_referral_actor(actor: User, region_code: str) -> str:
    policy.require(actor, Action.REFERRAL_HANDLE, region_code=region_code or None)
    org = selectors.organisation_of(actor)
    if org is None:
        raise AppError(Code.BAD_STATE, _("您的账号未登记所属监管机构，请联系管理员。"), status=403)
    return org


@transaction.atomic
def referral_send(*, actor: User, to_org: str, region_code: str, subject_name: str, summary: str,
                  case_file: list[dict[str, Any]] | None = None) -> Referral:
    """线索移送 with the case file; the receiving organisation must acknowledge and answer in time."""
    from_org = _require_referral_actor(actor, region_code)
    if to_org not in Organisation.values or to_org == from_org:
        raise AppError(Code.BAD_INPUT, _("请选择接收机构（不能是本机构）。"), "to_org")
    if not (subject_name or "").strip() or not (summary or "").strip():
        raise AppError(Code.BAD_INPUT, _("请填写涉及对象和线索摘要。"), "summary")
    ack, answer = _limits()
    now = timezone.now()
    ref = Referral.objects.create(from_org=from_org, to_org=to_org, region_code=region_code,
                                  subject_name=subject_name.strip()[:128], summary=summary.strip(),
                                  case_file=_clean_evidence(case_file), sent_by=actor,
                                  ack_due_at=now + timedelta(days=ack), answer_due_at=now + timedelta(days=answer))
    audit_record(actor=actor, action="regulation.referral_send", target=ref, region_code=region_code,
                 data={"from": from_org, "to": to_org})
    return ref


def _receiving(actor: User, ref: Referral) -> None:
    org = _require_referral_actor(actor, ref.region_code)
    if org != ref.to_org and not policy.is_admin(actor):
        raise AppError(Code.BAD_STATE, _("只有接收机构可以签收和答复这件移送。"), status=403)


@transaction.atomic
def referral_acknowledge(*, actor: User, referral: Referral) -> Referral:
    ref = Referral.objects.select_for_update().get(pk=referral.pk)
    _receiving(actor, ref)
    if ref.status != ReferralStatus.SENT:
        raise AppError(Code.BAD_STATE, _("这件移送已签收。"), status=409)
    ref.status, ref.acknowledged_at, ref.acknowledged_by = ReferralStatus.ACKNOWLEDGED, timezone.now(), actor
    ref.save()
    audit_record(actor=actor, action="regulation.referral_ack", target=ref, region_code=ref.region_code)
    return ref


@transaction.atomic
def referral_answer(*, actor: User, referral: Referral, answer: str) -> Referral:
    ref = Referral.objects.select_for_update().get(pk=referral.pk)
    _receiving(actor, ref)
    if ref.status not in (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED):
        raise AppError(Code.BAD_STATE, _("这件移送已答复。"), status=409)
    if not (answer or "").strip():
        raise AppError(Code.BAD_INPUT, _("请填写答复内容（受理情况、处理措施）。"), "answer")
    now = timezone.now()
    if ref.acknowledged_at is None:
        ref.acknowledged_at, ref.acknowledged_by = now, actor
    ref.status, ref.answer, ref.answered_at, ref.answered_by = ReferralStatus.ANSWERED, answer.strip(), now, actor
    ref.save()
    audit_record(actor=actor, action="regulation.referral_answer", target=ref, region_code=ref.region_code)
    return ref


@transaction.atomic
def referral_outcome(*, actor: User, referral: Referral, outcome: str) -> Referral:
    """The receiving organisation feeds back the final outcome; both sides see it."""
    ref = Referral.objects.select_for_update().get(pk=referral.pk)
    _receiving(actor, ref)
    if ref.status != ReferralStatus.ANSWERED:
        raise AppError(Code.BAD_STATE, _("请先答复，再反馈处理结果。"), status=409)
    if not (outcome or "").strip():
        raise AppError(Code.BAD_INPUT, _("请填写处理结果。"), "outcome")
    ref.status, ref.outcome, ref.closed_at = ReferralStatus.CLOSED, outcome.strip(), timezone.now()
    ref.save()
    audit_record(actor=actor, action="regulation.referral_outcome", target=ref, region_code=ref.region_code)
    return ref


def referrals_flag_overdue(*, now: datetime | None = None) -> int:
    """Periodic: notify the receiving organisation's regulators once about each overdue referral."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.notifications.services import notify

    n = 0
    for ref in selectors.referrals_overdue(now):
        which = ref.overdue(now)
        action = f"regulation.referral_overdue_{which}"
        if AuditEvent.objects.filter(action=action, target_id=str(ref.pk)).exists():
            continue
        with transaction.atomic():
            audit_record(actor=None, action=action, target=ref, region_code=ref.region_code)
            for user in User.objects.filter(regulator_org__organisation=ref.to_org, is_active=True):
                if policy.in_scope(user, ref.region_code):
                    notify(user=user, event="referral_overdue", title=_("线索移送已超期：%(n)s") % {
                        "n": ref.subject_name}, body=ref.summary[:200], url=f"/regulation/referrals/{ref.pk}/")
        n += 1
    return n


# --- throttles ----------------------------------------------------------------------------------

@transaction.atomic
def throttle_apply(*, user_id: int, reason: str, hours: int = 24) -> Throttle:
    existing = selectors.throttle_in_force(user_id)
    if existing is not None:
        return existing
    t = Throttle.objects.create(user_id=user_id, reason=reason[:300], until=timezone.now() + timedelta(hours=hours))
    audit_record(actor=None, action="regulation.throttle", target=t, reason=reason)
    return t


@transaction.atomic
def throttle_lift(*, actor: User, throttle: Throttle) -> Throttle:
    policy.require(actor, Action.SANCTION_DECIDE)
    throttle.lifted_at = timezone.now()
    throttle.save(update_fields=["lifted_at"])
    audit_record(actor=actor, action="regulation.throttle_lift", target=throttle)
    return throttle
