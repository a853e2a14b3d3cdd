"""Job pages: employer list/form/actions, live screening fragment, public detail, staff review. Thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core import ratelimit
from suzhaohuo.core.errors import AppError, NotFound, StaffOnly
from suzhaohuo.jobs import jsonld, selectors, services
from suzhaohuo.jobs.choices import JobStatus, ScreeningStatus
from suzhaohuo.jobs.forms import SCREENED, JobForm, ReasonForm, ReviewForm
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.screening_bridge import StoredFinding, findings_by_field, is_blocking

SCREEN_LIMIT = (120, 60)  # live screening: 120 requests per minute per IP


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "-"


def _employer(request: HttpRequest) -> Any:
    from suzhaohuo.identity.selectors import employer_of

    return employer_of(request.user)


def _not_found(request: HttpRequest, exc: AppError) -> HttpResponse:
    return render(request, "jobs/not_found.html", {"message": exc.message}, status=404)


def _form_error(form: JobForm, exc: AppError) -> AppError | None:
    """Put a service error at its field when the form has it; else return it for the summary."""
    if exc.field in form.fields:
        form.add_error(exc.field, exc.message)
        return None
    return exc


# --- employer pages -------------------------------------------------------------------------------

@login_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    employer = _employer(request)
    jobs = selectors.jobs_of_employer(employer)[:200] if employer else []
    return render(request, "jobs/my_jobs.html", {"employer": employer, "jobs": jobs})


def _render_form(request: HttpRequest, form: JobForm, *, job: Job | None, error: AppError | None,
                 findings: list[StoredFinding] | None = None) -> HttpResponse:
    if findings is None:
        findings = job.screening_findings if job is not None else []
    values = {name: (form[name].value() or "") for name in SCREENED}
    return render(request, "jobs/job_form.html", {
        "form": form, "job": job, "error": error, "findings": findings, "by_field": findings_by_field(findings),
        "values": values, "blocked": any(is_blocking(f) for f in findings)})


def _after_save(request: HttpRequest, job: Job) -> HttpResponse:
    if job.status == JobStatus.PUBLISHED:
        messages.success(request, _("岗位已发布，零工现在可以看到了。"))
        return redirect("jobs:detail", pk=job.pk)
    if job.status == JobStatus.PENDING_REVIEW:
        messages.info(request, _("岗位已提交，工作人员审核通过后发布。"))
        return redirect("jobs:mine")
    if job.screening_status == ScreeningStatus.BLOCK:
        messages.error(request, _("岗位含有不能发布的内容，请按下面的提示修改后再提交。"))
    else:
        messages.success(request, _("草稿已保存。"))
    return redirect("jobs:edit", pk=job.pk)


@login_required
def job_new(request: HttpRequest) -> HttpResponse:
    employer = _employer(request)
    if employer is None:
        messages.error(request, _("请先登记用工主体信息并完成实名认证，再发布岗位。"))
        return redirect("accounts:me")
    form = JobForm(request.POST or None)
    error = None
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            # a blocked submit stays on this form with the findings: no draft is left in 「我的岗位」
            # (only 「保存草稿」 saves one)
            job = services.job_create(actor=authenticated_user(request), employer=employer, data=form.to_input(),
                                      submit=request.POST.get("action") != "save", draft_when_blocked=False)
        except AppError as exc:
            findings = exc.extra.get("findings")
            error = exc if findings else _form_error(form, exc)
        else:
            return _after_save(request, job)
    return _render_form(request, form, job=None, error=error, findings=findings)


@login_required
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.job_get_managed(pk, request.user)
    except NotFound as exc:
        return _not_found(request, exc)
    if request.method != "POST":
        return _render_form(request, JobForm(initial=JobForm.initial_from_job(job)), job=job, error=None)
    form = JobForm(request.POST)
    error = None
    findings = None
    if form.is_valid():
        try:
            job = services.job_update(actor=authenticated_user(request), job=job, data=form.to_input(current=job),
                                      submit=request.POST.get("action") != "save")
        except AppError as exc:
            findings = exc.extra.get("findings")
            error = exc if findings else _form_error(form, exc)
        else:
            return _after_save(request, job)
    return _render_form(request, form, job=job, error=error, findings=findings)


@login_required
@require_POST
def job_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    try:
        job = selectors.job_get_managed(pk, request.user)
    except NotFound as exc:
        return _not_found(request, exc)
    try:
        if action == "submit":
            job = services.job_submit(actor=authenticated_user(request), job=job)
            return _after_save(request, job)
        if action == "close":
            services.job_close(actor=authenticated_user(request), job=job, reason=request.POST.get("reason", "")[:500])
            messages.success(request, _("岗位已关闭。"))
            return redirect("jobs:mine")
        if action == "repost":
            new = services.job_repost(actor=authenticated_user(request), job=job)
            messages.success(request, _("已复制为新草稿，请确认日期和有效期后提交。"))
            return redirect("jobs:edit", pk=new.pk)
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("jobs:mine")


@require_POST
def screen_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: the findings panel for one field, recomputed from the form as typed. Saves nothing."""
    field = request.GET.get("field", "description")
    if field not in SCREENED:
        field = "description"
    if not ratelimit.hit(f"jobs-screen:{_ip(request)}", *SCREEN_LIMIT):
        return render(request, "jobs/_findings.html", {"field": field, "findings": [], "text": "",
                                                       "rate_limited": True})
    p = request.POST
    findings = services.job_screen_preview(data={
        "title": p.get("title", "")[:200], "description": p.get("description", "")[:4000],
        "requirements": p.get("requirements", "")[:2000], "benefits": p.get("benefits", "")[:600],
        "pay_min": _dec(p.get("pay_min")), "pay_max": _dec(p.get("pay_max")), "pay_unit": p.get("pay_unit", ""),
        "township_code": p.get("township_code", ""), "daily_hours": _dec(p.get("daily_hours"))})
    mine = [f for f in findings if f.get("field") == field]
    return render(request, "jobs/_findings.html", {"field": field, "findings": mine, "text": p.get(field, "")})


def _dec(value: str | None) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(value) if value else None
    except (InvalidOperation, ValueError):
        return None


# --- public page ----------------------------------------------------------------------------------

def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job, is_public = selectors.job_get_for_viewer(pk, request.user)
    except NotFound as exc:
        return _not_found(request, exc)
    ld = jsonld.script_json(jsonld.job_posting(job, base_url=request.build_absolute_uri("/"))) if is_public else None
    can_manage = selectors.job_visible_to_manager(job, request.user)
    return render(request, "jobs/job_detail.html", {
        "job": job, "is_public": is_public, "jsonld": ld, "can_manage": can_manage,
        "by_field": findings_by_field(job.screening_findings),
        "history": selectors.job_status_history(job) if can_manage else []})


# --- staff review ---------------------------------------------------------------------------------

def _staff_only(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff_role)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not _staff_only(request):
        raise StaffOnly
    return render(request, "jobs/review_list.html", {"jobs": selectors.review_queue(authenticated_user(request))[:200]})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _staff_only(request):
        raise StaffOnly
    try:
        job = selectors.job_get_for_review(pk, authenticated_user(request))
    except NotFound as exc:
        return _not_found(request, exc)
    form = ReviewForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.job_review(actor=authenticated_user(request), job=job, decision=form.cleaned_data["decision"],
                                message=form.cleaned_data["message"])
        except AppError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                error = exc
        else:
            messages.success(request, _("已处理：%(t)s") % {"t": job.title})
            return redirect("jobs:review_list")
    return render(request, "jobs/review_detail.html", {
        "job": job, "form": form, "error": error, "by_field": findings_by_field(job.screening_findings),
        "take_down_form": ReasonForm(), "history": selectors.job_status_history(job)})


@login_required
@require_POST
def job_take_down(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors.job_get_for_review(pk, authenticated_user(request))
        services.job_take_down(actor=authenticated_user(request), job=job, reason=request.POST.get("reason", ""))
    except NotFound as exc:
        return _not_found(request, exc)
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:review_detail", pk=pk)
    messages.success(request, _("岗位已下架，已通知发布人。"))
    return redirect("jobs:review_list")
