"""The worker's own profile page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.workers.forms import WorkerProfileForm
from suzhaohuo.workers.selectors import worker_profile_of
from suzhaohuo.workers.services import worker_profile_update


def _initial(profile: Any) -> dict[str, Any]:
    if profile is None:
        return {"max_distance_km": 10}
    return {"skills": profile.skills, "category_codes": list(profile.categories.values_list("code", flat=True)),
            "days_available": list(profile.days_available), "home_township_code": profile.home_township_id or "",
            "max_distance_km": profile.max_distance_km, "desired_pay": profile.desired_pay,
            "settlement_preference": profile.settlement_preference}


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = worker_profile_of(request.user)
    form = WorkerProfileForm(request.POST if request.method == "POST" else None, initial=_initial(current))
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            worker_profile_update(user=request.user, home_township_code=d["home_township_code"],
                                  category_codes=d["category_codes"], skills=d["skills"].strip(),
                                  days_available="".join(sorted(d["days_available"])),
                                  max_distance_km=d["max_distance_km"], desired_pay=d["desired_pay"],
                                  settlement_preference=d["settlement_preference"])
        except AppError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                error = exc
        else:
            messages.success(request, _("求职档案已保存，我们会据此为您推荐岗位。"))
            return redirect("workers:profile")
    return render(request, "workers/profile.html", {"form": form, "error": error},
                  status=400 if (form.errors or error) else 200)
