from django.urls import path

from suzhaohuo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_mobile, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("login/code/resend/", views.login_resend, name="login_resend"),
    path("staff-login/", views.staff_login, name="staff_login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.me, name="me"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/export/", views.my_data_export, name="my_data_export"),
    path("me/consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("me/delete/", views.account_delete, name="account_delete"),
]
