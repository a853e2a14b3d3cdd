from django.urls import path

from suzhaohuo.search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="results"),
    path("hide/job/<int:pk>/", views.hide_job, name="hide_job"),
    path("hide/employer/<int:pk>/", views.hide_employer, name="hide_employer"),
]
