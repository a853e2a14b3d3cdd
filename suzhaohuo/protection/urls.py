from django.urls import path

from suzhaohuo.protection import views

app_name = "protection"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("engagements/<int:engagement_id>/claim/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/dispute/", views.claim_link, name="claim_link"),
    path("claims/<int:pk>/object/", views.claim_object, name="claim_object"),
    path("queue/", views.queue, name="queue"),
    path("enrolments/<int:pk>/retry/", views.enrolment_retry, name="enrolment_retry"),
    path("coverage/", views.coverage, name="coverage"),
]
