from django.urls import path

from suzhaohuo.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode/", views.elder_mode_toggle, name="elder_mode"),
    path("privacy/", views.privacy, name="privacy"),
    path("favicon.ico", views.favicon, name="favicon"),
]
