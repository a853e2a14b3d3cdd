from django.urls import path

from suzhaohuo.training import views

app_name = "training"
urlpatterns = [
    path("", views.courses, name="courses"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("me/", views.mine, name="mine"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("workers/<int:pk>/", views.card, name="card"),
    path("demand/", views.demand, name="demand"),
    path("certified/", views.certified, name="certified"),
    path("certified/invite/", views.certified_invite, name="certified_invite"),
    path("provider/", views.provider, name="provider"),
    path("provider/courses/new/", views.course_new, name="course_new"),
    path("provider/courses/<int:pk>/", views.course_manage, name="course_manage"),
    path("provider/sessions/<int:pk>/code/", views.session_code, name="session_code"),
    path("provider/enrolments/<int:pk>/assess/", views.assess, name="assess"),
    path("provider/claims/", views.claims, name="claims"),
    path("provider/claims/<int:pk>/", views.claim, name="claim"),
    path("staff/", views.staff, name="staff"),
    path("staff/providers/<int:pk>/verify/", views.provider_verify, name="provider_verify"),
    path("staff/courses/<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("staff/person-group/", views.person_group, name="person_group"),
]
