"""Protection pages: 「我的保障」, one-tap 报案, claim progress, the insurer/staff queue and coverage figures."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError, NotFound, PermissionDenied
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.protection import selectors, services
from suzhaohuo.protection.forms import ClaimForm, DecisionForm, DisputeLinkForm
from suzhaohuo.protection.models import Enrolment


def _denied(request: HttpRequest, exc: AppError) -> HttpResponse:
    return render(request, "protection/message.html", {"message": exc.message}, status=exc.status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "protection/mine.html", {
        "enrolments": selectors.enrolments_of_worker(request.user)[:100],
        "claims": selectors.claims_of_worker(request.user)[:50]})


@login_required
def claim_new(request: HttpRequest, engagement_id: int) -> HttpResponse:
    from suzhaohuo.gigs.selectors import engagement_for_user

    try:
        eng = engagement_for_user(request.user, engagement_id)
    except AppError as exc:
        return _denied(request, exc)
    enrolment = selectors.enrolment_of_engagement(eng.pk)
    form = ClaimForm(request.POST or None, request.FILES or None, place=f"{eng.job.township.name}{eng.job.address}")
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_report(actor=authenticated_user(request), engagement=eng,
                                          incident_date=form.cleaned_data["incident_date"],
                                          place=form.cleaned_data["place"],
                                          description=form.cleaned_data["description"],
                                          photos=request.FILES.getlist("photos"))
        except AppError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                error = exc
        else:
            messages.success(request, _("报案已提交，请保留就医票据。处理进展会通知您。"))
            return redirect("protection:claim", pk=claim.pk)
    return render(request, "protection/claim_new.html", {"eng": eng, "enrolment": enrolment, "form": form,
                                                         "error": error})


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim, role = selectors.claim_for_user(request.user, pk)
    except NotFound as exc:
        return _denied(request, exc)
    decision_form = DecisionForm(request.POST or None) if role == "handler" else None
    link_form = DisputeLinkForm() if role == "handler" else None
    error = None
    if request.method == "POST" and decision_form is not None and decision_form.is_valid():
        d = decision_form.cleaned_data
        try:
            services.claim_decide(actor=authenticated_user(request), claim=claim, decision=d["decision"], amount=d.get("amount"),
                                  note=d.get("note") or "")
        except AppError as exc:
            if exc.field in decision_form.fields:
                decision_form.add_error(exc.field, exc.message)
            else:
                error = exc
        else:
            messages.success(request, _("核定结果已记录，已通知零工。"))
            return redirect("protection:claim", pk=claim.pk)
    return render(request, "protection/claim_detail.html", {
        "claim": claim, "role": role, "events": claim.events.select_related("actor"),
        "photos": claim.photos.all(), "form": decision_form, "link_form": link_form, "error": error})


@login_required
@require_POST
def claim_object(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim, _role = selectors.claim_for_user(request.user, pk)
        services.claim_object(actor=authenticated_user(request), claim=claim, text=request.POST.get("text", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("异议已记录，保险机构和零工服务站会看到。"))
    return redirect("protection:claim", pk=pk)


@login_required
@require_POST
def claim_link(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim, role = selectors.claim_for_user(request.user, pk)
        services.claim_link_dispute(actor=authenticated_user(request), claim=claim, case_ref=request.POST.get("case_ref", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已关联争议案件。"))
    return redirect("protection:claim", pk=pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    decision = policy.decide(request.user, Action.INSURANCE_HANDLE)
    if not decision:
        return _denied(request, PermissionDenied(decision.message))
    status = request.GET.get("status") or None
    return render(request, "protection/queue.html", {
        "claims": selectors.claims_for_staff(actor=authenticated_user(request), status=status)[:200],
        "failing": selectors.enrolments_failing_for_staff(actor=authenticated_user(request))[:100], "status": status})


@login_required
@require_POST
def enrolment_retry(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolments_failing_for_staff(actor=authenticated_user(request)).filter(pk=pk).first()
    if enrolment is None:
        messages.error(request, _("找不到这条需要处理的投保记录。"))
        return redirect("protection:queue")
    try:
        result: Enrolment = services.enrolment_retry_now(actor=authenticated_user(request), enrolment=enrolment)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        if result.status == "active":
            messages.success(request, _("投保成功，保单号 %(n)s。") % {"n": result.policy_number})
        else:
            messages.error(request, _("仍未成功：%(e)s") % {"e": result.last_error})
    return redirect("protection:queue")


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from") or "")
    except ValueError:
        start = today.replace(day=1) - timedelta(days=365)
    try:
        end = date.fromisoformat(request.GET.get("to") or "")
    except ValueError:
        end = today + timedelta(days=1)
    return start, end


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    decision = policy.decide(request.user, Action.INSURANCE_HANDLE)
    if not decision and not policy.decide(request.user, Action.KPI_VIEW):
        return _denied(request, PermissionDenied(decision.message))
    start, end = _period(request)
    cov = selectors.coverage(start=start, end=end, region_prefix=policy.scope_prefix(request.user))
    return render(request, "protection/coverage.html", {"cov": cov, "start": start, "end": end,
                                                        "products": selectors.products_summary()})
