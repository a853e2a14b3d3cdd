"""Training pages for workers, providers, station staff and employers. Thin: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.kernel.roles import Role
from suzhaohuo.training import exports, rules, selectors, services
from suzhaohuo.training.choices import EnrolmentChannel, EnrolmentStatus
from suzhaohuo.training.forms import (
    AssessForm,
    ClaimForm,
    CodeForm,
    CourseForm,
    PersonGroupForm,
    ProviderForm,
    SessionForm,
    WalkInForm,
    first_error,
    limit_to_actor,
)
from suzhaohuo.training.models import Certificate, Course, Enrolment, Session, SubsidyClaim


def _form_error(form: Any) -> AppError:
    field, message = first_error(form)
    return AppError("invalid", message or _("请检查填写的内容。"), field or None)


def _course(pk: int) -> Course:
    try:
        return selectors.course_get_public(pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _managed_course(request: HttpRequest, pk: int) -> Course:
    course = Course.objects.select_related("provider", "category", "township", "carrier").filter(pk=pk).first()
    if course is None:
        raise Http404(_("课程不存在。"))
    services.require_manage(authenticated_user(request), course)
    return course


def app_errors(fn: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show an AppError raised before a page is rendered (permissions, missing provider) as a plain page."""

    @wraps(fn)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return fn(request, *args, **kwargs)
        except AppError as exc:
            return render(request, "training/error.html", {"error": exc}, status=exc.status)

    return wrapper


# --- public and worker pages ----------------------------------------------------------------------------

def courses(request: HttpRequest) -> HttpResponse:
    township = request.GET.get("township", "")[:12]
    category = request.GET.get("category", "")[:40]
    qs = selectors.courses_public(township=township, category=category)[:50]
    suggestions = selectors.suggestions_for_worker(request.user) \
        if getattr(request.user, "role", None) == Role.WORKER else []
    return render(request, "training/courses.html", {"courses": qs, "suggestions": suggestions,
                                                     "township": township, "category": category})


def course(request: HttpRequest, pk: int) -> HttpResponse:
    c = _course(pk)
    error = None
    via_job = None
    if request.GET.get("via_job", "").isdigit():
        from suzhaohuo.jobs.models import Job

        via_job = Job.objects.filter(pk=int(request.GET["via_job"])).select_related("category").first()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        user = authenticated_user(request)
        action = request.POST.get("action", "enrol")
        try:
            if action == "cancel":
                e = selectors.enrolment_of(user, c)
                if e is None:
                    raise AppError("not_enrolled", _("您没有报名这门课程。"))
                services.enrolment_cancel(actor=user, enrolment=e)
                messages.success(request, _("已取消报名。"))
            elif action == "attend":
                session = c.sessions.filter(pk=request.POST.get("session") or 0).first()
                form = CodeForm(request.POST)
                if session is None or not form.is_valid():
                    raise AppError("invalid", _("请输入老师出示的6位签到码。"), "code")
                services.attend_by_code(actor=user, session=session, code=form.cleaned_data["code"])
                messages.success(request, _("签到成功。"))
            else:
                channel = request.POST.get("channel", "")
                if channel not in EnrolmentChannel.values or channel == EnrolmentChannel.WALK_IN:
                    channel = EnrolmentChannel.COURSE_PAGE
                job = None
                if (request.POST.get("via_job") or "").isdigit():
                    from suzhaohuo.jobs.models import Job

                    job = Job.objects.filter(pk=int(request.POST["via_job"])).first()
                    channel = EnrolmentChannel.JOB_PAGE if job else channel
                e = services.enrolment_create(worker=user, course=c, channel=channel, via_job=job,
                                              waitlist=request.POST.get("waitlist") == "1")
                messages.success(request, _("报名成功，上课前一天会提醒您。") if e.status == EnrolmentStatus.ENROLLED
                                 else _("已加入候补名单，有空位时按顺序递补并通知您。"))
        except AppError as exc:
            error = exc
        else:
            return redirect("training:course", c.pk)
    enrolment = selectors.enrolment_of(request.user, c)
    return render(request, "training/course.html", {
        "course": c, "sessions": selectors.course_sessions(c), "seats": selectors.course_seat_counts(c),
        "enrolment": enrolment, "error": error, "via_job": via_job,
        "channel": request.GET.get("from", ""),
        "attended": set(enrolment.attendances.values_list("session_id", flat=True)) if enrolment else set(),
    }, status=error.status if error else 200)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    return render(request, "training/mine.html", {
        "enrolments": selectors.my_enrolments(user), "certificates": selectors.my_certificates(user),
        "progress": selectors.worker_badge_progress(user), "grants": selectors.badge_grants(user),
        "suggestions": selectors.suggestions_for_worker(user),
    })


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cert = Certificate.objects.select_related("course", "course__provider").filter(pk=pk).first()
    if cert is None:
        raise Http404(_("证书不存在。"))
    if cert.worker_id != request.user.pk:
        try:
            services.require_manage(authenticated_user(request), cert.course)
        except AppError as exc:
            raise Http404(exc.message) from exc
    resp = HttpResponse(bytes(cert.pdf), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{cert.number}.pdf"'
    return resp


@login_required
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The URL inside the teacher's QR code: GET asks to confirm, POST records attendance."""
    error = None
    if request.method == "POST":
        try:
            att = services.attend_by_token(actor=authenticated_user(request), token=token)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("签到成功：%(t)s") % {"t": att.session.course.title})
            return redirect("training:course", att.session.course_id)
    return render(request, "training/checkin.html", {"error": error, "token": token},
                  status=error.status if error else 200)


def card(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker's public card: masked name, active badges and certificates (no contact details)."""
    from suzhaohuo.accounts.models import User
    from suzhaohuo.core.masking import mask_name
    from suzhaohuo.identity.selectors import person_identity_of

    worker = User.objects.filter(pk=pk, role=Role.WORKER, is_active=True).first()
    if worker is None:
        raise Http404(_("找不到这位零工。"))
    identity = person_identity_of(worker)
    return render(request, "training/card.html", {
        "worker": worker, "name": mask_name(identity.real_name) if identity else worker.display_name,
        "badges": selectors.active_badges(worker), "certificates": selectors.my_certificates(worker)})


def demand(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.regions.models import Region

    code: str = request.GET.get("township", "")[:12]
    if not code and getattr(request.user, "is_authenticated", False):
        code = selectors.home_township(request.user) or str(getattr(request.user, "scope_region_id", "") or "")
    region = Region.objects.filter(code=code, level="township").first()
    rows = selectors.township_demand(region.code) if region else []
    townships = Region.objects.filter(level="township").order_by("code")[:400]
    return render(request, "training/demand.html", {"region": region, "rows": rows, "townships": townships})


@login_required
def certified(request: HttpRequest) -> HttpResponse:
    """Employers find and invite certified workers."""
    from suzhaohuo.jobs.selectors import jobs_public

    badge = request.GET.get("badge", "")[:32]
    township = request.GET.get("township", "")[:12]
    rows = selectors.certified_workers(badge=badge, township=township)
    user = authenticated_user(request)
    my_jobs = list(jobs_public().filter(employer__owner=user)[:20]) if user.role == Role.EMPLOYER else []
    return render(request, "training/certified.html", {"rows": rows, "badges": rules.badges(), "badge": badge,
                                                       "township": township, "jobs": my_jobs})


@login_required
@require_POST
@app_errors
def certified_invite(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.accounts.models import User
    from suzhaohuo.gigs.services import engagement_invite
    from suzhaohuo.jobs.selectors import jobs_public

    user = authenticated_user(request)
    job = jobs_public().filter(pk=request.POST.get("job") or 0, employer__owner=user).first()
    worker = User.objects.filter(pk=request.POST.get("worker") or 0, role=Role.WORKER).first()
    if job is None or worker is None:
        messages.error(request, _("请选择您自己在招的岗位和要邀请的零工。"))
        return redirect("training:certified")
    try:
        eng = engagement_invite(actor=user, job=job, worker=worker, message=_("您持有平台认证，诚邀参加。"))
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("training:certified")
    messages.success(request, _("邀请已发送，零工接受后会通知您。"))
    return redirect("gigs:engagement", eng.pk)


# --- providers -------------------------------------------------------------------------------------------

@login_required
@app_errors
def provider(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    policy.require(user, Action.TRAINING_MANAGE)
    prov = selectors.provider_of(user)
    error = None
    form = ProviderForm(request.POST or None)
    limit_to_actor(form, user)
    if prov is None and request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_error(form)
            services.provider_register(user=user, **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("已提交，等待所在乡镇零工服务站审核。"))
            return redirect("training:provider")
    return render(request, "training/provider.html", {
        "provider": prov, "form": form, "error": error,
        "courses": selectors.provider_courses(prov) if prov else [],
        "claims": selectors.claims_of(prov) if prov else [],
    }, status=error.status if error else 200)


@login_required
@app_errors
def course_new(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.jobs.models import JobCategory

    user = authenticated_user(request)
    form = CourseForm(request.POST or None)
    limit_to_actor(form, user)
    error = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_error(form)
            c = services.course_create(actor=user, **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("课程已创建，请添加课次。"))
            return redirect("training:course_manage", c.pk)
    categories = JobCategory.objects.filter(parent__isnull=False).select_related("parent").order_by("sort_order")
    return render(request, "training/course_new.html", {"form": form, "error": error, "categories": categories},
                  status=error.status if error else 200)


@login_required
@app_errors
def course_manage(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    c = _managed_course(request, pk)
    form = SessionForm(request.POST or None)
    limit_to_actor(form, user)
    error = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_error(form)
            services.session_add(actor=user, course=c, **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("课次已添加。"))
            return redirect("training:course_manage", c.pk)
    return render(request, "training/course_manage.html", {
        "course": c, "sessions": selectors.course_sessions(c), "rows": selectors.course_enrolments(c),
        "form": form, "error": error, "seats": selectors.course_seat_counts(c),
        "walkin": WalkInForm(), "can_walk_in": policy.decide(user, Action.STATION_CONSOLE,
                                                             region_code=c.township_id).allowed,
    }, status=error.status if error else 200)


@login_required
@app_errors
def session_code(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("course", "course__provider").filter(pk=pk).first()
    if session is None:
        raise Http404(_("课次不存在。"))
    code = services.session_checkin_code(actor=authenticated_user(request), session=session)
    url = request.build_absolute_uri(reverse("training:checkin", args=[code.token]))
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=_("上课签到二维码"))
    return render(request, "training/session_code.html", {"session": session, "code": code, "svg": svg, "url": url})


@login_required
@require_POST
@app_errors
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    e = Enrolment.objects.select_related("course").filter(pk=pk).first()
    if e is None:
        raise Http404(_("报名记录不存在。"))
    form = AssessForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        services.enrolment_assess(actor=authenticated_user(request), enrolment=e, result=form.cleaned_data["result"],
                                  score=form.cleaned_data.get("score"))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("考核结果已登记。"))
    return redirect("training:course_manage", e.course_id)


@login_required
@app_errors
def claims(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    prov = selectors.provider_of(user)
    if prov is None:
        return redirect("training:provider")
    form = ClaimForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _form_error(form)
            claim = services.claim_create(actor=user, period=form.cleaned_data["period"].strip())
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("申报清单已生成，可下载Excel报送人社部门。"))
            return redirect("training:claim", claim.pk)
    return render(request, "training/claims.html", {"provider": prov, "claims": selectors.claims_of(prov), "form": form,
                                                    "error": error, "example": rules.subsidy_rules_are_example(),
                                                    "rules": rules.subsidy_rules()},
                  status=error.status if error else 200)


@login_required
@app_errors
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    c = SubsidyClaim.objects.select_related("provider").filter(pk=pk, provider__owner=authenticated_user(request)).first()
    if c is None:
        raise Http404(_("申报不存在。"))
    lines = selectors.claim_lines(c)
    if request.GET.get("format") == "xlsx":
        data = exports.claim_xlsx(c, lines, example_rules=rules.subsidy_rules_are_example())
        resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="training-subsidy-{c.period}.xlsx"'
        return resp
    return render(request, "training/claim.html", {"claim": c, "lines": lines,
                                                   "example": rules.subsidy_rules_are_example()})


# --- station staff -------------------------------------------------------------------------------------

@login_required
@app_errors
def staff(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    policy.require(user, Action.STATION_CONSOLE)
    scope = policy.scope_prefix(user)
    township = scope if scope and len(scope) == 9 else ""
    return render(request, "training/staff.html", {
        "providers": selectors.providers_for_staff(actor=user),
        "courses": policy.scoped(selectors.courses_public(), user, "township_id")[:30],
        "demand": selectors.township_demand(township) if township else [],
        "group_form": PersonGroupForm(),
    })


@login_required
@require_POST
@app_errors
def provider_verify(request: HttpRequest, pk: int) -> HttpResponse:
    from suzhaohuo.training.models import Provider

    prov = Provider.objects.filter(pk=pk).first()
    if prov is None:
        raise Http404(_("机构不存在。"))
    try:
        services.provider_verify(actor=authenticated_user(request), provider=prov, approve=request.POST.get("approve") == "1",
                                 reason=request.POST.get("reason", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("training:staff")


@login_required
@require_POST
@app_errors
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    c = Course.objects.filter(pk=pk).select_related("provider").first()
    if c is None:
        raise Http404(_("课程不存在。"))
    form = WalkInForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        e = services.enrolment_walk_in(actor=authenticated_user(request), course=c, mobile=form.cleaned_data["mobile"],
                                       consent=form.cleaned_data["consent"],
                                       consent_method=form.cleaned_data.get("consent_method", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已为居民报名（%(s)s）。") % {"s": e.get_status_display()})
    return redirect("training:course_manage", c.pk)


@login_required
@require_POST
@app_errors
def person_group(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.accounts.services import user_get_by_mobile

    form = PersonGroupForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        user = user_get_by_mobile(form.cleaned_data["mobile"].strip())
        if user is None:
            raise AppError("not_found", _("没有找到这个手机号的账号。"), "mobile")
        services.person_group_confirm(actor=authenticated_user(request), user=user, group=form.cleaned_data["group"])
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("人员类别已登记，结业时按补贴规则自动判断。"))
    return redirect("training:staff")
