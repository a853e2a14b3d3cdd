from django.urls import path

from suzhaohuo.phone import views

app_name = "phone"
urlpatterns = [
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("voice/", views.voice_webhook, name="voice"),
    path("audio/job/<int:pk>.wav", views.job_audio, name="job_audio"),
    path("audio/agreement/<int:pk>.wav", views.agreement_audio, name="agreement_audio"),
    path("station/", views.station, name="station"),
]
