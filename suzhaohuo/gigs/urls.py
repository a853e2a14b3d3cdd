from django.urls import path

from suzhaohuo.gigs import views

app_name = "gigs"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("earnings/", views.earnings, name="earnings"),
    path("jobs/<int:job_id>/apply/", views.apply, name="apply"),
    path("e/<int:pk>/", views.engagement, name="engagement"),
    path("e/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("e/<int:pk>/<slug:action>/", views.act, name="act"),
    path("checkin/<str:token>/", views.checkin_qr, name="checkin_qr"),
    path("employer/", views.employer_jobs, name="employer"),
    path("employer/jobs/<int:job_id>/", views.applicants, name="applicants"),
    path("employer/jobs/<int:job_id>/checkin-code/", views.checkin_code, name="checkin_code"),
    path("staff/wage-alerts/", views.wage_alerts, name="wage_alerts"),
    path("staff/wage-alerts/<int:pk>/resolve/", views.wage_alert_resolve, name="wage_alert_resolve"),
]
