"""Thin views: the public 「附近的零工驿站」, coverage page and map, kiosk and weekly board; and the
station console. Each parses input, calls a selector or service, and renders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.carriers import selectors, services
from suzhaohuo.carriers.board import board_pdf, extra_sections, job_url
from suzhaohuo.carriers.choices import CarrierKind, Partner
from suzhaohuo.carriers.exports import coverage_xlsx, ledger_xlsx
from suzhaohuo.carriers.forms import (
    JobChoiceForm,
    JobOnBehalfForm,
    NearbyForm,
    ProfileFields,
    VerifyForm,
    WalkInForm,
)
from suzhaohuo.carriers.geo import city_map
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.http import require_staff_page
from suzhaohuo.kernel.pay import pay_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attach(form: Any, exc: AppError) -> AppError | None:
    """Show a service error at its field when the form has it, else in the summary."""
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
        return None
    return exc


def _error_page(request: HttpRequest, exc: AppError) -> HttpResponse:
    return render(request, "carriers/error.html", {"error": exc}, status=exc.status)


# --- public pages -------------------------------------------------------------------------------------


def nearby(request: HttpRequest) -> HttpResponse:
    form = NearbyForm(request.GET or None)
    rows: list[Any] = []
    error = None
    searched = False
    if request.GET and form.is_valid():
        lat, lng, township = form.cleaned_data["lat"], form.cleaned_data["lng"], form.cleaned_data["township"]
        try:
            if lat is not None and lng is not None:
                rows, searched = selectors.carriers_nearby(lat=lat, lng=lng, limit=10), True
            elif township:
                rows, searched = selectors.carriers_for_township(township_code=township, limit=10), True
            else:
                error = AppError("location_required", _("请点“用我的位置”，或选择一个乡镇（街道）后点“查找”。"), "township")
        except AppError as exc:
            error = _attach(form, exc)
    return render(request, "carriers/nearby.html", {"form": form, "rows": rows, "error": error, "searched": searched})


def coverage(request: HttpRequest) -> HttpResponse:
    county = request.GET.get("county", "")
    try:
        cov = selectors.coverage_compute(county_code=county)
    except AppError as exc:
        return _error_page(request, exc)
    full = cov if not county else selectors.coverage_compute()
    frame, shapes = city_map()
    levels = {c.code: c for c in full.counties}
    map_counties = [{"shape": s, "row": levels.get(s.code)} for s in shapes]
    dots = [{"xy": frame.project(c.lat, c.lng), "carrier": c}
            for c in selectors.carriers_active().filter(kind__in=[CarrierKind.CITY_MARKET, CarrierKind.COUNTY_MARKET,
                                                                  CarrierKind.COMPREHENSIVE_MARKET])]
    stations = [frame.project(lat, lng) for lat, lng in
                selectors.carriers_active().filter(kind=CarrierKind.STATION).values_list("lat", "lng")]
    partners = [(label, cov.co_built_sites_by_partner.get(key, 0)) for key, label in Partner.choices]
    return render(request, "carriers/coverage.html", {
        "cov": cov, "full": full, "frame": frame, "map_counties": map_counties, "dots": dots, "stations": stations,
        "partners": partners, "county": county})


def coverage_export(request: HttpRequest) -> HttpResponse:
    try:
        cov = selectors.coverage_compute(county_code=request.GET.get("county", ""))
    except AppError as exc:
        return _error_page(request, exc)
    resp = HttpResponse(coverage_xlsx(cov), content_type=XLSX)
    resp["Content-Disposition"] = 'attachment; filename="coverage.xlsx"'
    return resp


KIOSK_REFRESH_SECONDS = 60


def kiosk(request: HttpRequest, pk: int) -> HttpResponse:
    from segno import make

    try:
        carrier = selectors.carrier_get_public(pk)
    except AppError as exc:
        return _error_page(request, exc)
    jobs = selectors.board_jobs(carrier, limit=12)
    rows = [{"job": j, "pay": pay_text(j), "qr": make(job_url(j), error="m").svg_data_uri(scale=5)}
            for j in jobs]
    context = {"carrier": carrier, "rows": rows, "refresh": KIOSK_REFRESH_SECONDS, "extras": extra_sections(carrier)}
    if request.GET.get("live"):  # the kiosk's polite live update: only the list and its status line
        return render(request, "carriers/_kiosk_live.html", {**context, "live": True})
    return render(request, "carriers/kiosk.html", context)


def board(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        carrier = selectors.carrier_get_public(pk)
    except AppError as exc:
        return _error_page(request, exc)
    size = "A3" if request.GET.get("size", "").upper() == "A3" else "A4"
    pdf = board_pdf(carrier=carrier, jobs=selectors.board_jobs(carrier), size=size)
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="job-board-{carrier.pk}-{size}.pdf"'
    return resp


# --- station console ---------------------------------------------------------------------------------


def console_view(fn: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the staff member's carrier and area, or show why they cannot use the console."""

    @login_required
    @wraps(fn)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_staff_page(request)
        try:
            carrier = selectors.console_carrier(request.user, _int(request.GET.get("carrier")))
            area = selectors.console_area_prefix(request.user, carrier)
            return fn(request, carrier, area, *args, **kwargs)
        except AppError as exc:
            return _error_page(request, exc)

    return wrapper


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@console_view
def console_home(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    return render(request, "carriers/console/home.html", {
        "carrier": carrier, "records": selectors.ledger_for(request.user, carrier=carrier)[:10],
        "total": selectors.ledger_for(request.user, carrier=carrier).count(),
        "counts": selectors.ledger_counts_by_carrier(prefix=area).get(carrier.pk, {}),
        "jobs_open": selectors.console_jobs(area=area).count(),
        "people": len(selectors.console_people(area=area, limit=10000))})


def _profile_kwargs(cd: dict[str, Any]) -> dict[str, Any]:
    return {"category_codes": cd["categories"], "skills": cd["skills"] or "", "days_available": cd["days_available"],
            "max_distance_km": cd["max_distance_km"], "desired_pay": cd["desired_pay"],
            "settlement_preference": cd["settlement_preference"], "receive_pushes": cd["receive_pushes"]}


@console_view
def console_register(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    form = WalkInForm(request.POST or None, townships=selectors.console_townships(area),
                      initial={"receive_pushes": True})
    error = None
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = services.WalkInInput(mobile=cd["mobile"], real_name=cd["real_name"], id_number=cd["id_number"],
                                    township_code=cd["township_code"], id_card_seen=cd["id_card_seen"],
                                    privacy_accepted=cd["privacy_accepted"], **_profile_kwargs(cd))
        try:
            user = services.walkin_register(actor=authenticated_user(request), carrier=carrier, data=data)
        except AppError as exc:
            error = _attach(form, exc)
        else:
            messages.success(request, _("登记完成。") if cd["id_card_seen"] else
                             _("已登记，实名信息待核验：核对身份证原件后请点“核验身份”。"))
            return redirect("carriers:console_person", user_id=user.pk)
    return render(request, "carriers/console/register.html", {"carrier": carrier, "form": form, "error": error})


@console_view
def console_people(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    rows = [{"user": u, "label": services.subject_label(u)} for u in selectors.console_people(area=area)]
    return render(request, "carriers/console/people.html", {"carrier": carrier, "rows": rows})


def _person_context(carrier: Any, person: Any) -> dict[str, Any]:
    from suzhaohuo.identity.selectors import person_identity_of

    identity = getattr(person, "identity", None) if hasattr(person, "identity") else None
    profile = person.worker_profile
    return {"carrier": carrier, "person": person, "identity": identity or person_identity_of(person),
            "profile": profile, "categories": list(profile.categories.all()),
            "label": services.subject_label(person)}


@console_view
def console_person(request: HttpRequest, carrier: Any, area: str, user_id: int) -> HttpResponse:
    try:
        person = selectors.console_person(area=area, user_id=user_id)
    except AppError as exc:
        return _error_page(request, exc)
    ctx = _person_context(carrier, person)
    ctx["verify_form"] = VerifyForm()
    return render(request, "carriers/console/person.html", ctx)


@console_view
def console_person_verify(request: HttpRequest, carrier: Any, area: str, user_id: int) -> HttpResponse:
    try:
        person = selectors.console_person(area=area, user_id=user_id)
    except AppError as exc:
        return _error_page(request, exc)
    form = VerifyForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.person_verify_at_station(actor=authenticated_user(request), carrier=carrier, user=person,
                                              id_card_seen=form.cleaned_data["id_card_seen"])
        except AppError as exc:
            error = _attach(form, exc)
        else:
            messages.success(request, _("实名核验已通过。"))
            return redirect("carriers:console_person", user_id=person.pk)
    ctx = _person_context(carrier, person)
    ctx.update(verify_form=form, error=error)
    return render(request, "carriers/console/person.html", ctx)


@console_view
def console_person_profile(request: HttpRequest, carrier: Any, area: str, user_id: int) -> HttpResponse:
    try:
        person = selectors.console_person(area=area, user_id=user_id)
    except AppError as exc:
        return _error_page(request, exc)
    p = person.worker_profile
    initial = {"categories": list(p.categories.values_list("code", flat=True)), "skills": p.skills,
               "days_available": p.days_available, "max_distance_km": p.max_distance_km,
               "desired_pay": p.desired_pay, "settlement_preference": p.settlement_preference,
               "receive_pushes": p.receive_pushes}
    form = ProfileFields(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_profile_record(actor=authenticated_user(request), carrier=carrier, user=person,
                                           **_profile_kwargs(form.cleaned_data))
        except AppError as exc:
            error = _attach(form, exc)
        else:
            messages.success(request, _("技能和意愿已保存。"))
            return redirect("carriers:console_person", user_id=person.pk)
    return render(request, "carriers/console/profile.html",
                  {"carrier": carrier, "person": person, "form": form, "error": error,
                   "label": services.subject_label(person)})


@console_view
@require_POST
def console_person_jobs(request: HttpRequest, carrier: Any, area: str, user_id: int) -> HttpResponse:
    try:
        person = selectors.console_person(area=area, user_id=user_id)
        hits = services.match_jobs_for_person(actor=authenticated_user(request), carrier=carrier, user=person, limit=10)
    except AppError as exc:
        return _error_page(request, exc)
    rows = [{"hit": h, "pay": pay_text(h.job)} for h in hits]
    return render(request, "carriers/console/person_jobs.html",
                  {"carrier": carrier, "person": person, "rows": rows, "label": services.subject_label(person)})


@console_view
@require_POST
def console_shortlist(request: HttpRequest, carrier: Any, area: str, user_id: int) -> HttpResponse:
    ids = [i for i in (_int(v) for v in request.POST.getlist("jobs")) if i is not None]
    try:
        person = selectors.console_person(area=area, user_id=user_id)
        jobs = services.shortlist_print(actor=authenticated_user(request), carrier=carrier, user=person, job_ids=ids)
    except AppError as exc:
        return _error_page(request, exc)
    rows = [{"job": j, "pay": pay_text(j), "url": job_url(j)} for j in jobs]
    return render(request, "carriers/console/shortlist.html",
                  {"carrier": carrier, "person": person, "rows": rows, "label": services.subject_label(person)})


@console_view
def console_jobs(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    jobs = selectors.console_jobs(area=area)[:100]
    return render(request, "carriers/console/jobs.html", {
        "carrier": carrier, "rows": [{"job": j, "pay": pay_text(j)} for j in jobs]})


@console_view
def console_job_new(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    from suzhaohuo.jobs.services import JobInput

    employers = list(selectors.console_employers(area=area))
    form = JobOnBehalfForm(request.POST or None, request.FILES or None, employers=employers,
                           townships=selectors.console_townships(area))
    error = None
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        employer = next((e for e in employers if str(e.pk) == cd["employer"]), None)
        data = JobInput(title=cd["title"], description=cd["description"], category_code=cd["category_code"],
                        pay_unit=cd["pay_unit"], settlement=cd["settlement"], headcount=cd["headcount"],
                        township_code=cd["township_code"], address=cd["address"], pay_min=cd["pay_min"],
                        pay_max=cd["pay_max"])
        auth = services.AuthorizationInput(authorized_by=cd["authorized_by"], method=cd["method"],
                                           id_number=cd["id_number"], letter_photo=cd["letter_photo"])
        try:
            job = services.job_post_on_behalf(actor=authenticated_user(request), carrier=carrier, employer=employer, data=data,
                                              authorization=auth)
        except AppError as exc:
            error = _attach(form, exc)
        else:
            messages.success(request, _("岗位“%(t)s”已代为提交（状态：%(s)s）。") % {
                "t": job.title, "s": job.get_status_display()})
            return redirect("carriers:console_jobs")
    return render(request, "carriers/console/job_new.html", {"carrier": carrier, "form": form, "error": error})


@console_view
def console_job_match(request: HttpRequest, carrier: Any, area: str, job_id: int) -> HttpResponse:
    try:
        job = selectors.console_job(area=area, job_id=job_id)
        hits = (services.match_workers_for_job_at(actor=authenticated_user(request), carrier=carrier, job=job)
                if request.method == "POST" else None)
    except AppError as exc:
        return _error_page(request, exc)
    rows = [{"hit": h, "label": services.subject_label(h.user)} for h in hits] if hits is not None else None
    return render(request, "carriers/console/job_match.html",
                  {"carrier": carrier, "job": job, "pay": pay_text(job), "rows": rows})


@console_view
def console_push(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    jobs = list(selectors.console_jobs(area=area)[:50])
    form = JobChoiceForm(request.POST or None, jobs=jobs)
    error = result = None
    confirm: list[Any] = []
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm") != "1":
        # a push cannot be called back: the first submit only shows what will be sent, the second sends
        chosen = set(form.cleaned_data["jobs"])
        confirm = [{"job": j, "pay": pay_text(j)} for j in jobs if j.pk in chosen]
    elif request.method == "POST" and form.is_valid():
        try:
            result = services.jobs_push(actor=authenticated_user(request), carrier=carrier, job_ids=form.cleaned_data["jobs"])
        except AppError as exc:
            error = _attach(form, exc)
    return render(request, "carriers/console/push.html", {
        "carrier": carrier, "form": form, "error": error, "result": result, "cap": services.push_daily_cap(),
        "confirm": confirm,
        "rows": [{"job": j, "pay": pay_text(j)} for j in jobs]})


@console_view
def console_ledger(request: HttpRequest, carrier: Any, area: str) -> HttpResponse:
    records = selectors.ledger_for(request.user, carrier=carrier)
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(ledger_xlsx(records), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="ledger-{carrier.pk}.xlsx"'
        return resp
    return render(request, "carriers/console/ledger.html", {"carrier": carrier, "records": records[:200],
                                                            "total": records.count()})
