from django.urls import path

from suzhaohuo.jobs import views

app_name = "jobs"
urlpatterns = [
    path("mine/", views.my_jobs, name="mine"),
    path("new/", views.job_new, name="new"),
    path("screen/", views.screen_fragment, name="screen_fragment"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/edit/", views.job_edit, name="edit"),
    path("<int:pk>/submit/", views.job_action, {"action": "submit"}, name="submit"),
    path("<int:pk>/close/", views.job_action, {"action": "close"}, name="close"),
    path("<int:pk>/repost/", views.job_action, {"action": "repost"}, name="repost"),
    path("<int:pk>/take-down/", views.job_take_down, name="take_down"),
]
