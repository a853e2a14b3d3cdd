from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from suzhaohuo.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode/", views.elder_mode_toggle, name="elder_mode"),
    path("privacy/", views.privacy, name="privacy"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True), name="favicon"),
]
