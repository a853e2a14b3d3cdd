from django.urls import path

from suzhaohuo.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.home, name="home"),
    path("identify/", views.identify, name="identify"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/<str:action>/", views.person_act, name="person_act"),
    path("posts/", views.posts, name="posts"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("attendance.xlsx", views.attendance_export, name="attendance_export"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
