from django.urls import path

from suzhaohuo.matching import views

app_name = "matching"
urlpatterns = [
    path("employer/jobs/<int:job_id>/invite/", views.invite, name="invite"),
]
