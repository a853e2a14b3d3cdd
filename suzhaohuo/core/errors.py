"""One application error type: a stable code, a Chinese message that says what to do, a field.

Domains define their own codes as StrEnum subclasses (``errors.py`` in each app). Views show
``message``; the API returns ``{"error": {"code", "message", "field"}}`` unchanged.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class CoreErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    RATE_LIMITED = "rate_limited"
    CONFLICT = "conflict"


class AppError(Exception):
    status: int = 400

    def __init__(self, code: str, message: str, field: str | None = None, *, status: int | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)
        self.field = field
        self.extra = extra or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        body.update(self.extra)
        return {"error": body}


class NotFound(AppError):
    status = 404

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(CoreErrorCode.NOT_FOUND, message, field)


class PermissionDenied(AppError):
    status = 403

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(CoreErrorCode.PERMISSION_DENIED, message, field)


class StaffOnly(PermissionDenied):
    """A worker or employer asked for something only staff may do (a staff console page, a review queue).
    Same code as PermissionDenied; pages say 「此页面仅供工作人员使用」 instead of a misleading 'not found'."""

    def __init__(self, message: str = "", field: str | None = None) -> None:
        from django.utils.translation import gettext

        super().__init__(message or gettext("此页面仅供工作人员使用。零工和用工单位请回到「我的」页面办理。"), field)


class RateLimited(AppError):
    status = 429

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(CoreErrorCode.RATE_LIMITED, message, field)
