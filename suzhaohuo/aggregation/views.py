"""Operator and dashboard pages: upload, progress, per-row report, template, sources dashboard. Thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.aggregation import selectors, services
from suzhaohuo.aggregation.choices import Outcome
from suzhaohuo.aggregation.forms import ReasonForm, UploadForm
from suzhaohuo.aggregation.models import Posting
from suzhaohuo.core.errors import AppError, StaffOnly
from suzhaohuo.core.http import require_staff_page
from suzhaohuo.kernel.roles import STAFF_ROLES

RECORD_PAGE = 200


class _SizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit (the Content-Length may be absent or wrong)."""

    def __init__(self, request: Any = None, limit: int = 0) -> None:
        super().__init__(request)
        self.limit, self.seen = limit, 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.seen += len(raw_data)
        if self.seen > self.limit:
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _too_large(request: HttpRequest, source: Any) -> HttpResponse:
    limit_mb = services.max_upload_bytes() // (1024 * 1024)
    error = AppError("file_too_large", _("文件太大，每个文件最大%(m)s MB，请拆分成几个文件后分别上传。") % {"m": limit_mb}, "file")
    return _upload_page(request, source, UploadForm(), error=error, status=413)


def _upload_page(request: HttpRequest, source: Any, form: UploadForm, *, error: AppError | None = None,
                 status: int = 200) -> HttpResponse:
    batches = source.batches.order_by("-created_at")[:10] if source is not None else []
    return render(request, "aggregation/upload.html",
                  {"form": form, "error": error, "source": source, "batches": batches,
                   "limit_mb": services.max_upload_bytes() // (1024 * 1024)}, status=status)


@csrf_exempt
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """CSRF is checked after the size check, so a huge upload is refused before it is read."""
    try:
        source = services.operator_source(request.user)
    except AppError as exc:
        require_staff_page(request)  # a worker or employer without a source: the staff-only page
        return render(request, "aggregation/forbidden.html", {"message": exc.message}, status=403)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > services.max_upload_bytes() + 64 * 1024:
            return _too_large(request, source)
        request.upload_handlers.insert(0, _SizeLimit(request, services.max_upload_bytes() + 64 * 1024))
    return _upload_protected(request, source)


@csrf_protect
def _upload_protected(request: HttpRequest, source: Any) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, source, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not request.FILES and int(request.META.get("CONTENT_LENGTH") or 0) > services.max_upload_bytes():
        return _too_large(request, source)
    if not form.is_valid():
        return _upload_page(request, source, form, status=400)
    upload_file = form.cleaned_data["file"]
    try:
        accepted = services.upload_accept(actor=authenticated_user(request), fileobj=upload_file, file_name=upload_file.name)
    except AppError as exc:
        return _upload_page(request, source, form, error=exc, status=400)
    if accepted.already:
        messages.info(request, _("这个文件已经上传过，没有重复导入。下面是上次的导入结果。"))
    return redirect("aggregation:batch", pk=accepted.batch.pk)


def _batch_or_404(request: HttpRequest, pk: int) -> Any:
    batch = selectors.batch_for(request.user, pk)
    if batch is None:
        raise Http404
    return batch


def _batch_context(batch: Any) -> dict[str, Any]:
    counts = services.batch_counts(batch) if batch.is_finished else batch.counts
    problems = list(selectors.batch_problem_records(batch)[:RECORD_PAGE]) if batch.is_finished else []
    from suzhaohuo.aggregation.spreadsheet import SKIP_REASONS

    skipped = [(n, str(SKIP_REASONS.get(reason, reason))) for n, reason in batch.counts.get("skipped_rows", [])]
    return {"batch": batch, "counts": counts, "problems": problems, "labels": dict(Outcome.choices),
            "ignored_columns": batch.counts.get("ignored_columns", []), "skipped_rows": skipped,
            "header_row": batch.counts.get("header_row")}


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    return render(request, "aggregation/batch.html", _batch_context(batch))


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    response = render(request, "aggregation/_progress.html", {"batch": batch})
    if batch.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def batch_report(request: HttpRequest, pk: int) -> HttpResponse:
    from suzhaohuo.aggregation.spreadsheet import SKIP_REASONS, build_report

    batch = _batch_or_404(request, pk)
    labels = dict(Outcome.choices)
    counts = services.batch_counts(batch)

    def rows() -> Any:
        for rec in selectors.batch_records(batch).iterator(chunk_size=2000):
            issues = rec.issues or [{}]
            for issue in issues:
                yield (rec.row_number, rec.external_id if not rec.external_id.startswith("h:") else "",
                       str(labels.get(rec.outcome, rec.outcome)), issue.get("column", ""), issue.get("message", ""),
                       rec.posting.job_id if rec.posting is not None else "")
        for n, reason in batch.counts.get("skipped_rows", []):
            yield (n, "", _("已跳过"), "", str(SKIP_REASONS.get(reason, reason)), "")
        for column in batch.counts.get("ignored_columns", []):
            yield ("", "", _("已忽略的列"), column, _("无法识别这一列，没有导入其内容"), "")

    summary = [(str(labels[o]), counts.get(o, 0)) for o in Outcome.values if o != Outcome.WITHDRAWN]
    body = build_report(rows(), title=_("导入结果：%(f)s") % {"f": batch.file_name}, summary=summary)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="report-{batch.pk}.xlsx"'
    return response


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    from suzhaohuo.aggregation.spreadsheet import build_template
    from suzhaohuo.jobs.models import JobCategory
    from suzhaohuo.regions.selectors import counties, townships

    cats = list(JobCategory.objects.filter(parent__isnull=False).order_by("sort_order").values_list("name", flat=True))
    body = build_template(categories=cats, counties=[c.name for c in counties()],
                          townships=[t.name for t in townships(include_special=True)])
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="suzhaohuo-jobs-template.xlsx"'
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_staff_page(request)
    if not selectors.can_see_dashboard(request.user):
        return render(request, "aggregation/forbidden.html", {"message": _("只有工作人员和监管人员可以查看数据源统计。")},
                      status=403)
    sources = list(selectors.sources_for(request.user))
    stats = selectors.source_stats(sources)
    held = list(selectors.held_postings(request.user)[:50])
    return render(request, "aggregation/dashboard.html", {
        "stats": stats, "kpi": selectors.kpi_aggregation(), "held": held, "reason_form": ReasonForm()})


def _held_or_404(request: HttpRequest, pk: int) -> Posting:
    posting = selectors.held_postings(request.user).filter(pk=pk).first()
    if posting is None:
        raise Http404
    return posting


@login_required
@require_POST
def held_release(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _held_or_404(request, pk)
    try:
        services.posting_release(actor=authenticated_user(request), posting=posting)
        messages.success(request, _("已核实并提交发布：%(t)s") % {"t": posting.job.title})
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("aggregation:dashboard")


@login_required
@require_POST
def held_discard(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _held_or_404(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写不发布的原因。"))
        return redirect("aggregation:dashboard")
    try:
        services.posting_discard(actor=authenticated_user(request), posting=posting, reason=form.cleaned_data["reason"])
        messages.success(request, _("已不予发布：%(t)s") % {"t": posting.job.title})
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect("aggregation:dashboard")


# --- authorisations (issue #11): the employer's pages and the station's record ---------------------------

def _employer_or_403(request: HttpRequest) -> Any:
    employer = selectors.employer_of(request.user)
    if employer is None:
        return None
    return employer


@login_required
def authorizations(request: HttpRequest) -> HttpResponse:
    """The employer's 「代发授权」: postings waiting for its answer, the sources it authorised, grant/revoke."""
    employer = _employer_or_403(request)
    if employer is None:
        return render(request, "aggregation/forbidden.html",
                      {"message": _("这个页面供用工单位使用，请先登记用工单位信息。")}, status=403)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                auth = selectors.authorizations_of(employer).filter(pk=int(request.POST.get("authorization") or 0)).first()
                if auth is None:
                    raise Http404
                services.authorization_revoke(actor=request.user, authorization=auth,
                                              reason=request.POST.get("reason", ""))
                messages.success(request, _("已撤销对“%(s)s”的授权。") % {"s": auth.source.name})
            else:
                source = selectors.sources_to_authorize().filter(pk=int(request.POST.get("source") or 0)).first()
                if source is None:
                    raise AppError("bad_source", _("请选择要授权的数据源。"), "source")
                services.authorization_grant(actor=request.user, source=source)
                messages.success(request, _("已授权“%(s)s”以本单位名义发布岗位。") % {"s": source.name})
            return redirect("aggregation:authorizations")
        except (AppError, ValueError) as exc:
            messages.error(request, exc.message if isinstance(exc, AppError) else _("请选择要授权的数据源。"))
    return render(request, "aggregation/authorizations.html", {
        "employer": employer, "pending": list(selectors.confirmations_pending(employer)[:100]),
        "authorizations": list(selectors.authorizations_of(employer)),
        "sources": list(selectors.sources_to_authorize())})


@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """One held posting a source brought under the employer's name: confirm, authorise the source, or refuse."""
    conf = selectors.confirmation_for(request.user, pk)
    if conf is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            conf = services.confirmation_decide(actor=request.user, confirmation=conf,
                                                decision=request.POST.get("decision", ""),
                                                reason=request.POST.get("reason", ""))
            done = {"confirmed": _("已确认。岗位按规定检测后发布（需要审核的会先审核）。"),
                    "refused": _("已拒绝，这个岗位不会发布，我们会告知数据源。")}
            messages.success(request, done.get(conf.status, _("已处理。")))
            return redirect("aggregation:authorizations")
        except AppError as exc:
            error = exc
    return render(request, "aggregation/confirm.html", {"conf": conf, "job": conf.posting.job, "error": error},
                  status=400 if error else 200)


@login_required
def authorization_record(request: HttpRequest) -> HttpResponse:
    """Station staff record an employer's written authorisation (evidence note), and see those in their area."""
    from suzhaohuo.aggregation.forms import AuthorizationRecordForm
    from suzhaohuo.kernel import policy
    from suzhaohuo.kernel.policy import Action

    if not policy.role_allows(request.user, Action.SOURCE_AUTHORIZE_RECORD):
        if getattr(request.user, "role", None) not in STAFF_ROLES:
            raise StaffOnly
        return render(request, "aggregation/forbidden.html",
                      {"message": _("只有零工服务站工作人员可以登记代发授权。")}, status=403)
    form = AuthorizationRecordForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                auth = selectors.authorizations_recorded_in_scope(request.user).filter(
                    pk=int(request.POST.get("authorization") or 0), revoked_at__isnull=True).first()
                if auth is None:
                    raise Http404
                services.authorization_revoke(actor=request.user, authorization=auth,
                                              reason=request.POST.get("reason", ""))
                messages.success(request, _("已撤销。"))
                return redirect("aggregation:authorization_record")
            if form.is_valid():
                source = selectors.sources_to_authorize().filter(pk=form.cleaned_data["source"]).first()
                if source is None:
                    raise AppError("bad_source", _("请选择数据源。"), "source")
                employer = selectors.employer_by_uscc(form.cleaned_data["employer_uscc"])
                if employer is None:
                    raise AppError("unknown_employer", _("没有找到这个统一社会信用代码的用工单位，请核对，或先为其办理登记。"),
                                   "employer_uscc")
                services.authorization_record(actor=request.user, source=source, employer=employer,
                                              evidence=form.cleaned_data["evidence"])
                messages.success(request, _("已登记“%(e)s”对“%(s)s”的授权。") % {"e": employer.name, "s": source.name})
                return redirect("aggregation:authorization_record")
        except AppError as exc:
            error = exc
    return render(request, "aggregation/authorization_record.html", {
        "form": form, "error": error, "sources": list(selectors.sources_to_authorize()),
        "recorded": list(selectors.authorizations_recorded_in_scope(request.user)[:100])},
        status=400 if (error or form.errors) else 200)
