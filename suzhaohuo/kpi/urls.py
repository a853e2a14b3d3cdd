from django.urls import path

from suzhaohuo.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.report_create, name="report_create"),
    path("reports/<int:pk>.<str:kind>", views.report_download, name="report_download"),
    path("tasks/<int:pk>/", views.task_update, name="task_update"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("r/<slug:code>/", views.referral, name="referral"),
]
