import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from suzhaohuo.accounts.http import authenticated_user
from suzhaohuo.accounts.services import user_create_with_mobile


@pytest.mark.django_db
def test_authenticated_user_returns_the_logged_in_user() -> None:
    request = RequestFactory().get("/")
    user = user_create_with_mobile(mobile="13900001234", role="worker")
    request.user = user
    assert authenticated_user(request) == user


def test_authenticated_user_refuses_anonymous() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        authenticated_user(request)
