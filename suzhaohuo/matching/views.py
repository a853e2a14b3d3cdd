"""Pages of matching: the employer's 「邀请零工」 (who fits this posting)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.models import User
from suzhaohuo.core.errors import AppError
from suzhaohuo.gigs import selectors as gig_selectors
from suzhaohuo.gigs import services as gig_services
from suzhaohuo.jobs.models import Job
from suzhaohuo.matching.selectors import match_workers_for_job


def _own_job_or_404(request: HttpRequest, job_id: int) -> Any:
    job = Job.objects.select_related("employer", "category", "township__parent").filter(pk=job_id).first()
    if job is None or job.employer.owner_id != request.user.pk:
        raise Http404(_("找不到这个岗位。"))
    return job


@login_required
def invite(request: HttpRequest, job_id: int) -> HttpResponse:
    """「邀请零工」: the employer picks from the workers who fit the posting (matching) and invites one (gigs)."""
    job = _own_job_or_404(request, job_id)
    error = None
    if request.method == "POST":
        worker = User.objects.filter(pk=request.POST.get("worker") or 0, role="worker").first()
        if worker is None:
            error = AppError("not_found", _("请从下面的名单中选择要邀请的零工。"))
        else:
            try:
                eng = gig_services.engagement_invite(actor=authenticated_user(request), job=job, worker=worker,
                                                 message=request.POST.get("message", ""))
            except AppError as exc:
                error = exc
            else:
                messages.success(request, _("邀请已发送，零工接受后会通知您。"))
                return redirect("gigs:engagement", eng.pk)
    hits = match_workers_for_job(job, limit=20)
    taken = set(gig_selectors.applicants_for_job(job).values_list("worker_id", flat=True))
    hits = [h for h in hits if h.user.pk not in taken]
    return render(request, "matching/invite.html", {"job": job, "hits": hits, "error": error},
                  status=error.status if error else 200)
