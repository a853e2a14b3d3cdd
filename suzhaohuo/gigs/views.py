"""Transaction pages for workers, employers and station staff. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.core.http import require_staff_page
from suzhaohuo.gigs import selectors, services
from suzhaohuo.gigs.choices import Party
from suzhaohuo.gigs.forms import ACTION_FORMS, ApplyForm, CheckinForm, WageAlertResolveForm
from suzhaohuo.gigs.state import events_for
from suzhaohuo.kernel.states import EngagementStatus


def _job_or_404(job_id: int, *, public: bool = True) -> Any:
    from suzhaohuo.jobs.models import Job
    from suzhaohuo.jobs.selectors import job_get_public

    if public:
        try:
            return job_get_public(job_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    job = Job.objects.select_related("employer", "township").filter(pk=job_id).first()
    if job is None:
        raise Http404(_("找不到这个岗位。"))
    return job


def _own_job_or_404(request: HttpRequest, job_id: int) -> Any:
    job = _job_or_404(job_id, public=False)
    if job.employer.owner_id != request.user.pk:
        raise Http404(_("找不到这个岗位。"))
    return job


def _engagement_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.engagement_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


# --- worker ---------------------------------------------------------------------------------------

@login_required
def apply(request: HttpRequest, job_id: int) -> HttpResponse:
    """GET shows the apply form (also reachable without the job page); POST applies."""
    job = _job_or_404(job_id)
    existing = selectors.engagement_of_worker_for_job(request.user, job)
    if existing is not None and existing.status != EngagementStatus.WITHDRAWN:  # withdrawn: may apply again
        return redirect("gigs:engagement", existing.pk)
    form = ApplyForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            eng = services.engagement_apply(worker=request.user, job=job, consent=form.cleaned_data["consent"],
                                            message=form.cleaned_data["message"])
        except AppError as exc:
            error = exc
            if exc.field:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                error = None
        else:
            messages.success(request, _("报名成功！用工方回复后会通知您。"))
            return redirect("gigs:engagement", eng.pk)
    status = error.status if error else (400 if form.errors else 200)
    return render(request, "gigs/apply.html", {"job": job, "form": form, "error": error}, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.engagements_of_worker(request.user)
    return render(request, "gigs/mine.html", {"rows": rows[:100]})


@login_required
def earnings(request: HttpRequest) -> HttpResponse:
    return render(request, "gigs/earnings.html", {"e": selectors.worker_earnings(request.user),
                                                  "stats": selectors.worker_stats(request.user)})


# --- the engagement page (both sides, staff read-only) ----------------------------------------------

def _detail_context(request: HttpRequest, eng: Any, *, bound: dict[str, Any] | None = None,
                    error: AppError | None = None, revealed: str = "") -> dict[str, Any]:
    party = services.party_of(request.user, eng)
    actions = []
    for t in events_for(status=eng.status, party=party) if party else []:
        if t.event == "rate" and eng.ratings.filter(rater_party=party).exists():
            continue
        form_cls = ACTION_FORMS.get(t.event)
        form = None
        if form_cls is not None:
            form = bound.get(t.event) if bound and t.event in bound else form_cls(prefix=t.event)
        actions.append({"t": t, "form": form})
    agreement = selectors.agreement_of(eng)
    return {
        "eng": eng, "party": party, "actions": actions, "error": error, "revealed": revealed,
        "events": selectors.events_of(eng), "disputes": selectors.disputes_of(eng),
        "ratings": eng.ratings.all(), "agreement": agreement,
        "agreement_awaits_me": selectors.agreement_awaits(agreement, party),
        "worker_stats": selectors.worker_stats(eng.worker) if party != Party.WORKER else None,
        "employer_stats": selectors.employer_stats(eng.employer) if party != Party.EMPLOYER else None,
        "can_reveal": party == Party.EMPLOYER and eng.status in _holding(),
        "wage_alert": getattr(eng, "wage_alert", None) if hasattr(eng, "wage_alert") else None,
    }


def _holding() -> frozenset[str]:
    from suzhaohuo.gigs.choices import HOLDING_STATES

    return HOLDING_STATES


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    eng = _engagement_or_404(request, pk)
    return render(request, "gigs/engagement.html", _detail_context(request, eng))


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    eng = _engagement_or_404(request, pk)
    form_cls = ACTION_FORMS.get(action)
    data: dict[str, Any] = {}
    form = None
    if form_cls is not None:
        form = form_cls(request.POST, prefix=action)
        if not form.is_valid():
            ctx = _detail_context(request, eng, bound={action: form})
            return render(request, "gigs/engagement.html", ctx, status=400)
        data = {k: v for k, v in form.cleaned_data.items()}
    try:
        services.engagement_act(actor=authenticated_user(request), engagement=eng, action=action, data=data)
    except AppError as exc:
        if form is not None and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        eng = _engagement_or_404(request, pk)
        ctx = _detail_context(request, eng, bound={action: form} if form is not None else None, error=exc)
        return render(request, "gigs/engagement.html", ctx, status=exc.status)
    messages.success(request, _("已完成：%(a)s") % {"a": _action_label(action)})
    return redirect("gigs:engagement", pk)


def _action_label(action: str) -> str:
    from suzhaohuo.gigs.state import TRANSITIONS

    return next((str(t.label) for t in TRANSITIONS if t.event == action), action)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    eng = _engagement_or_404(request, pk)
    try:
        mobile = services.engagement_reveal_mobile(actor=authenticated_user(request), engagement=eng)
    except AppError as exc:
        return render(request, "gigs/engagement.html", _detail_context(request, eng, error=exc), status=exc.status)
    return render(request, "gigs/engagement.html", _detail_context(request, eng, revealed=mobile))


@login_required
def checkin_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The URL inside the employer's QR code. GET asks to confirm (and offers location); POST checks in."""
    form = CheckinForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            eng = services.engagement_checkin_by_token(actor=authenticated_user(request), token=token,
                                                       lat=form.cleaned_data.get("lat"),
                                                       lng=form.cleaned_data.get("lng"))
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("签到成功，祝您工作顺利！"))
            return redirect("gigs:engagement", eng.pk)
    return render(request, "gigs/checkin_qr.html", {"form": form, "error": error, "token": token},
                  status=error.status if error else 200)


# --- employer ---------------------------------------------------------------------------------------

@login_required
def employer_jobs(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.identity.selectors import employer_of

    return render(request, "gigs/employer_jobs.html", {"jobs": selectors.jobs_of_employer(request.user)[:100],
                                                       "employer": employer_of(request.user)})


@login_required
def applicants(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job_or_404(request, job_id)
    rows = [(e, selectors.worker_stats(e.worker)) for e in selectors.applicants_for_job(job)]
    return render(request, "gigs/applicants.html", {"job": job, "rows": rows,
                                                    "stats": selectors.employer_stats(job.employer)})


@login_required
def checkin_code(request: HttpRequest, job_id: int) -> HttpResponse:
    """The employer's screen: a QR code (inline SVG) and the 6-digit code, valid for a short time."""
    import segno

    job = _own_job_or_404(request, job_id)
    code = services.checkin_code_issue(actor=authenticated_user(request), job=job)
    url = request.build_absolute_uri(reverse("gigs:checkin_qr", args=[code.token]))
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=_("到岗签到二维码"))
    return render(request, "gigs/checkin_code.html", {"job": job, "code": code, "svg": svg, "url": url})


# --- station staff ------------------------------------------------------------------------------------

@login_required
def wage_alerts(request: HttpRequest) -> HttpResponse:
    require_staff_page(request)
    user = authenticated_user(request)
    show = request.GET.get("show", "open")
    alerts = selectors.wage_alerts_for_staff(actor=user, status=None if show == "all" else "open")
    return render(request, "gigs/wage_alerts.html", {
        "alerts": alerts[:200], "show": show, "disputes": selectors.disputes_for_staff(actor=user)[:50]})


@login_required
@require_POST
def wage_alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    from suzhaohuo.gigs.models import WageAlert

    require_staff_page(request)
    user = authenticated_user(request)
    alert = WageAlert.objects.filter(pk=pk).first()
    form = WageAlertResolveForm(request.POST)
    form.is_valid()
    try:
        if alert is None:
            raise NotFound(_("这条预警不存在。"))
        services.wage_alert_resolve(actor=user, alert=alert, note=form.cleaned_data.get("note", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录处理情况。"))
    return redirect("gigs:wage_alerts")
