"""Complaint and case pages: the form (one tap from job, agreement, engagement and 「我的」), the complainant's
status page, the handlers' queue, the case page with its timeline and documents, printable summary and
referral letter, Excel export, station walk-in registration and the KPI page. Thin: services do the work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.agreements.services import verify_path_for
from suzhaohuo.core.errors import AppError, NotFound
from suzhaohuo.core.http import require_staff_page
from suzhaohuo.disputes import exports, selectors, services
from suzhaohuo.disputes.choices import (
    ArbitrationOutcome,
    CaseStatus,
    ComplaintCategory,
    ComplaintStatus,
    ContactPreference,
    DueState,
    FailureReason,
    PauseReason,
)
from suzhaohuo.disputes.forms import RegionFilterForm, WalkInCaseForm
from suzhaohuo.disputes.models import Case
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.regions.forms import limit_to_scope


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _files(request: HttpRequest) -> list[services.UploadedEvidence]:
    out = []
    for f in request.FILES.getlist("files"):
        if f.size and f.size > services.EVIDENCE_MAX_BYTES:
            raise AppError("bad_file", _("文件太大了（超过5MB），请压缩后再上传。"), "files")
        out.append(services.UploadedEvidence(f.name or "", f.read(services.EVIDENCE_MAX_BYTES + 1),
                                             f.content_type or ""))
    return out


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- complaints --------------------------------------------------------------------------------------

def complaint_new(request: HttpRequest) -> HttpResponse:
    """One short form. Subject from the query (?job=, ?employer=, ?engagement=, ?agreement=)."""
    src = request.POST if request.method == "POST" else request.GET
    subject: dict[str, Any] = {"job_id": _int(src.get("job")), "employer_id": _int(src.get("employer")),
                               "engagement_id": _int(src.get("engagement")),
                               "agreement_no": (src.get("agreement") or "").strip()}
    about_own = bool(subject["engagement_id"] or subject["agreement_no"])
    error: AppError | None = None
    if request.method == "POST":
        try:
            c = services.complaint_submit(
                actor=request.user, category=request.POST.get("category", ""),
                description=request.POST.get("description", ""), anonymous=request.POST.get("anonymous") == "on",
                contact_preference=request.POST.get("contact_preference", ContactPreference.IN_APP),
                contact_mobile=request.POST.get("contact_mobile", ""), files=_files(request), ip=_ip(request),
                **subject)
            if c.complainant_id:
                messages.success(request, _("投诉已提交，编号 %(n)s。处理进度会通知您。") % {"n": c.number})
                return redirect("disputes:complaint", pk=c.pk)
            return render(request, "disputes/complaint_done.html", {"complaint": c})
        except AppError as exc:
            error = exc
    return render(request, "disputes/complaint_form.html", {
        "categories": ComplaintCategory.choices, "contacts": ContactPreference.choices, "subject": subject,
        "about_own": about_own, "data": request.POST, "error": error,
        "default_category": src.get("category") or ("wage_arrears" if about_own else ""),
    }, status=error.status if error else 200)


def complaint_status(request: HttpRequest) -> HttpResponse:
    """Anonymous reporters: number + lookup code → status, decision and result (no personal data)."""
    from suzhaohuo.core import ratelimit
    from suzhaohuo.core.errors import RateLimited

    complaint, error = None, None
    if "no" in request.GET:
        try:
            if not ratelimit.hit(f"complaint_status:{_ip(request)}", 30, 3600):
                raise RateLimited(_("查询次数太多，请1小时后再试。"))
            complaint = selectors.complaint_by_lookup(request.GET.get("no", ""), request.GET.get("code", ""))
        except AppError as exc:
            error = exc
    return render(request, "disputes/complaint_status.html", {"c": complaint, "error": error,
                                                              "data": request.GET},
                  status=error.status if error else 200)


def _complaint(pk: int, user: Any) -> Any:
    try:
        return selectors.complaint_get_for_user(pk, user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _complaint(pk, request.user)
    error: AppError | None = None
    handler = c.complainant_id != request.user.pk and policy.decide(request.user, Action.COMPLAINT_HANDLE)
    if request.method == "POST" and handler:
        action = request.POST.get("action")
        try:
            if action in ("accept", "reject"):
                services.complaint_decide(actor=authenticated_user(request), complaint=c, accept=action == "accept",
                                          reason=request.POST.get("reason", ""))
            elif action == "progress":
                services.complaint_progress(actor=authenticated_user(request), complaint=c, note=request.POST.get("note", ""))
            elif action == "close":
                services.complaint_close(actor=authenticated_user(request), complaint=c, result=request.POST.get("result", ""),
                                         upheld=request.POST.get("upheld") == "yes")
            elif action == "open_case":
                case = services.case_open_from_complaint(actor=authenticated_user(request), complaint=c)
                return redirect("disputes:case", pk=case.pk)
            messages.success(request, _("已保存。"))
            return redirect("disputes:complaint", pk=c.pk)
        except AppError as exc:
            error = exc
    return render(request, "disputes/complaint_detail.html", {
        "c": c, "handler": handler, "error": error, "evidence": list(c.evidence.all()),
        "duplicates": list(c.duplicates.all()) if handler else [], "open_states": ("received", "accepted",
                                                                                   "in_progress"),
    }, status=error.status if error else 200)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "disputes/mine.html", {
        "complaints": list(selectors.complaints_of_user(request.user)[:100]),
        "cases": list(selectors.cases_of_user(request.user)[:100]),
    })


# --- cases -------------------------------------------------------------------------------------------

@login_required
def case_apply(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """「我要投诉/申请调解」 from the engagement page."""
    from suzhaohuo.gigs.selectors import engagement_for_user

    try:
        eng = engagement_for_user(request.user, engagement_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    error: AppError | None = None
    if request.method == "POST":
        try:
            case = services.case_open_from_engagement(
                actor=authenticated_user(request), engagement=eng, claim_text=request.POST.get("claim_text", ""),
                claim_amount=request.POST.get("claim_amount", ""), files=_files(request))
            messages.success(request, _("调解申请已提交，编号 %(n)s。调解员受理后会联系您。") % {"n": case.number})
            return redirect("disputes:case", pk=case.pk)
        except AppError as exc:
            error = exc
    default_amount = eng.job.pay_min if eng.job.pay_unit == "day" else ""
    return render(request, "disputes/case_apply.html", {
        "eng": eng, "error": error, "data": request.POST, "default_amount": default_amount,
    }, status=error.status if error else 200)


def _case(pk: int, user: Any) -> Case:
    try:
        return selectors.case_get_for_user(pk, user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _case_action(request: HttpRequest, c: Case) -> str | None:
    """Run the posted action; return the success message."""
    u, p, s = authenticated_user(request), request.POST, services
    action = p.get("action", "")
    handlers: dict[str, Callable[[], Any]] = {
        "accept": lambda: s.case_accept(actor=u, case=c),
        "assign": lambda: s.case_assign(actor=u, case=c, mediator=next(
            (m for m in selectors.mediators_for(c) if m.pk == _int(p.get("mediator"))), None)),
        "decline": lambda: s.case_decline(actor=u, case=c, reason=p.get("reason", "")),
        "session": lambda: s.session_record(actor=u, case=c, held_at=p.get("held_at", ""),
                                            place=p.get("place", ""), remote=p.get("remote") == "on",
                                            attendees=p.get("attendees", ""), record=p.get("record", "")),
        "extend": lambda: s.mediation_extend(actor=u, case=c, days=_int(p.get("days")) or 0,
                                             worker_agrees=p.get("worker_agrees") == "on",
                                             employer_agrees=p.get("employer_agrees") == "on"),
        "agreement": lambda: s.mediation_agreement_generate(
            actor=u, case=c, terms=p.get("terms", ""),
            payments=[s.AgreedPayment(p.get("item", "") or _("劳动报酬"), p.get("amount", ""), p.get("due_on", ""))]),
        "fail": lambda: s.mediation_fail(actor=u, case=c, reason=p.get("reason", ""), note=p.get("note", "")),
        "withdraw": lambda: s.case_withdraw(actor=u, case=c, reason=p.get("reason", "")),
        "pay": lambda: s.case_employer_pay(actor=u, case=c, method=p.get("method", "wechat")),
        "record_payment": lambda: s.case_payment_record(actor=u, case=c, item_id=_int(p.get("item")) or 0,
                                                        paid_on=p.get("paid_on", "")),
        "arb_apply": lambda: s.arbitration_apply(actor=u, case=c, applied_on=p.get("on", "")),
        "arb_accept": lambda: s.arbitration_accept(actor=u, case=c, accepted_on=p.get("on", ""),
                                                   case_no=p.get("case_no", "")),
        "arb_reject": lambda: s.arbitration_reject(actor=u, case=c, rejected_on=p.get("on", ""),
                                                   reason=p.get("reason", "")),
        "arb_hearing": lambda: s.arbitration_hearing_add(actor=u, case=c, hearing_on=p.get("on", "")),
        "arb_extend": lambda: s.arbitration_extend(actor=u, case=c, days=_int(p.get("days")) or 0),
        "arb_pause": lambda: s.clock_pause(actor=u, case=c, reason=p.get("reason", ""), started_on=p.get("on", ""),
                                           note=p.get("note", "")),
        "arb_resume": lambda: s.clock_resume(actor=u, case=c, ended_on=p.get("on", "")),
        "arb_close": lambda: s.arbitration_close(actor=u, case=c, outcome=p.get("outcome", ""),
                                                 award_on=p.get("on", ""), amount=p.get("amount", ""),
                                                 due_on=p.get("due_on", "")),
    }
    fn = handlers.get(action)
    if fn is None:
        raise AppError("bad_action", _("请选择要进行的操作。"))
    fn()
    return _("已保存。")


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _case(pk, request.user)
    error: AppError | None = None
    revealed: dict[str, str] = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reveal":
                field = request.POST.get("field", "")
                revealed[field] = services.case_reveal(actor=authenticated_user(request), case=c, field=field)
            elif request.POST.get("action") == "upload":
                services.evidence_upload(actor=authenticated_user(request), case=c, files=_files(request))
                messages.success(request, _("材料已上传。"))
                return redirect("disputes:case", pk=c.pk)
            else:
                messages.success(request, _case_action(request, c) or "")
                return redirect("disputes:case", pk=c.pk)
        except AppError as exc:
            error = exc
        c = _case(pk, request.user)
    user = request.user
    party = selectors.case_party(c, user)
    view = selectors.party_view(c, user)
    return render(request, "disputes/case_detail.html", {
        "c": c, "error": error, "party": party, "view": view, "revealed": revealed,
        "can_mediate": bool(policy.decide(user, Action.CASE_MEDIATE, region_code=c.region_code)),
        "can_arbitrate": bool(policy.decide(user, Action.CASE_ARBITRATE, region_code=c.region_code)),
        "mediators": selectors.mediators_for(c) if c.status == CaseStatus.APPLIED else [],
        "deadlines": selectors.deadlines_of(c), "events": list(c.events.select_related("actor")),
        "sessions": list(c.sessions.all()), "evidence": _with_verify_links(list(c.evidence.all())),
        "payments": list(c.payments.all()),
        "pauses": list(c.pauses.all()), "unpaid": [p for p in c.payments.all() if p.paid_on is None],
        "failure_reasons": FailureReason.choices, "outcomes": ArbitrationOutcome.choices,
        "pause_reasons": PauseReason.choices, "today": timezone.localdate(),
        "due_default": timezone.localdate() + timedelta(days=7),
        "open_pause": next((p for p in c.pauses.all() if p.ended_on is None), None),
        "limitation": services.clock.limitation_state(c, timezone.localdate()),
        "limitation_end": services.clock.limitation_end(c.claim_arose_on) if c.claim_arose_on else None,
    }, status=error.status if error else 200)


@login_required
def case_print(request: HttpRequest, pk: int) -> HttpResponse:
    c = _case(pk, request.user)
    doc = request.GET.get("doc", "summary")
    return render(request, "disputes/case_print.html", {
        "c": c, "doc": doc, "view": selectors.party_view(c, request.user), "events": list(c.events.all()),
        "sessions": list(c.sessions.all()), "payments": list(c.payments.all()), "today": timezone.localdate(),
        "deadlines": selectors.deadlines_of(c),
    })


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        ev = selectors.evidence_get_for_user(pk, request.user)
        data = services.evidence_open(ev)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type=ev.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="evidence-{ev.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff -------------------------------------------------------------------------------------------

def _staff(request: HttpRequest) -> None:
    require_staff_page(request)
    if not any(policy.decide(request.user, a) for a in (Action.CASE_MEDIATE, Action.CASE_ARBITRATE,
                                                         Action.COMPLAINT_HANDLE)):
        raise Http404(_("您没有处理投诉和劳动争议的权限。"))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _staff(request)
    status = request.GET.get("status", "open")
    due = request.GET.get("due") or None
    tab = request.GET.get("tab", "cases")
    rows = selectors.case_queue(authenticated_user(request), status=None if status == "all" else status,
                                due=due if due in DueState.values else None)
    complaints = list(selectors.complaints_for_handler(
        authenticated_user(request), status=None if status == "all" else ("open" if status == "open" else status),
        category=request.GET.get("category") or None)[:300])
    now = timezone.now()
    return render(request, "disputes/queue.html", {
        "rows": rows, "complaints": complaints, "status": status, "due": due or "", "tab": tab, "now": now,
        "case_statuses": CaseStatus.choices, "complaint_statuses": ComplaintStatus.choices,
        "categories": ComplaintCategory.choices, "category": request.GET.get("category", ""),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _staff(request)
    status = request.GET.get("status") or None
    data = exports.cases_xlsx(selectors.cases_for_export(authenticated_user(request), status=None if status == "all" else status),
                              viewer=request.user)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="disputes-{timezone.localdate().isoformat()}.xlsx"'
    return response


@login_required
def walk_in(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.identity.models import Employer

    require_staff_page(request)
    if not policy.decide(request.user, Action.STATION_CONSOLE):
        raise Http404(_("只有零工服务站点工作人员可以代为登记。"))
    error: AppError | None = None
    scope = getattr(request.user, "scope_region", None)
    form = WalkInCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            employer_pk = _int(request.POST.get("employer_id"))
            employer = Employer.objects.filter(pk=employer_pk).first() if employer_pk else None
            case = services.case_open_walk_in(
                actor=authenticated_user(request), worker_name=d["worker_name"], worker_mobile=d["worker_mobile"],
                employer=employer, employer_name=d["employer_name"],
                region_code=request.POST.get("region_code") or (scope.code if scope else ""),
                claim_text=d["claim_text"], claim_amount=d["claim_amount"], claim_arose_on=d["claim_arose_on"],
                consent=d["consent"], consent_note=d["consent_note"])
            messages.success(request, _("已代为登记，编号 %(n)s。请把编号告诉申请人。") % {"n": case.number})
            return redirect("disputes:case", pk=case.pk)
        except AppError as exc:
            if exc.extra.get("errors") or exc.field in form.fields:
                form.add_app_error(exc)
            else:
                error = exc
    status = error.status if error else (400 if form.errors else 200)
    return render(request, "disputes/walk_in.html", {"error": error, "form": form, "scope": scope}, status=status)


@login_required
def kpi(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.disputes.api import kpi_period, kpi_region

    require_staff_page(request)
    if not policy.decide(request.user, Action.KPI_VIEW):
        raise Http404(_("您没有查看统计的权限。"))
    error: AppError | None = None
    figures: dict[str, Any] = {}
    try:
        period = kpi_period(request.GET.get("from", ""), request.GET.get("to", ""))
        prefix = kpi_region(request.user, request.GET.get("region", ""))
        figures = selectors.dispute_kpis(period=period, region_prefix=prefix)
    except AppError as exc:
        error = exc
        period = kpi_period("", "")
    region_form = RegionFilterForm({"region": request.GET.get("region", "")})
    limit_to_scope(region_form, request.user)
    return render(request, "disputes/kpi.html", {
        "f": figures, "defs": selectors.kpi_definitions(), "error": error, "from": period.start,
        "to": period.end - timedelta(days=1), "region_form": region_form,
        "categories": dict(ComplaintCategory.choices),
    }, status=error.status if error else 200)


@login_required
@require_POST
def wage_alert_case(request: HttpRequest, alert_id: int) -> HttpResponse:
    from suzhaohuo.gigs.models import WageAlert

    alert = WageAlert.objects.select_related("engagement__job", "engagement__worker", "engagement__employer").filter(
        pk=alert_id).first()
    if alert is None:
        raise Http404(_("没有找到这条预警。"))
    try:
        case = services.case_open_from_wage_alert(
            actor=authenticated_user(request), alert=alert,
            claim_text=_("欠薪预警：%(t)s 完工后逾期未付工钱") % {"t": alert.engagement.job.title},
            claim_amount=alert.engagement.job.pay_min)
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect("gigs:wage_alerts")
    return redirect("disputes:case", pk=case.pk)


def _with_verify_links(evidence: list[Any]) -> list[Any]:
    """An agreement named as evidence links to its verification (number and check code)."""
    for e in evidence:
        e.verify_path = verify_path_for(e.ref) if e.kind == "agreement" and e.ref else ""
    return evidence
