"""Regulator console (region-scoped, 360 px) and the sanctioned party's page. Thin: forms → services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action
from suzhaohuo.regions.forms import limit_to_scope
from suzhaohuo.regulation import forms, selectors, services
from suzhaohuo.regulation.choices import AppealStatus, ReferralStatus, RiskFlagStatus, SanctionStatus
from suzhaohuo.regulation.models import RiskFlag, Sanction

View = Callable[..., HttpResponse]


def _denied(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "regulation/denied.html", {"message": message}, status=403)


def regulator_only(action: Action = Action.SANCTION_DECIDE) -> Callable[[View], View]:
    def wrap(view: View) -> View:
        @login_required
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            decision = policy.decide(request.user, action)
            if not decision:
                return _denied(request, decision.message)
            return view(request, *args, **kwargs)
        return inner
    return wrap


def _apply_error(form: Any, exc: AppError) -> AppError | None:
    if exc.field and exc.field in form.fields and not form.fields[exc.field].widget.is_hidden:
        form.add_error(exc.field, exc.message)
        return None
    return exc


# --- console -----------------------------------------------------------------------------------

@regulator_only()
def console(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    incoming, outgoing = selectors.referrals_for_staff(user)
    now = timezone.now()
    return render(request, "regulation/console.html", {
        "risk_open": selectors.risk_queue(user).filter(score__gt=0).count(),
        "sanctions_active": selectors.sanctions_for_staff(user, status=SanctionStatus.ACTIVE).count(),
        "appeals_open": selectors.appeals_for_staff(user, status=AppealStatus.SUBMITTED).count(),
        "listings": selectors.listings_for_staff(user).filter(removed_at__isnull=True).count(),
        "referrals_in": incoming.exclude(status=ReferralStatus.CLOSED).count(),
        "referrals_out": outgoing.exclude(status=ReferralStatus.CLOSED).count(),
        "overdue": sum(1 for r in incoming.exclude(status=ReferralStatus.CLOSED) if r.overdue(now)),
    })


@regulator_only()
def employers(request: HttpRequest) -> HttpResponse:
    """Find an employer (by name or USCC) in scope to act on it."""
    from suzhaohuo.identity.models import Employer

    q = (request.GET.get("q") or "").strip()
    rows: list[Any] = []
    if q:
        qs = policy.scoped(Employer.objects.filter(Q(name__icontains=q) | Q(uscc=q.upper())), request.user,
                           "township_id")
        rows = [(e, selectors.blocking_sanction("employer", e.pk)) for e in qs.order_by("name")[:50]]
    return render(request, "regulation/employers.html", {"q": q, "rows": rows})


@regulator_only()
def sanctions(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    qs = selectors.sanctions_for_staff(authenticated_user(request), status=status or None)[:200]
    return render(request, "regulation/sanctions.html", {"sanctions": qs, "status": status})


@regulator_only()
def sanction_new(request: HttpRequest) -> HttpResponse:
    initial = {"subject_type": request.GET.get("subject_type", "employer"),
               "subject_id": request.GET.get("subject_id"), "kind": request.GET.get("kind", "suspend_posting")}
    form = forms.SanctionForm(request.POST or None, initial=initial)
    error, subject_name = None, ""
    try:
        _rec, subject_name, _region, _party = services.subject_resolve(
            (form.data.get("subject_type") if form.is_bound else initial["subject_type"]) or "employer",
            int((form.data.get("subject_id") if form.is_bound else initial["subject_id"]) or 0))
    except (AppError, ValueError):
        subject_name = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            s = services.sanction_impose(
                actor=authenticated_user(request), kind=d["kind"], subject_type=d["subject_type"], subject_id=d["subject_id"],
                legal_basis=d["legal_basis"], reason=d["reason"], evidence=forms.evidence_lines(d["evidence"]),
                days=d["days"], correction_required=d["correction_required"],
                correction_deadline=d["correction_deadline"])
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("已作出处理并通知被处理方。"))
            return redirect("regulation:sanction", pk=s.pk)
    return render(request, "regulation/sanction_new.html", {"form": form, "error": error,
                                                             "subject_name": subject_name})


def _scoped_sanction(request: HttpRequest, pk: int) -> Sanction | None:
    return selectors.sanctions_for_staff(authenticated_user(request)).filter(pk=pk).first()


@regulator_only()
def sanction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _scoped_sanction(request, pk)
    if s is None:
        return _denied(request, _("找不到这项处理，或不在您的辖区。"))
    form, error = forms.ReasonForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "verify":
                services.sanction_correction_verify(actor=authenticated_user(request), sanction=s, note=form.cleaned_data["reason"])
            else:
                services.sanction_lift(actor=authenticated_user(request), sanction=s, reason=form.cleaned_data["reason"])
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("处理已解除，被处理方已收到通知。"))
            return redirect("regulation:sanction", pk=s.pk)
    return render(request, "regulation/sanction_detail.html", {
        "s": s, "appeals": s.appeals.select_related("appellant").all(), "form": form, "error": error,
        "in_force": s.in_force()})


@regulator_only()
def appeals(request: HttpRequest) -> HttpResponse:
    return render(request, "regulation/appeals.html",
                  {"appeals": selectors.appeals_for_staff(authenticated_user(request))[:200]})


@regulator_only()
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeals_for_staff(authenticated_user(request)).filter(pk=pk).first()
    if appeal is None:
        return _denied(request, _("找不到这件申诉，或不在您的辖区。"))
    form, error = forms.AppealDecisionForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(actor=authenticated_user(request), appeal=appeal,
                                   uphold=form.cleaned_data["decision"] == "uphold", reason=form.cleaned_data["reason"])
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("申诉已处理，申诉人已收到通知。"))
            return redirect("regulation:sanction", pk=appeal.sanction_id)
    return render(request, "regulation/appeal_detail.html", {"appeal": appeal, "form": form, "error": error})


@regulator_only()
def listings(request: HttpRequest) -> HttpResponse:
    form, error = forms.ListingForm(request.POST or None), None
    limit_to_scope(form, request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.listing_add(actor=authenticated_user(request), key_type=d["key_type"], value=d["value"], reason=d["reason"],
                                 region_code=d["region_code"], name=d["name"], legal_basis=d["legal_basis"],
                                 days=d["days"])
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("已列入异常名录。"))
            return redirect("regulation:listings")
    return render(request, "regulation/listings.html", {
        "listings": selectors.listings_for_staff(authenticated_user(request))[:300], "form": form, "error": error,
        "now": timezone.now()})


@regulator_only(Action.REFERRAL_HANDLE)
def referrals(request: HttpRequest) -> HttpResponse:
    incoming, outgoing = selectors.referrals_for_staff(authenticated_user(request))
    form, error = forms.ReferralForm(request.POST or None), None
    limit_to_scope(form, request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ref = services.referral_send(actor=authenticated_user(request), to_org=d["to_org"], region_code=d["region_code"],
                                         subject_name=d["subject_name"], summary=d["summary"],
                                         case_file=forms.evidence_lines(d["case_file"]))
        except AppError as exc:
            error = _apply_error(form, exc)
        else:
            messages.success(request, _("线索已移送，等待对方签收。"))
            return redirect("regulation:referral", pk=ref.pk)
    now = timezone.now()
    return render(request, "regulation/referrals.html", {
        "incoming": [(r, r.overdue(now)) for r in incoming[:200]],
        "outgoing": [(r, r.overdue(now)) for r in outgoing[:200]], "form": form, "error": error,
        "org": selectors.organisation_of(request.user)})


@regulator_only(Action.REFERRAL_HANDLE)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incoming, outgoing = selectors.referrals_for_staff(authenticated_user(request))
    ref = (incoming | outgoing).filter(pk=pk).first()
    if ref is None:
        return _denied(request, _("找不到这件移送，或不在您的辖区。"))
    form, error = forms.TextForm(request.POST or None), None
    step = request.POST.get("step", "")
    if request.method == "POST" and (step == "acknowledge" or form.is_valid()):
        try:
            if step == "acknowledge":
                services.referral_acknowledge(actor=authenticated_user(request), referral=ref)
            elif step == "answer":
                services.referral_answer(actor=authenticated_user(request), referral=ref, answer=form.cleaned_data["text"])
            elif step == "outcome":
                services.referral_outcome(actor=authenticated_user(request), referral=ref, outcome=form.cleaned_data["text"])
        except AppError as exc:
            error = exc
        else:
            return redirect("regulation:referral", pk=ref.pk)
    org = selectors.organisation_of(request.user)
    return render(request, "regulation/referral_detail.html", {
        "ref": ref, "form": form, "error": error, "receiving": org == ref.to_org or policy.is_admin(request.user),
        "overdue": ref.overdue(timezone.now())})


@regulator_only()
def risk(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        flag = selectors.risk_queue(authenticated_user(request)).filter(pk=request.POST.get("flag") or 0).first()
        if flag is not None:
            flag.status = RiskFlagStatus.DISMISSED if request.POST.get("action") == "dismiss" else RiskFlagStatus.ACTIONED
            flag.note = (request.POST.get("note") or "")[:300]
            flag.save(update_fields=["status", "note", "updated_at"])
            from suzhaohuo.core.services import audit_record

            audit_record(actor=request.user, action=f"regulation.risk_{flag.status}", target=flag,
                         region_code=flag.region_code, reason=flag.note)
        return redirect("regulation:risk")
    flags: list[RiskFlag] = list(selectors.risk_queue(authenticated_user(request)).filter(score__gt=0)[:100])
    from suzhaohuo.identity.models import Employer

    employer_of = dict(Employer.objects.filter(owner_id__in=[f.user_id for f in flags]).values_list("owner_id", "pk"))
    return render(request, "regulation/risk.html", {
        "rows": [(f, employer_of.get(f.user_id), selectors.throttle_in_force(f.user_id)) for f in flags]})


@regulator_only()
def audit(request: HttpRequest) -> HttpResponse:
    form = forms.AuditSearchForm(request.GET or None)
    rows: list[Any] = []
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        rows = list(selectors.audit_search(authenticated_user(request), actor_q=d["actor"], action=d["action"],
                                           target_type=d["target_type"], target_id=d["target_id"],
                                           since=d["since"], until=d["until"])[:200])
    return render(request, "regulation/audit.html", {"form": form, "rows": rows})


@regulator_only()
def self_check(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(request, "regulation/self_check.html", {"r": selectors.pi_self_check(authenticated_user(request), year=year)})


@regulator_only()
def licences(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.regulation.models import LicenceRecord

    form, error, report = forms.LicenceUploadForm(request.POST or None, request.FILES or None), None, None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            report = services.licence_register_import(actor=authenticated_user(request), content=f.read(), file_name=f.name)
        except AppError as exc:
            error = _apply_error(form, exc)
    return render(request, "regulation/licences.html", {
        "form": form, "error": error, "report": report,
        "records": LicenceRecord.objects.order_by("valid_until")[:300], "today": timezone.localdate()})


@login_required
def reverify_queue(request: HttpRequest) -> HttpResponse:
    """Station staff: recruitment accounts whose 6-month verification expires soon or has expired."""
    decision = policy.decide(request.user, Action.IDENTITY_VERIFY)
    if not decision and not policy.decide(request.user, Action.SANCTION_DECIDE):
        return _denied(request, decision.message)
    return render(request, "regulation/reverify.html", {
        "employers": selectors.reverification_queue(authenticated_user(request))[:300], "now": timezone.now()})


# --- the sanctioned party --------------------------------------------------------------------

@login_required
def my_sanctions(request: HttpRequest) -> HttpResponse:
    mine = list(selectors.sanctions_of_user(request.user).prefetch_related("appeals"))
    target = next((s for s in mine if str(s.pk) == request.POST.get("sanction")), None)
    appeal_form = forms.AppealForm(request.POST if request.POST.get("form") == "appeal" else None)
    correction_form = forms.CorrectionForm(request.POST if request.POST.get("form") == "correction" else None)
    error = None
    if request.method == "POST" and target is not None:
        try:
            if request.POST.get("form") == "appeal" and appeal_form.is_valid():
                services.appeal_submit(user=request.user, sanction=target,
                                       statement=appeal_form.cleaned_data["statement"])
                messages.success(request, _("申诉已提交，监管部门会尽快处理并通知您结果。"))
                return redirect("regulation:my")
            if request.POST.get("form") == "correction" and correction_form.is_valid():
                services.sanction_correction_report(user=request.user, sanction=target,
                                                    report=correction_form.cleaned_data["report"])
                messages.success(request, _("整改情况已提交，等待监管部门核验。"))
                return redirect("regulation:my")
        except AppError as exc:
            error = exc
    return render(request, "regulation/my.html", {
        "rows": [(s, s.in_force(), [a for a in s.appeals.all()]) for s in mine], "appeal_form": appeal_form,
        "correction_form": correction_form, "error": error, "target": target})
