"""Request helpers for views and API endpoints."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from suzhaohuo.accounts.models import User


def authenticated_user(request: HttpRequest) -> User:
    """The logged-in user of a request already guarded by ``login_required`` or ninja's ``django_auth``.

    Narrows ``request.user`` (typed ``User | AnonymousUser``) to ``User``; an anonymous request that
    somehow reaches here gets a 403 rather than an AttributeError deeper down.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
