"""The notifications list and the SMS preferences page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suzhaohuo.notifications import selectors, services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    size = 5 if getattr(request, "elder_mode", False) else 20
    page = Paginator(selectors.notifications_of(request.user), size).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page,
                                                        "unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(x) for x in request.POST.getlist("id") if x.isdigit()]
    services.notifications_mark_read(user=request.user, ids=ids or None)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    prefs = selectors.sms_preferences_of(request.user)
    if request.method == "POST":
        services.sms_preferences_update(user=request.user, enabled_events=set(request.POST.getlist("sms")))
        messages.success(request, _("短信提醒设置已保存。"))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"prefs": prefs})
