from django.urls import path

from suzhaohuo.workers import views

app_name = "workers"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
