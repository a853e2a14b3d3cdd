"""Pages: a worker's real-name form, employer registration, and the station staff console.

Views parse input, call a service or selector and render. Region scope is applied in selectors
(out-of-scope records are 'not found') and re-checked in services (403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError, NotFound, StaffOnly
from suzhaohuo.core.http import safe_next
from suzhaohuo.identity import selectors, services
from suzhaohuo.identity.choices import EmployerKind
from suzhaohuo.identity.forms import DecisionForm, EmployerForm, RealNameForm, StaffSearchForm
from suzhaohuo.identity.selectors import QUEUE_STATUSES


def staff_required(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not authenticated_user(request).is_staff_role:
            raise StaffOnly
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    return wrapped


# --- Worker -----------------------------------------------------------------------------------------

@login_required
def realname(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.accounts.choices import Role

    user: Any = request.user
    identity = selectors.person_identity_of(user)
    initial = {"real_name": identity.real_name, "township_code": identity.township_id} if identity else {}
    if not initial.get("township_code"):
        # the worker profile's home township (the one-to-one reverse accessor: workers sits above identity)
        profile = getattr(user, "worker_profile", None)
        if profile and profile.home_township_id:
            initial["township_code"] = profile.home_township_id
    form = RealNameForm(request.POST or None, initial=initial)
    error = None
    # the page she came from (a job she wanted to apply for): only a URL on this site, else nothing
    nxt = safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_submit_throttle(user=user, ip=request.META.get("REMOTE_ADDR"))
            services.person_identity_submit(user=user, real_name=form.cleaned_data["real_name"],
                                            id_number=form.cleaned_data["id_number"],
                                            township_code=form.cleaned_data["township_code"],
                                            update_worker_profile=user.role == Role.WORKER)
        except AppError as exc:
            error = exc
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                error = None
        else:
            done = reverse("identity:realname_done")
            return redirect(f"{done}?{urlencode({'next': nxt})}" if nxt else done)
    return render(request, "identity/realname.html", {"form": form, "error": error, "identity": identity,
                                                      "status": selectors.user_verification_status(user),
                                                      "next": nxt})


@login_required
def realname_done(request: HttpRequest) -> HttpResponse:
    identity = selectors.person_identity_of(request.user)
    if identity is None:
        return redirect("identity:realname")
    return render(request, "identity/realname_done.html", {
        "identity": identity, "next": safe_next(request, request.GET.get("next"), "")})


def township_options(request: HttpRequest) -> HttpResponse:
    """htmx enhancement: the <option>s of one county's townships (all counties when empty)."""
    from suzhaohuo.identity.forms import township_choices

    county = request.GET.get("county", "")
    groups = [g for g in township_choices()[1:] if not county or any(c.startswith(county) for c, _n in g[1])]
    return render(request, "identity/_township_options.html", {"groups": groups,
                                                                "selected": request.GET.get("township_code", "")})


# --- Employer ---------------------------------------------------------------------------------------

@login_required
def employer_register(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    employer = selectors.employer_of(user)
    initial: dict[str, Any] = {}
    if employer is not None:
        initial = {"kind": employer.kind, "name": employer.name, "uscc": employer.uscc,
                   "legal_representative": employer.legal_representative, "handler_name": employer.handler_name,
                   "is_agency": employer.is_agency, "hr_licence_number": employer.hr_licence_number,
                   "township_code": employer.township_id, "address": employer.address}
    form = EmployerForm(request.POST or None, request.FILES or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.employer_register(
                user=user, kind=d["kind"], name=d["name"], township_code=d["township_code"], address=d["address"],
                uscc=d["uscc"], legal_representative=d["legal_representative"], handler_name=d["handler_name"],
                handler_id_number=d["handler_id_number"], is_agency=d["is_agency"],
                hr_licence_number=d["hr_licence_number"], licence_image=d.get("licence_image") or None,
                person_id_number=d["person_id_number"])
        except AppError as exc:
            error = exc
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                error = None
        else:
            messages.success(request, _("登记已提交，状态为待核验。"))
            return redirect("identity:employer_done")
    return render(request, "identity/employer_register.html",
                  {"form": form, "error": error, "employer": employer, "kinds": EmployerKind})


@login_required
def employer_done(request: HttpRequest) -> HttpResponse:
    employer = selectors.employer_of(request.user)
    if employer is None:
        return redirect("identity:employer_register")
    return render(request, "identity/employer_done.html", {"employer": employer})


# --- Station staff console --------------------------------------------------------------------------

def _page(request: HttpRequest, qs: Any) -> Any:
    size = 5 if getattr(request, "elder_mode", False) else 20
    return Paginator(qs, size).get_page(request.GET.get("page"))


@staff_required
def console(request: HttpRequest) -> HttpResponse:
    return redirect("identity:staff_persons")


def _staff_queue(request: HttpRequest, *, list_selector: Callable[..., Any], template: str, tab: str) -> HttpResponse:
    """The persons / employers queues: the same filters over a scoped selector."""
    form = StaffSearchForm(request.GET or None)
    q, status = "", ""
    if form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["status"]
    qs = list_selector(actor=authenticated_user(request), status=status or None, statuses=None if status else QUEUE_STATUSES, query=q)
    return render(request, template, {
        "form": form, "page": _page(request, qs), "counts": selectors.queue_counts_for_staff(actor=authenticated_user(request)),
        "tab": tab})


def _staff_decision(request: HttpRequest, *, subject: Any, decide: Callable[[DecisionForm, bool], None],
                    success_message: Callable[[bool], str], done_url: str, template: str, context_name: str,
                    tab: str) -> HttpResponse:
    """Verify or reject one subject: errors at their field, 403 for scope, success back to the queue."""
    form = DecisionForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide(form, approve)
        except AppError as exc:
            if exc.status == 403:
                raise DjangoPermissionDenied(exc.message) from exc
            error = exc
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                error = None
        else:
            messages.success(request, success_message(approve))
            return redirect(done_url)
    return render(request, template, {
        context_name: subject, "form": form, "error": error,
        "events": selectors.verification_events_of(subject)[:20], "tab": tab})


@staff_required
def staff_persons(request: HttpRequest) -> HttpResponse:
    return _staff_queue(request, list_selector=selectors.persons_for_staff, template="identity/staff_persons.html",
                        tab="persons")


@staff_required
def staff_person(request: HttpRequest, pk: int) -> HttpResponse:
    identity = selectors.person_for_staff(actor=authenticated_user(request), pk=pk)

    def decide(form: DecisionForm, approve: bool) -> None:
        services.person_verify_in_person(actor=authenticated_user(request), identity=identity, approve=approve,
                                         reason=form.cleaned_data["reason"],
                                         id_card_seen=form.cleaned_data["id_card_seen"])

    return _staff_decision(
        request, subject=identity, decide=decide, done_url="identity:staff_persons",
        success_message=lambda approve: (_("已核验通过：%(n)s") if approve else _("已标记为不通过：%(n)s"))
        % {"n": identity.real_name},
        template="identity/staff_person.html", context_name="identity", tab="persons")


@staff_required
def staff_employers(request: HttpRequest) -> HttpResponse:
    return _staff_queue(request, list_selector=selectors.employers_for_staff,
                        template="identity/staff_employers.html", tab="employers")


@staff_required
def staff_employer(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.employer_for_staff(actor=authenticated_user(request), pk=pk)

    def decide(form: DecisionForm, approve: bool) -> None:
        services.employer_verify(actor=authenticated_user(request), employer=employer, approve=approve,
                                 reason=form.cleaned_data["reason"], documents_seen=form.cleaned_data["id_card_seen"])

    return _staff_decision(
        request, subject=employer, decide=decide, done_url="identity:staff_employers",
        success_message=lambda approve: _("已处理：%(n)s") % {"n": employer.name},
        template="identity/staff_employer.html", context_name="employer", tab="employers")


@staff_required
def staff_employer_licence(request: HttpRequest, pk: int) -> FileResponse:
    employer = selectors.employer_for_staff(actor=authenticated_user(request), pk=pk)
    if not employer.licence_image:
        raise Http404
    resp = FileResponse(employer.licence_image.open("rb"))
    resp["Cache-Control"] = "private, no-store"
    return resp


@staff_required
def staff_duplicates(request: HttpRequest) -> HttpResponse:
    qs = selectors.duplicate_attempts_for_staff(actor=authenticated_user(request))
    return render(request, "identity/staff_duplicates.html", {
        "page": _page(request, qs), "counts": selectors.queue_counts_for_staff(actor=authenticated_user(request)),
        "tab": "duplicates"})


@require_POST
@login_required
def remote_verify(request: HttpRequest) -> HttpResponse:
    identity = selectors.person_identity_of(request.user)
    if identity is None:
        return redirect("identity:realname")
    try:
        services.person_verify_remote(identity=identity)
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:me")
