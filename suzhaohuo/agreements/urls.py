from django.urls import path

from suzhaohuo.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("public-key", views.public_key, name="public_key"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/pdf", views.agreement_pdf, name="pdf"),
]
