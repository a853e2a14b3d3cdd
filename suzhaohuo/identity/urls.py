from django.urls import path

from suzhaohuo.identity import views

app_name = "identity"
urlpatterns = [
    path("realname/", views.realname, name="realname"),
    path("realname/done/", views.realname_done, name="realname_done"),
    path("realname/remote/", views.remote_verify, name="remote_verify"),
    path("townships/", views.township_options, name="township_options"),
    path("employer/", views.employer_register, name="employer_register"),
    path("employer/done/", views.employer_done, name="employer_done"),
    path("staff/", views.console, name="console"),
    path("staff/persons/", views.staff_persons, name="staff_persons"),
    path("staff/persons/<int:pk>/", views.staff_person, name="staff_person"),
    path("staff/employers/", views.staff_employers, name="staff_employers"),
    path("staff/employers/<int:pk>/", views.staff_employer, name="staff_employer"),
    path("staff/employers/<int:pk>/licence/", views.staff_employer_licence, name="staff_employer_licence"),
    path("staff/duplicates/", views.staff_duplicates, name="staff_duplicates"),
]
