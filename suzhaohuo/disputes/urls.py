from django.urls import path

from suzhaohuo.disputes import views

app_name = "disputes"

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/status/", views.complaint_status, name="complaint_status"),
    path("mine/", views.mine, name="mine"),
    path("apply/<int:engagement_id>/", views.case_apply, name="case_apply"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/print/", views.case_print, name="case_print"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("queue/", views.queue, name="queue"),
    path("queue/export.xlsx", views.export, name="export"),
    path("walk-in/", views.walk_in, name="walk_in"),
    path("kpi/", views.kpi, name="kpi"),
    path("wage-alerts/<int:alert_id>/case/", views.wage_alert_case, name="wage_alert_case"),
]
