from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from suzhaohuo.core.http import safe_next


def home(request: HttpRequest) -> HttpResponse:
    """Worker home: search box, category grid, 「附近的岗位」 and 「为你推荐」 (thin view over search and matching selectors)."""
    from suzhaohuo.matching.selectors import home_feed
    from suzhaohuo.search.selectors import top_categories

    limit = 5 if getattr(request, "elder_mode", False) else 10
    feed = home_feed(request.user, request.GET, limit=limit)
    return render(request, "web/home.html", {"feed": feed, "categories": top_categories(), "data": request.GET})


@require_POST
def elder_mode_toggle(request: HttpRequest) -> HttpResponse:
    nxt = safe_next(request, request.POST.get("next"))
    resp = HttpResponseRedirect(nxt)
    if request.COOKIES.get("elder") == "1":
        resp.delete_cookie("elder")
    else:
        resp.set_cookie("elder", "1", max_age=3600 * 24 * 365, samesite="Lax")
    return resp


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico → the static icon. Resolved per request, so the URLconf loads before collectstatic."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
