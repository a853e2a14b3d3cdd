"""Search results page and the worker's 「不再显示」 buttons. Thin: parse, call selectors/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.core.errors import AppError
from suzhaohuo.core.http import safe_next
from suzhaohuo.search import selectors, services
from suzhaohuo.search.forms import search_params_from
from suzhaohuo.search.selectors import SearchParams

FILTERS_CACHE_SECONDS = 300  # the filter form's rendering (search/_filters.html), per language and query


def filter_options() -> dict[str, Any]:
    """Choices for the filter form: categories, townships grouped by county, settlements, distances.

    Lazy (a queryset and a callable): the form is a cached template fragment keyed by the query, so on a hit
    nothing here is read."""
    from suzhaohuo.jobs.choices import Settlement
    from suzhaohuo.jobs.models import JobCategory

    return {
        "categories": JobCategory.objects.filter(parent__isnull=True).prefetch_related("children"),
        "county_groups": _county_groups,
        "settlements": Settlement.choices,
        "radii": [1, 3, 5, 10, 20, 50],
        "filters_cache_seconds": FILTERS_CACHE_SECONDS,
    }


def _county_groups() -> list[tuple[Any, list[Any]]]:
    from suzhaohuo.regions.selectors import counties, townships

    tws = list(townships())
    return [(c, [t for t in tws if t.parent_id == c.code]) for c in counties()]


def search_page(request: HttpRequest) -> HttpResponse:
    page_size = 5 if getattr(request, "elder_mode", False) else 20
    error = None
    result = None
    params = SearchParams(page_size=page_size)
    try:
        params = search_params_from(request.GET, page_size=page_size)
        params.page_size = page_size
        services.search_paged(user=request.user, page=params.page)
        result = selectors.search_jobs(params, user=request.user)
    except AppError as exc:
        error = exc
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"result": result, "error": error, "params": params, "data": request.GET, "query": query.urlencode(),
           **filter_options()}
    return render(request, "search/results.html", ctx)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    nxt = safe_next(request, request.POST.get("next"))
    return HttpResponseRedirect(nxt)


@login_required
@require_POST
def hide_job(request: HttpRequest, pk: int) -> HttpResponse:
    from suzhaohuo.jobs.models import Job

    job = get_object_or_404(Job, pk=pk)
    if request.POST.get("undo"):
        services.job_unhide(user=request.user, job=job)
        messages.success(request, _("已恢复显示这个岗位。"))
    else:
        services.job_hide(user=request.user, job=job)
        messages.success(request, _("以后不再给你显示「%(t)s」。") % {"t": job.title})
    return _back(request)


@login_required
@require_POST
def hide_employer(request: HttpRequest, pk: int) -> HttpResponse:
    from suzhaohuo.identity.models import Employer

    employer = get_object_or_404(Employer, pk=pk)
    if request.POST.get("undo"):
        services.employer_unhide(user=request.user, employer=employer)
        messages.success(request, _("已恢复显示「%(n)s」的岗位。") % {"n": employer.name})
    else:
        services.employer_hide(user=request.user, employer=employer)
        messages.success(request, _("以后不再给你显示「%(n)s」的岗位。") % {"n": employer.name})
    return _back(request)
