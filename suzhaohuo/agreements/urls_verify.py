"""The public verification page, mounted at /verify/ by config/urls.py."""

from django.urls import path

from suzhaohuo.agreements import views

app_name = "verify"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
]
