from django.urls import path

from suzhaohuo.carriers import views

app_name = "carriers"
urlpatterns = [
    path("", views.nearby, name="nearby"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("<int:pk>/kiosk/", views.kiosk, name="kiosk"),
    path("<int:pk>/board.pdf", views.board, name="board"),
    path("console/", views.console_home, name="console"),
    path("console/register/", views.console_register, name="console_register"),
    path("console/people/", views.console_people, name="console_people"),
    path("console/people/<int:user_id>/", views.console_person, name="console_person"),
    path("console/people/<int:user_id>/verify/", views.console_person_verify, name="console_person_verify"),
    path("console/people/<int:user_id>/profile/", views.console_person_profile, name="console_person_profile"),
    path("console/people/<int:user_id>/jobs/", views.console_person_jobs, name="console_person_jobs"),
    path("console/people/<int:user_id>/shortlist/", views.console_shortlist, name="console_shortlist"),
    path("console/jobs/", views.console_jobs, name="console_jobs"),
    path("console/jobs/new/", views.console_job_new, name="console_job_new"),
    path("console/jobs/<int:job_id>/match/", views.console_job_match, name="console_job_match"),
    path("console/push/", views.console_push, name="console_push"),
    path("console/ledger/", views.console_ledger, name="console_ledger"),
]
