from django.urls import path

from suzhaohuo.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("ops/sms/receipt", views.sms_receipt, name="sms_receipt"),
]
