from django.urls import path

from suzhaohuo.aggregation import views

app_name = "aggregation"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/template.xlsx", views.template_download, name="template"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/report.xlsx", views.batch_report, name="batch_report"),
    path("sources/", views.dashboard, name="dashboard"),
    path("held/<int:pk>/release/", views.held_release, name="held_release"),
    path("held/<int:pk>/discard/", views.held_discard, name="held_discard"),
    path("authorizations/", views.authorizations, name="authorizations"),
    path("authorizations/record/", views.authorization_record, name="authorization_record"),
    path("confirm/<int:pk>/", views.confirm, name="confirm"),
]
