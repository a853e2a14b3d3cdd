"""就业援助 pages: the station's ledger (identify, plan, contacts, pushes, outcome, follow-ups), public-welfare
posts, placements with attendance and export, and the person's own 「我的就业援助」. Thin: forms parse, services
decide."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.assistance import exports, selectors, services
from suzhaohuo.assistance.forms import (
    AttendanceForm,
    ContactForm,
    ExitForm,
    ExtendForm,
    FollowUpForm,
    IdentifyForm,
    OutcomeForm,
    PlanForm,
    PostForm,
)
from suzhaohuo.core.errors import AppError, NotFound, PermissionDenied
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _message(request: HttpRequest, exc: AppError) -> HttpResponse:
    return render(request, "assistance/message.html", {"message": exc.message}, status=exc.status)


def _staff_or_403(request: HttpRequest) -> AppError | None:
    decision = policy.decide(request.user, Action.ASSISTANCE_MANAGE)
    return None if decision else PermissionDenied(decision.message)


def _apply_error(form: djforms.Form, exc: AppError) -> AppError | None:
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
        return None
    return exc


def _city(user: Any) -> str:
    region = getattr(user, "scope_region", None)
    return str(region.code)[:4] if region is not None else "3213"


# --- station ledger ------------------------------------------------------------------------------

@login_required
def home(request: HttpRequest) -> HttpResponse:
    if (denied := _staff_or_403(request)) is not None:
        return _message(request, denied)
    status = request.GET.get("status") or None
    return render(request, "assistance/home.html", {
        "persons": selectors.persons_for_staff(actor=authenticated_user(request), status=status)[:200], "status": status,
        "follow_ups": selectors.follow_ups_due(actor=authenticated_user(request))[:50],
        "ending": selectors.terms_ending(actor=authenticated_user(request))[:50]})


@login_required
def identify(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.accounts.services import user_get_by_mobile

    if (denied := _staff_or_403(request)) is not None:
        return _message(request, denied)
    form = IdentifyForm(request.POST or None, categories=services.categories_for(_city(request.user)))
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = services.person_identify(
                actor=authenticated_user(request), user=user_get_by_mobile(d["mobile"]), category_code=d["category_code"],
                consent=bool(d.get("consent")), consent_note=d["consent_note"], evidence=d["evidence"],
                circumstances=d.get("circumstances") or "", goal=d.get("goal") or "",
                training_suggested=d.get("training_suggested") or "")
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("已认定并建立帮扶台账。"))
            return redirect("assistance:person", pk=person.pk)
    return render(request, "assistance/identify.html", {"form": form, "error": error})


def _person_context(request: HttpRequest, person: Any, **forms_: Any) -> dict[str, Any]:
    from suzhaohuo.identity.selectors import person_identity_of

    follow_ups = list(person.follow_ups.all())
    for f in follow_ups:  # one form per follow-up: its own labelled fields with unique ids
        f.form = FollowUpForm(auto_id=f"id_fu{f.pk}_%s")
    return {
        "person": person, "identity": person_identity_of(person.user),
        "contacts": person.contacts.select_related("staff"), "follow_ups": follow_ups,
        "pushed": person.recommendations.filter(pushed_at__isnull=False).select_related("job"),
        "jobs": selectors.recommended_jobs(person) if person.status == "identified" else [],
        "placements": person.placements.select_related("post"),
        "contact_form": forms_.get("contact_form") or ContactForm(),
        "plan_form": forms_.get("plan_form") or PlanForm(initial={"goal": person.goal,
                                                                  "training_suggested": person.training_suggested}),
        "outcome_form": forms_.get("outcome_form") or OutcomeForm(),
        "revealed": forms_.get("revealed"), "error": forms_.get("error")}


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = selectors.person_for_staff(actor=authenticated_user(request), pk=pk)
    except NotFound as exc:
        return _message(request, exc)
    return render(request, "assistance/person.html", _person_context(request, person))


@login_required
@require_POST
def person_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    from suzhaohuo.accounts.services import pii_reveal

    try:
        person = selectors.person_for_staff(actor=authenticated_user(request), pk=pk)
    except NotFound as exc:
        return _message(request, exc)
    extra: dict[str, Any] = {}
    try:
        if action == "contact":
            form = ContactForm(request.POST)
            extra["contact_form"] = form
            if form.is_valid():
                services.contact_add(actor=authenticated_user(request), person=person, on=form.cleaned_data["date"],
                                     channel=form.cleaned_data["channel"], content=form.cleaned_data["content"])
                messages.success(request, _("帮扶记录已保存。"))
                return redirect("assistance:person", pk=pk)
        elif action == "plan":
            plan = PlanForm(request.POST)
            extra["plan_form"] = plan
            if plan.is_valid():
                services.plan_update(actor=authenticated_user(request), person=person, goal=plan.cleaned_data.get("goal") or "",
                                     training_suggested=plan.cleaned_data.get("training_suggested") or "")
                messages.success(request, _("帮扶计划已保存。"))
                return redirect("assistance:person", pk=pk)
        elif action == "push":
            from suzhaohuo.jobs.selectors import jobs_public

            job = jobs_public().filter(pk=request.POST.get("job_id") or 0).first()
            if job is None:
                raise AppError("not_found", _("这个岗位已结束招聘，请换一个岗位。"))
            services.recommendation_push(actor=authenticated_user(request), person=person, job=job)
            messages.success(request, _("已推送给本人。"))
            return redirect("assistance:person", pk=pk)
        elif action == "outcome":
            outcome = OutcomeForm(request.POST)
            extra["outcome_form"] = outcome
            if outcome.is_valid():
                services.outcome_record(actor=authenticated_user(request), person=person, kind=outcome.cleaned_data["kind"],
                                        employed_on=outcome.cleaned_data["employed_on"],
                                        employed_where=outcome.cleaned_data["employed_where"])
                messages.success(request, _("已记录就业情况，已安排1、3、6个月回访。"))
                return redirect("assistance:person", pk=pk)
        elif action == "followup":
            fu = person.follow_ups.filter(pk=request.POST.get("follow_up_id") or 0).first()
            fu_form = FollowUpForm(request.POST)
            if fu is not None and fu_form.is_valid():
                services.followup_record(actor=authenticated_user(request), follow_up=fu, result=fu_form.cleaned_data["result"],
                                         note=fu_form.cleaned_data.get("note") or "")
                messages.success(request, _("回访已记录。"))
            return redirect("assistance:person", pk=pk)
        elif action == "reveal":
            extra["revealed"] = pii_reveal(actor=authenticated_user(request), subject=person.user, field="assistance_evidence",
                                           value=person.evidence, purpose=_("就业援助：核对认定材料"))
        else:
            raise NotFound(_("没有这个操作。"))
    except AppError as exc:
        extra["error"] = exc
    return render(request, "assistance/person.html", _person_context(request, person, **extra))


# --- public-welfare posts ---------------------------------------------------------------------------

@login_required
def posts(request: HttpRequest) -> HttpResponse:
    if (denied := _staff_or_403(request)) is not None:
        return _message(request, denied)
    return render(request, "assistance/posts.html", {"posts": selectors.posts_for_staff(actor=authenticated_user(request))[:200]})


def _townships(user: Any) -> list[tuple[str, str]]:
    from suzhaohuo.jobs.selectors import townships_grouped

    prefix = policy.scope_prefix(user)
    return [(t.code, f"{county.name} {t.name}") for county, towns in townships_grouped() for t in towns
            if prefix is None or t.code.startswith(prefix)]


@login_required
def post_new(request: HttpRequest) -> HttpResponse:
    if (denied := _staff_or_403(request)) is not None:
        return _message(request, denied)
    form = PostForm(request.POST or None, townships=_townships(request.user))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(actor=authenticated_user(request), data=services.PostInput(**form.cleaned_data))
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("公益性岗位已创建。"))
            return redirect("assistance:post", pk=post.pk)
    return render(request, "assistance/post_form.html", {"form": form, "error": error})


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        post = selectors.post_for_staff(actor=authenticated_user(request), pk=pk)
    except NotFound as exc:
        return _message(request, exc)
    error = None
    if request.method == "POST":
        person = selectors.persons_for_staff(actor=authenticated_user(request)).filter(pk=request.POST.get("person_id") or 0).first()
        try:
            placement = services.placement_create(actor=authenticated_user(request), post=post, person=person)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("已安置，安置协议已生成。"))
            return redirect("assistance:placement", pk=placement.pk)
    candidates = [(p, services.eligibility(person=p, post=post))
                  for p in selectors.persons_for_staff(actor=authenticated_user(request), status="identified")[:100]]
    return render(request, "assistance/post.html", {
        "post": post, "placements": post.placements.select_related("person__user__identity"),
        "candidates": candidates, "error": error})


@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        placement = selectors.placement_for_staff(actor=authenticated_user(request), pk=pk)
    except NotFound as exc:
        return _message(request, exc)
    action = request.POST.get("action") if request.method == "POST" else None
    today = timezone.localdate()
    att_form = AttendanceForm(request.POST if action == "attendance" else None,
                              initial={"month": today.strftime("%Y-%m")})
    exit_form = ExitForm(request.POST if action == "exit" else None, initial={"exit_date": today})
    extend_form = ExtendForm(request.POST if action == "extend" else None)
    error = None
    form = {"attendance": att_form, "exit": exit_form, "extend": extend_form}.get(action or "")
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if action == "attendance":
                services.attendance_record(actor=authenticated_user(request), placement=placement, month=d["month"],
                                           days_scheduled=d["days_scheduled"], days_present=d["days_present"],
                                           note=d.get("note") or "")
                messages.success(request, _("考勤已登记，补贴已计算。"))
            elif action == "exit":
                services.placement_exit(actor=authenticated_user(request), placement=placement, exit_date=d["exit_date"],
                                        reason=d["reason"], note=d.get("note") or "")
                messages.success(request, _("已办理退出。"))
            else:
                services.placement_extend(actor=authenticated_user(request), placement=placement, months=d["months"])
                messages.success(request, _("期限已延长。"))
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            return redirect("assistance:placement", pk=pk)
    return render(request, "assistance/placement.html", {
        "placement": placement, "attendance": selectors.attendance_of(placement), "att_form": att_form,
        "exit_form": exit_form, "extend_form": extend_form, "error": error, "form": form})


@login_required
def attendance_export(request: HttpRequest) -> HttpResponse:
    if (denied := _staff_or_403(request)) is not None:
        return _message(request, denied)
    month = None
    if request.GET.get("month"):
        try:
            month = services._month(request.GET["month"])
        except AppError as exc:
            return _message(request, exc)
    post = None
    if request.GET.get("post"):
        try:
            post = selectors.post_for_staff(actor=authenticated_user(request), pk=int(request.GET["post"]))
        except (NotFound, ValueError):
            return _message(request, NotFound(_("找不到这个公益性岗位，或不在您负责的地区。")))
    rows = selectors.attendance_for_export(actor=authenticated_user(request), month=month, post=post)
    resp = HttpResponse(exports.attendance_xlsx(rows), content_type=XLSX)
    name = f"welfare-attendance-{month:%Y-%m}.xlsx" if month else "welfare-attendance.xlsx"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# --- the person's own page -------------------------------------------------------------------------

@login_required
def mine(request: HttpRequest) -> HttpResponse:
    persons = list(selectors.persons_of_user(request.user))
    placements = list(selectors.placements_of_user(request.user))
    return render(request, "assistance/mine.html", {
        "persons": persons, "placements": [(p, selectors.attendance_of(p)) for p in placements]})


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.persons_of_user(request.user).filter(pk=pk).first()
    if person is None:
        return _message(request, NotFound(_("找不到这条登记。")))
    try:
        services.person_withdraw(user=request.user, person=person, reason=request.POST.get("reason", ""))
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回，您的证明材料和情况说明已删除。"))
    return redirect("assistance:mine")
