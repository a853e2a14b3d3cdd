"""Thin views: the leaders' dashboard with drill-down, monthly reports, lead departments' updates,
notable cases, and the registration link that records which carrier or campaign brought a user."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.http import require_staff_page
from suzhaohuo.core.site import site_url
from suzhaohuo.kpi import measures, selectors, services
from suzhaohuo.kpi.charts import sparkline
from suzhaohuo.kpi.forms import CampaignForm, CaseForm, ReportForm, TaskUpdateForm
from suzhaohuo.kpi.models import MonthlyReport, PlanTask
from suzhaohuo.kpi.selectors import CONTEXT_CODES, PHONE_CODES, TABLE_CODES, fmt
from suzhaohuo.regions.forms import limit_to_scope

SESSION_REF = "szh_ref"


def _denied(request: HttpRequest, message: str | None = None) -> HttpResponse:
    return render(request, "kpi/error.html", {"message": message or _("您没有查看该地区指标的权限。")}, status=403)


def _month_param(request: HttpRequest) -> date | None:
    text = request.GET.get("month", "")
    if not text:
        return None
    try:
        y, m = text.split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        return None


def _row_view(row: selectors.Row) -> dict[str, Any]:
    unit = row.ind.unit
    return {
        "row": row, "value": fmt(row.value, unit) if row.connected else _("未接入"),
        "target": fmt(row.target.value, unit) if row.target else "",
        "expected": fmt(row.expected_now, unit) if row.expected_now is not None else "",
        "gap": selectors.gap_text(row),
        "change": fmt(row.month_change, unit) if row.month_change is not None else "",
        "spark": sparkline(row.spark, target=float(row.target.value) if row.target else None, label=str(row.ind.label)),
        "fraction": f"{row.numerator}/{row.denominator}" if row.denominator is not None else "",
    }


def _labelled(children: list[dict[str, Any]], labels: list[Any]) -> list[dict[str, Any]]:
    """Each child row's cells paired with their column name (the card labels of the table at 360 px)."""
    return [{**c, "labelled": list(zip(labels, c["cells"], strict=True))} for c in children]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_staff_page(request)
    code = request.GET.get("region") or selectors.default_region_code(request.user)
    try:
        region = selectors.region_get(code)
    except AppError as exc:
        return _denied(request, exc.message)
    if not selectors.can_view(request.user, region.code):
        return _denied(request)
    today = selectors.today()
    month = _month_param(request)
    asof = min(selectors.month_end(month), today) if month else today
    ctx = selectors.live_context(region.code, asof)  # each measure queried once for the page
    rows, basis = selectors.plan_rows(region.code, asof, ctx=ctx)
    context_rows, _b = selectors.plan_rows(region.code, asof, codes=CONTEXT_CODES, with_spark=False, ctx=ctx)
    phone_rows, _b = selectors.plan_rows(region.code, asof, codes=PHONE_CODES, with_spark=False, ctx=ctx)
    start = selectors.plan_start(asof)
    labels = [selectors.BY_CODE[c].label for c in TABLE_CODES]
    channels, attributions = selectors.registrations(region.code, measures.Period(start, asof + timedelta(days=1)))
    return render(request, "kpi/dashboard.html", {
        "region": region, "crumbs": [{"region": c, "link": selectors.can_view(request.user, c.code)}
                                      for c in selectors.breadcrumbs(region)], "asof": asof, "basis": basis,
        "month": month, "rows": [_row_view(r) for r in rows], "context_rows": [_row_view(r) for r in context_rows],
        "phone_rows": [_row_view(r) for r in phone_rows],
        "children": _labelled(selectors.child_table(region, asof, ctx), labels),
        "table_labels": labels,
        "channels": channels, "attributions": attributions,
        "plan_start": start, "tasks": selectors.task_lines(today),
        "reports": selectors.reports_for(region.code)[:12], "report_form": ReportForm(initial={
            "month": (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")}),
        "can_update": selectors.tasks_for_operator(request.user).exists(),
        "third_party_kinds": measures.third_party_kind_labels(),
    })


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    region = request.POST.get("region") or selectors.default_region_code(request.user)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择月份，例如 2026-05。"))
        return redirect(f"{reverse('kpi:dashboard')}?region={region}")
    try:
        selectors.region_get(region)
        report = services.report_generate(actor=authenticated_user(request), month=form.cleaned_data["month"], region_code=region)
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('kpi:dashboard')}?region={region}")
    messages.success(request, _("已生成 %(m)s 联席会议月报。") % {"m": f"{report.month:%Y-%m}"})
    return redirect(f"{reverse('kpi:dashboard')}?region={region}#reports")


@login_required
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse | FileResponse:
    report = get_object_or_404(MonthlyReport, pk=pk)
    if not selectors.can_view(request.user, report.region_code) or kind not in ("pdf", "xlsx"):
        raise Http404
    f = report.pdf if kind == "pdf" else report.xlsx
    name = f"联席会议月报-{report.month:%Y-%m}.{kind}"
    return FileResponse(f.open("rb"), as_attachment=True, filename=name)


@login_required
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(PlanTask.objects.select_related("lead"), pk=pk)
    if not selectors.tasks_for_operator(request.user).filter(pk=pk).exists():
        return _denied(request, _("只有该任务牵头单位的填报人员可以报送进展。"))
    today = selectors.today()
    form = TaskUpdateForm(request.POST or None, initial={"month": today.strftime("%Y-%m")})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update_submit(actor=authenticated_user(request), task=task, **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("已报送本月进展。"))
            return redirect("kpi:dashboard")
    return render(request, "kpi/task_update.html", {"task": task, "form": form, "error": error,
                                                    "updates": task.updates.all()[:12]})


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view(request.user, selectors.default_region_code(request.user)):
        return _denied(request)
    today = selectors.today()
    form = CaseForm(request.POST or None, initial={"month": today.strftime("%Y-%m"),
                                                   "region_code": selectors.default_region_code(request.user)})
    limit_to_scope(form, request.user)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_submit(actor=authenticated_user(request), **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            messages.success(request, _("案例已报送，待市人社局审核。"))
            return redirect("kpi:cases")
    return render(request, "kpi/cases.html", {"form": form, "error": error,
                                              "cases": selectors.cases_for(request.user)[:50],
                                              "can_decide": selectors.can_decide_cases(request.user)})


@login_required
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_for(request.user), pk=pk)
    try:
        services.case_decide(actor=authenticated_user(request), case=case, approve=request.POST.get("decision") == "approve")
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("kpi:cases")


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    """Registration links and their QR codes (SVG, printable) per carrier and campaign."""
    import segno

    if not selectors.can_view(request.user, selectors.default_region_code(request.user)):
        return _denied(request)
    form = CampaignForm(request.POST or None, initial={"region_code": selectors.default_region_code(request.user)})
    limit_to_scope(form, request.user)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_create(actor=authenticated_user(request), **form.cleaned_data)
        except AppError as exc:
            error = exc
        else:
            return redirect("kpi:campaigns")
    base = site_url()
    items = []
    for c in selectors.campaigns_for(request.user):
        url = f"{base}{reverse('kpi:referral', args=[c.code])}"
        items.append({"campaign": c, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=3)})
    return render(request, "kpi/campaigns.html", {"form": form, "error": error, "items": items})


def referral(request: HttpRequest, code: str) -> HttpResponse:
    """A carrier's or campaign's registration link / QR code: remember it, then go to sign-up."""
    if services.campaign_for_code(code) is not None:
        request.session[SESSION_REF] = code
    return redirect("accounts:login")

