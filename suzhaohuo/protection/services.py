"""Protection writes: cover for a posting, automatic enrolment of accepted workers (idempotent, retried through
the insurer adapter), claims (报案) forwarded and decided.

Adapter failures never block an engagement: the enrolment is stored as failed, retried with back-off by
``enrolments_retry`` and the worker is told the truth (「投保未成功，正在重试，目前尚未生效」)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError, PermissionDenied
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import events, policy
from suzhaohuo.kernel.events import EventName
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.states import HOLDING_STATES
from suzhaohuo.notifications.services import notify
from suzhaohuo.protection.adapters import ClaimRequest, EnrolRequest, InsurerError, adapter_for
from suzhaohuo.protection.choices import CLAIM_OPEN, ClaimStatus, EnrolmentStatus, PremiumBasis
from suzhaohuo.protection.errors import ProtectionErrorCode as E
from suzhaohuo.protection.models import Claim, ClaimEvent, ClaimPhoto, CoverRule, Enrolment, InsuranceProduct

MAX_ATTEMPTS = 8
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".heic", ".webp")
# A worker may report an injury up to this many days after it happened.
CLAIM_REPORT_DAYS = 30


# --- cover for a posting ------------------------------------------------------------------------------

def products_for(category_code: str = "") -> list[InsuranceProduct]:
    qs = InsuranceProduct.objects.filter(active=True).order_by("kind", "code")
    return [p for p in qs if not category_code or p.applies_to(category_code)]


def required_product(*, category_code: str, township_code: str, on: date | None = None) -> InsuranceProduct | None:
    """The product a city rule requires for this category (longest matching prefix wins), or None."""
    on = on or timezone.localdate()
    rules = (CoverRule.objects.filter(city_code=(township_code or "")[:4], effective_from__lte=on,
                                      product__active=True)
             .exclude(effective_to__lt=on).select_related("product"))
    best = None
    for rule in rules:
        p = rule.category_prefix
        matches = category_code == p or category_code.startswith(f"{p}.")
        if matches and (best is None or len(p) > len(best.category_prefix)):
            best = rule
    return best.product if best else None


def cover_for_job(job: Any) -> InsuranceProduct | None:
    """The product an accepted worker on ``job`` is enrolled in: the posting's choice, else a city rule."""
    code = getattr(job, "cover_code", "") or ""
    product = InsuranceProduct.objects.filter(code=code, active=True).first() if code else None
    if product is not None and product.applies_to(job.category.code):
        return product
    return required_product(category_code=job.category.code, township_code=job.township_id)


# --- enrolment ----------------------------------------------------------------------------------------

def _cover_dates(eng: Any) -> tuple[date, date]:
    start = eng.work_start or timezone.localdate()
    end = eng.work_end or start
    return start, max(start, end)


def _premium(product: InsuranceProduct, start: date, end: date) -> Decimal | None:
    if product.premium_basis == PremiumBasis.PER_DAY:
        return product.premium * ((end - start).days + 1)
    if product.premium_basis == PremiumBasis.PER_JOB:
        return product.premium
    return None  # per order: paid by the platform per order, not known in advance


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 24 * 60))


def _engagement_url(enrolment: Enrolment) -> str:
    return reverse("gigs:engagement", args=[enrolment.engagement_id])


@transaction.atomic
def enrolment_for_engagement(*, engagement_id: int, actor: User | None = None) -> Enrolment | None:
    """Insure the worker of an accepted engagement for its dates, if its job carries cover. Idempotent: a second
    call returns the same enrolment (and tries again only if the first attempt failed). None: no cover."""
    from suzhaohuo.gigs.models import Engagement

    eng = Engagement.objects.select_related("job__category", "worker").get(pk=engagement_id)
    existing = Enrolment.objects.select_for_update().filter(engagement=eng).first()
    if existing is not None:
        if existing.status in (EnrolmentStatus.PENDING, EnrolmentStatus.FAILED):
            return _attempt(existing, actor=actor)
        return existing
    if eng.status not in HOLDING_STATES:
        raise AppError(E.NOT_STARTED, _("这份工作还没有录用（当前状态：%(s)s），录用后才能投保。")
                       % {"s": eng.get_status_display()}, "engagement", status=409)
    product = cover_for_job(eng.job)
    if product is None:
        return None
    start, end = _cover_dates(eng)
    enrolment = Enrolment.objects.create(
        engagement=eng, worker=eng.worker, product=product, idempotency_key=f"szh-eng-{eng.pk}-{product.code}",
        cover_start=start, cover_end=end, premium_total=_premium(product, start, end), payer=product.payer,
        township_code=eng.township_code or eng.job.township_id, category_code=eng.job.category.code)
    audit_record(actor=actor, action="protection.enrolment_create", target=enrolment,
                 region_code=enrolment.township_code, data={"engagement_id": eng.pk, "product": product.code})
    return _attempt(enrolment, actor=actor)


def _attempt(enrolment: Enrolment, *, actor: User | None = None) -> Enrolment:
    """One call to the insurer. Success: active with a policy number. Failure: stored, retried later."""
    from suzhaohuo.identity.selectors import person_identity_of

    worker = enrolment.worker
    identity = person_identity_of(worker)
    eng = enrolment.engagement
    req = EnrolRequest(key=enrolment.idempotency_key, product=enrolment.product.code,
                       name=getattr(identity, "real_name", "") or "", id_number=getattr(identity, "id_number", "") or "",
                       start=enrolment.cover_start, end=enrolment.cover_end, category=enrolment.category_code,
                       place=enrolment.township_code)
    enrolment.attempts += 1
    first_failure = enrolment.status == EnrolmentStatus.PENDING and enrolment.attempts == 1
    try:
        number = adapter_for(enrolment.product.adapter).enrol(req)
    except InsurerError as exc:
        enrolment.last_error = str(exc)[:300]
        if enrolment.attempts >= MAX_ATTEMPTS:
            enrolment.status = EnrolmentStatus.GAVE_UP
            enrolment.next_attempt_at = None
            notify(user=worker, event="cover_failed", title=_("“%(t)s”未能投保") % {"t": eng.job.title},
                   body=_("保险机构多次未能受理，这份工作目前没有平台投保的保障。零工服务站已收到提醒，会联系您和用工方。"),
                   url=_engagement_url(enrolment))
            _alert_staff(enrolment)
        else:
            enrolment.status = EnrolmentStatus.FAILED
            enrolment.next_attempt_at = timezone.now() + _backoff(enrolment.attempts)
            if first_failure:
                notify(user=worker, event="cover_pending", title=_("“%(t)s”的保险正在办理") % {"t": eng.job.title},
                       body=_("保险机构暂时没有响应，平台会自动重试。投保成功前保障尚未生效，成功后会通知您保单号。"),
                       url=_engagement_url(enrolment))
        enrolment.save()
        audit_record(actor=actor, action="protection.enrolment_failed", target=enrolment,
                     region_code=enrolment.township_code, reason=enrolment.last_error,
                     data={"attempts": enrolment.attempts, "status": enrolment.status})
        return enrolment
    enrolment.status = EnrolmentStatus.ACTIVE
    enrolment.policy_number = number
    enrolment.enrolled_at = timezone.now()
    enrolment.next_attempt_at = None
    enrolment.last_error = ""
    enrolment.save()
    audit_record(actor=actor, action="protection.enrolment_active", target=enrolment,
                 region_code=enrolment.township_code, data={"policy_number": number, "attempts": enrolment.attempts})
    notify(user=worker, event="cover_active", title=_("已为您投保：%(p)s") % {"p": enrolment.product.name},
           body=_("保单号 %(n)s，保障期间 %(a)s 至 %(b)s。") % {"n": number, "a": enrolment.cover_start,
                                                             "b": enrolment.cover_end},
           url=_engagement_url(enrolment))
    return enrolment


def _alert_staff(enrolment: Enrolment) -> None:
    """Tell the station staff responsible for the work place that automatic enrolment gave up."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.kernel.roles import Role

    for user in User.objects.filter(role=Role.STATION_STAFF, is_active=True).select_related("scope_region"):
        if user.scope_region_id and policy.in_scope(user, enrolment.township_code):
            notify(user=user, event="cover_failed_staff", sms=False,
                   title=_("投保失败：%(t)s") % {"t": enrolment.engagement.job.title},
                   body=_("自动投保多次失败，请在“报案与投保处理”中重试，并告知零工和用工方。"),
                   url=reverse("protection:queue"))


def enrolments_retry(*, now: datetime | None = None) -> int:
    """Retry failed enrolments whose back-off has passed (periodic). Returns how many became active."""
    now = now or timezone.now()
    done = 0
    ids = list(Enrolment.objects.filter(status=EnrolmentStatus.FAILED, next_attempt_at__lte=now)
               .values_list("engagement_id", flat=True)[:200])
    for engagement_id in ids:
        enrolment = enrolment_for_engagement(engagement_id=engagement_id)
        done += int(enrolment is not None and enrolment.status == EnrolmentStatus.ACTIVE)
    return done


@transaction.atomic
def enrolment_retry_now(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Staff: try again at once (also after the automatic retries gave up)."""
    policy.require(actor, Action.INSURANCE_HANDLE, region_code=enrolment.township_code)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.FAILED, EnrolmentStatus.GAVE_UP, EnrolmentStatus.PENDING):
        raise AppError(E.BAD_STATE, _("这条投保记录已是“%(s)s”，无需重试。") % {"s": enrolment.get_status_display()})
    if enrolment.status == EnrolmentStatus.GAVE_UP:
        enrolment.attempts = 0
    return _attempt(enrolment, actor=actor)


@transaction.atomic
def enrolment_on_engagement_ended(*, engagement_id: int) -> Enrolment | None:
    """Cancelled before the work: the cover is withdrawn (kept if work started, so an injury stays covered)."""
    enrolment = Enrolment.objects.select_for_update().filter(engagement_id=engagement_id).first()
    if enrolment is None or enrolment.status == EnrolmentStatus.CANCELLED:
        return enrolment
    if enrolment.engagement.checked_in_at is None and enrolment.cover_start > timezone.localdate():
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.next_attempt_at = None
        enrolment.save()
        audit_record(actor=None, action="protection.enrolment_cancel", target=enrolment,
                     region_code=enrolment.township_code)
    return enrolment


# --- claims (报案) --------------------------------------------------------------------------------

def _claim_event(claim: Claim, note: str = "", actor: User | None = None) -> None:
    ClaimEvent.objects.create(claim=claim, status=claim.status, note=note[:500],
                              actor=actor if getattr(actor, "pk", None) else None)


def _clean_photos(photos: list[Any]) -> list[Any]:
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        raise AppError(E.BAD_FILE, _("最多上传%(n)s张照片。") % {"n": MAX_PHOTOS}, "photos")
    for p in photos:
        name = (getattr(p, "name", "") or "").lower()
        if not name.endswith(PHOTO_TYPES):
            raise AppError(E.BAD_FILE, _("请上传照片（jpg、png 格式）。"), "photos")
        if (getattr(p, "size", 0) or 0) > MAX_PHOTO_BYTES:
            raise AppError(E.BAD_FILE, _("每张照片不超过8MB，请压缩后再上传。"), "photos")
    return photos


@transaction.atomic
def claim_report(*, actor: User, engagement: Any, incident_date: date | None, place: str, description: str,
                 photos: list[Any] | None = None) -> Claim:
    """The insured worker reports an injury in one step; forwarded to the insurer at once (retried if down)."""
    if engagement.worker_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只有受保的零工本人可以在线报案；用工方或家属可到零工服务站协助报案。"))
    enrolment = Enrolment.objects.filter(engagement=engagement).select_related("product").first()
    if enrolment is None or enrolment.status != EnrolmentStatus.ACTIVE:
        raise AppError(E.NOT_INSURED, _("这份工作没有已生效的平台投保记录，不能在线报案。如受了伤，请先就医，"
                                        "并联系用工方或就近的零工服务站。"), status=409)
    if incident_date is None:
        raise AppError(E.REQUIRED, _("请选择受伤的日期。"), "incident_date")
    if not (enrolment.cover_start <= incident_date <= enrolment.cover_end):
        raise AppError(E.OUTSIDE_COVER, _("受伤日期不在保障期间（%(a)s 至 %(b)s）内，请核对日期。")
                       % {"a": enrolment.cover_start, "b": enrolment.cover_end}, "incident_date")
    today = timezone.localdate()
    if incident_date > today:
        raise AppError(E.OUTSIDE_COVER, _("受伤日期不能晚于今天，请核对日期。"), "incident_date")
    if incident_date < today - timedelta(days=CLAIM_REPORT_DAYS):
        raise AppError(E.OUTSIDE_COVER, _("已超过%(n)s天的在线报案期限，请到零工服务站或直接联系保险机构报案。")
                       % {"n": CLAIM_REPORT_DAYS}, "incident_date")
    place = " ".join((place or "").split())
    description = (description or "").strip()
    if not place:
        raise AppError(E.REQUIRED, _("请填写受伤的地点。"), "place")
    if len(place) > 200:
        raise AppError(E.TOO_LONG, _("地点最多200字，请删减。"), "place")
    if not description:
        raise AppError(E.REQUIRED, _("请简单说明发生了什么，例如：从梯子上摔下，左脚踝受伤。"), "description")
    if len(description) > 1000:
        raise AppError(E.TOO_LONG, _("经过最多1000字，请删减。"), "description")
    photos = _clean_photos(photos or [])
    claim = Claim.objects.create(enrolment=enrolment, worker=actor, incident_date=incident_date, place=place,
                                 description=description, township_code=enrolment.township_code)
    for p in photos:
        ClaimPhoto.objects.create(claim=claim, image=p)
    _claim_event(claim, _("零工在线报案"), actor)
    audit_record(actor=actor, action="protection.claim_report", target=claim, region_code=claim.township_code,
                 data={"enrolment_id": enrolment.pk, "incident_date": incident_date.isoformat()})
    notify(user=engagement.employer.owner, event="claim_reported",
           title=_("零工报案：%(t)s") % {"t": engagement.job.title},
           body=_("零工报告在工作中受伤，平台已转交保险机构。如对经过有异议，请在报案页面说明。"),
           url=reverse("protection:claim", args=[claim.pk]))
    return _forward(claim)


def _forward(claim: Claim) -> Claim:
    enrolment = claim.enrolment
    claim.forward_attempts += 1
    try:
        ref = adapter_for(enrolment.product.adapter).report_claim(ClaimRequest(
            key=f"szh-claim-{claim.pk}", policy_number=enrolment.policy_number, incident_date=claim.incident_date,
            place=claim.place, description=claim.description))
    except InsurerError as exc:
        claim.last_error = str(exc)[:300]
        claim.save()
        return claim
    claim.insurer_reference = ref
    claim.status = ClaimStatus.FORWARDED
    claim.last_error = ""
    claim.save()
    _claim_event(claim, _("已转交%(i)s，案件号 %(r)s") % {"i": enrolment.product.insurer_name, "r": ref})
    return claim


def claims_forward_pending() -> int:
    """Forward reported claims the insurer could not take at once (periodic)."""
    n = 0
    for claim in Claim.objects.filter(status=ClaimStatus.REPORTED).select_related("enrolment__product")[:200]:
        with transaction.atomic():
            n += int(_forward(claim).status == ClaimStatus.FORWARDED)
    return n


def _decide(claim: Claim, *, status: str, amount: Decimal | None, note: str, actor: User | None) -> Claim:
    claim.status = status
    claim.amount = amount if status == ClaimStatus.APPROVED else None
    claim.decision_note = note[:500]
    claim.decided_at = timezone.now()
    claim.save()
    _claim_event(claim, note, actor)
    audit_record(actor=actor, action="protection.claim_decide", target=claim, region_code=claim.township_code,
                 data={"status": status, "amount": str(amount) if amount is not None else None})
    label = claim.get_status_display()
    notify(user=claim.worker, event="claim_decided", title=_("报案结果：%(s)s") % {"s": label},
           body=(_("核定赔付 %(a)s 元。") % {"a": amount} if status == ClaimStatus.APPROVED else note)[:300],
           url=reverse("protection:claim", args=[claim.pk]))
    return claim


@transaction.atomic
def claim_decide(*, actor: User, claim: Claim, decision: str, amount: Any = None, note: str = "") -> Claim:
    """The insurer's decision, entered by its staff on the platform (local adapter)."""
    policy.require(actor, Action.INSURANCE_HANDLE, region_code=claim.township_code)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in CLAIM_OPEN:
        raise AppError(E.BAD_STATE, _("这个报案已是“%(s)s”，不能再次核定。") % {"s": claim.get_status_display()},
                       status=409)
    if decision not in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
        raise AppError(E.BAD_DECISION, _("请选择核定结果：赔付或不予赔付。"), "decision")
    note = (note or "").strip()
    value: Decimal | None = None
    if decision == ClaimStatus.APPROVED:
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError, TypeError):
            raise AppError(E.BAD_DECISION, _("请填写核定赔付金额，例如 3200。"), "amount") from None
        if not value.is_finite() or value <= 0 or value > claim.enrolment.product.sum_insured:
            raise AppError(E.BAD_DECISION, _("赔付金额要大于0，且不超过保险金额 %(s)s 元。")
                           % {"s": claim.enrolment.product.sum_insured}, "amount")
    elif not note:
        raise AppError(E.REQUIRED, _("不予赔付时请写明理由，零工会看到这条说明。"), "note")
    return _decide(claim, status=decision, amount=value, note=note, actor=actor)


def claims_sync() -> int:
    """Ask HTTP insurers about forwarded claims and record their decisions (periodic)."""
    n = 0
    for claim in Claim.objects.filter(status=ClaimStatus.FORWARDED).select_related("enrolment__product")[:200]:
        try:
            result = adapter_for(claim.enrolment.product.adapter).claim_status(claim.insurer_reference)
        except InsurerError:
            continue
        if result.status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
            with transaction.atomic():
                _decide(claim, status=result.status, amount=result.amount, note=result.note, actor=None)
            n += 1
    return n


@transaction.atomic
def claim_object(*, actor: User, claim: Claim, text: str) -> Claim:
    """The employer disputes the claim (e.g. "not injured at our site"): recorded on the claim, the insurer and
    staff see it, and ``claim.disputed`` lets the disputes app open a case (it links back with
    ``claim_link_dispute``)."""
    eng = claim.enrolment.engagement
    if eng.employer.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只有这份工作的用工方可以对报案提出异议。"))
    text = " ".join((text or "").split())
    if not text:
        raise AppError(E.REQUIRED, _("请写明异议内容，例如：当天未安排登高作业。"), "text")
    if len(text) > 500:
        raise AppError(E.TOO_LONG, _("异议内容最多500字，请删减。"), "text")
    if claim.status not in CLAIM_OPEN:
        raise AppError(E.BAD_STATE, _("这个报案已核定，如有异议请申请劳动争议调解。"), status=409)
    _claim_event(claim, _("用工方异议：%(t)s") % {"t": text}, actor)
    audit_record(actor=actor, action="protection.claim_object", target=claim, region_code=claim.township_code,
                 reason=text)
    events.emit(EventName.CLAIM_DISPUTED, claim_id=claim.pk, engagement_id=eng.pk, employer_id=eng.employer_id,
                worker_user_id=claim.worker_id)
    return claim


@transaction.atomic
def claim_link_dispute(*, actor: User, claim: Claim, case_ref: str) -> Claim:
    """Record the dispute case opened when the employer disputes the claim (the case lives in disputes)."""
    policy.require(actor, Action.INSURANCE_HANDLE, region_code=claim.township_code)
    case_ref = (case_ref or "").strip()
    if not case_ref or len(case_ref) > 64:
        raise AppError(E.REQUIRED, _("请填写争议案件编号（64字以内）。"), "case_ref")
    claim.dispute_case_ref = case_ref
    claim.save(update_fields=["dispute_case_ref", "updated_at"])
    _claim_event(claim, _("关联争议案件 %(r)s") % {"r": case_ref}, actor)
    audit_record(actor=actor, action="protection.claim_link_dispute", target=claim, region_code=claim.township_code,
                 data={"case_ref": case_ref})
    return claim


# --- configuration data ----------------------------------------------------------------------------

PRODUCT_FILE = Path(__file__).parent / "data" / "products.json"


def products_load() -> int:
    """Load the example products and city rules from data/products.json (idempotent, by code)."""
    import json

    data = json.loads(PRODUCT_FILE.read_text(encoding="utf-8"))
    for row in data["products"]:
        values = {k: v for k, v in row.items() if k != "code"}
        for money in ("premium", "sum_insured", "medical_limit"):
            if values.get(money) is not None:
                values[money] = Decimal(values[money])
        InsuranceProduct.objects.update_or_create(code=row["code"], defaults=values)
    for rule in data["rules"]:
        CoverRule.objects.update_or_create(
            city_code=rule["city_code"], category_prefix=rule["category_prefix"],
            effective_from=date.fromisoformat(rule["effective_from"]),
            defaults={"product": InsuranceProduct.objects.get(code=rule["product"]), "basis": rule.get("basis", "")})
    return len(data["products"])
