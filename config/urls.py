from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.api import api

admin.site.site_header = "速找活 管理后台"
admin.site.site_title = "速找活"
admin.site.index_title = "零工归宿 · 后台管理"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("suzhaohuo.ops.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("suzhaohuo.accounts.urls")),
    path("identity/", include("suzhaohuo.identity.urls")),
    path("workers/", include("suzhaohuo.workers.urls")),
    path("notifications/", include("suzhaohuo.notifications.urls")),
    path("jobs/", include("suzhaohuo.jobs.urls")),
    path("search/", include("suzhaohuo.search.urls")),
    path("gigs/", include("suzhaohuo.gigs.urls")),
    path("matching/", include("suzhaohuo.matching.urls")),
    path("agreements/", include("suzhaohuo.agreements.urls")),
    path("verify/", include("suzhaohuo.agreements.urls_verify")),
    path("aggregation/", include("suzhaohuo.aggregation.urls")),
    path("carriers/", include("suzhaohuo.carriers.urls")),
    path("phone/", include("suzhaohuo.phone.urls")),
    path("disputes/", include("suzhaohuo.disputes.urls")),
    path("regulation/", include("suzhaohuo.regulation.urls")),
    path("training/", include("suzhaohuo.training.urls")),
    path("protection/", include("suzhaohuo.protection.urls")),
    path("assistance/", include("suzhaohuo.assistance.urls")),
    path("kpi/", include("suzhaohuo.kpi.urls")),
    path("", include("suzhaohuo.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
