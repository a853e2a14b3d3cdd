"""Demo: publish the standard terms; give every demo engagement that reached "accepted" (or later) its
agreement; seal those that went past signing, leave a few waiting for signatures. When the gigs seeder
shared no engagements, create two pairs of verified parties through the services and do the same.

Signing in the demo goes through the real SMS-code path (code read from the outbox); the resend
interval and per-mobile limit are relaxed only while seeding, because a demo user signs several times.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test.utils import override_settings

from suzhaohuo.accounts.demo import password_hash
from suzhaohuo.core.demo import DemoContext
from suzhaohuo.kernel.states import EngagementStatus as S

ACCEPTED_OR_LATER = (S.ACCEPTED, S.SIGNED, S.CHECKED_IN, S.COMPLETED, S.PAID, S.CONFIRMED, S.RATED)
PAST_SIGNING = ACCEPTED_OR_LATER[1:]


def _last_code(mobile: str) -> str:
    import re

    from suzhaohuo.core.models import SmsOutbox

    msg = SmsOutbox.objects.filter(mobile=mobile, purpose="otp_sign_agreement").order_by("-id").first()
    match = re.search(r"(\d{6})", msg.text if msg else "")
    if match is None:
        raise RuntimeError(f"no signing code in the outbox for {mobile}")
    return match.group(1)


def _sign(agreement: Any, user: Any) -> Any:
    from suzhaohuo.agreements.selectors import party_role, signed_roles
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign

    if party_role(agreement, user) in signed_roles(agreement):
        return agreement
    agreement_request_code(agreement=agreement, user=user, ip="127.0.0.1")
    return agreement_sign(agreement=agreement, user=user, code=_last_code(user.mobile), ip="127.0.0.1",
                          user_agent="seed_demo")


def _own_engagements(ctx: DemoContext) -> list[Any]:
    """Two verified worker–employer pairs with an accepted engagement each, built through services."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.accounts.services import staff_create, user_create_with_mobile, user_get_by_mobile
    from suzhaohuo.core.validators import id_check_char, uscc_check_char
    from suzhaohuo.gigs.models import Engagement
    from suzhaohuo.gigs.services import engagement_accept, engagement_apply
    from suzhaohuo.identity.services import (
        employer_register,
        employer_verify,
        person_identity_submit,
        person_verify_in_person,
    )
    from suzhaohuo.jobs.models import JobCategory
    from suzhaohuo.jobs.services import JobInput, job_create

    huji = "321322102"
    out: list[Any] = []
    pairs = [("19900001001", "周桂兰", "19900002001", "沭阳县胡集镇绿源果蔬专业合作社", "大棚黄瓜采摘"),
             ("19900001002", "孙建国", "19900002002", "宿迁市恒通搬家服务有限公司", "居民搬家装卸")]
    existing = [user_get_by_mobile(p[0]) for p in pairs]
    if any(existing):  # seeded before: reuse
        return list(Engagement.objects.filter(worker__in=[u for u in existing if u]).order_by("pk"))
    staff = User.objects.filter(username="agreements-demo-verifier").first() or staff_create(
        actor=None, username="agreements-demo-verifier", password="Verify-demo-2026-x", role="station_staff",
        password_hash=password_hash("Verify-demo-2026-x"),
        scope_region_code=huji, display_name="胡集镇核验员")
    category = JobCategory.objects.filter(parent__isnull=False).order_by("sort_order", "code").first()
    if category is None:
        raise RuntimeError("job categories are missing: run migrations first")
    for i, (w_mobile, w_name, e_mobile, e_name, title) in enumerate(pairs):
        worker = user_create_with_mobile(mobile=w_mobile, role="worker")
        first17 = f"32132219{75 + i}0315{21 + 2 * i:03d}"
        identity = person_identity_submit(user=worker, real_name=w_name, id_number=first17 + id_check_char(first17),
                                          township_code=huji)
        person_verify_in_person(actor=staff, identity=identity)
        owner = user_create_with_mobile(mobile=e_mobile, role="employer")
        uscc17 = f"91321322MA1X{i:05d}"
        hid = f"32132219{70 + i}0808{31 + 2 * i:03d}"
        employer = employer_register(
            user=owner, kind="enterprise", name=e_name, township_code=huji, address="胡集镇振兴路18号",
            uscc=uscc17 + uscc_check_char(uscc17), legal_representative="陈立", handler_name="陈立",
            handler_id_number=hid + id_check_char(hid), person_id_number=hid + id_check_char(hid))
        employer = employer_verify(actor=staff, employer=employer)
        start = date.today() + timedelta(days=3 + i)
        job = job_create(actor=owner, employer=employer, data=JobInput(
            title=title, description=f"{title}，现场有人带班指导，自备饮用水。", category_code=category.code,
            pay_unit="day", settlement="daily", headcount=2, township_code=huji, address="胡集镇振兴路18号",
            pay_min=Decimal("160"), pay_max=Decimal("200"), start_date=start, end_date=start,
            daily_hours=Decimal("8"), work_time="07:30-16:30", insurance_provided=bool(i == 0),
            benefits="商业意外伤害险" if i == 0 else ""))
        engagement = engagement_apply(worker=worker, job=job, consent=True)
        out.append(engagement_accept(actor=owner, engagement=engagement))
    return out


def seed(ctx: DemoContext) -> None:
    from suzhaohuo.agreements.services import agreement_create_for_engagement, terms_current
    from suzhaohuo.core.errors import AppError

    terms_current()
    with override_settings(OTP_RESEND_INTERVAL_SECONDS=0, OTP_RATE_PER_MOBILE=(1000, 3600),
                           OTP_RATE_PER_IP=(100000, 3600)):
        engagements = [e for e in (ctx.shared.get("engagements") or []) if e.status in ACCEPTED_OR_LATER]
        own = not engagements
        if own:
            engagements = _own_engagements(ctx)
        made, sealed = [], 0
        for i, engagement in enumerate(engagements):
            engagement.refresh_from_db()
            try:
                agreement = agreement_create_for_engagement(engagement=engagement, actor=engagement.employer.owner)
                # Past signing: both signed. Otherwise a mix, so the demo shows every state:
                # sealed, signed by the worker only, and not signed yet.
                plan = "seal" if engagement.status in PAST_SIGNING else (
                    ("seal", "worker")[i % 2] if own else ("seal", "seal", "worker", "none")[i % 4])
                if plan in ("seal", "worker"):
                    _sign(agreement, engagement.worker)
                if plan == "seal":
                    agreement = _sign(agreement, engagement.employer.owner)
                    sealed += agreement.is_sealed
            except AppError as exc:
                ctx.log(f"  agreement for engagement {engagement.pk} skipped: {exc.message}")
                continue
            made.append(agreement)
    ctx.shared["agreements"] = made
    ctx.log(f"  {len(made)} agreements, {sealed} sealed")
    example = next((a for a in made if a.is_sealed), None)
    if example is not None:
        from suzhaohuo.agreements.signing import check_code

        ctx.log(f"  example: {example.number} → /verify/?no={example.number}&code={check_code(example.number)}")
