from django.urls import path

from suzhaohuo.regulation import views

app_name = "regulation"

urlpatterns = [
    path("", views.console, name="console"),
    path("employers/", views.employers, name="employers"),
    path("sanctions/", views.sanctions, name="sanctions"),
    path("sanctions/new/", views.sanction_new, name="sanction_new"),
    path("sanctions/<int:pk>/", views.sanction_detail, name="sanction"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal"),
    path("listings/", views.listings, name="listings"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("risk/", views.risk, name="risk"),
    path("audit/", views.audit, name="audit"),
    path("self-check/", views.self_check, name="self_check"),
    path("licences/", views.licences, name="licences"),
    path("reverify/", views.reverify_queue, name="reverify"),
    path("my/", views.my_sanctions, name="my"),
]
