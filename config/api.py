"""The versioned JSON API at /api/v1 (django-ninja). Every error is {"error": {code, message, field}}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from suzhaohuo.accounts.api import router as accounts_router
from suzhaohuo.aggregation.api import router as aggregation_router
from suzhaohuo.agreements.api import router as agreements_router
from suzhaohuo.carriers.api import router as carriers_router
from suzhaohuo.core.errors import AppError
from suzhaohuo.gigs.api import router as gigs_router
from suzhaohuo.identity.api import router as identity_router
from suzhaohuo.jobs.api import router as jobs_router
from suzhaohuo.kpi.api import router as kpi_router
from suzhaohuo.notifications.api import router as notifications_router
from suzhaohuo.regions.api import router as regions_router
from suzhaohuo.search.api import router as search_router
from suzhaohuo.workers.api import router as workers_router

api = NinjaAPI(title="速找活 API", version="1", urls_namespace="api-1",
               description="速找活智慧零工信息服务平台开放接口。错误统一返回 {\"error\": {\"code\", \"message\", \"field\"}}。")


def _error(request: HttpRequest, status: int, code: str, message: str, field: str | None = None,
           **extra: object) -> HttpResponse:
    body: dict[str, object] = {"code": code, "message": message, "field": field}
    body.update(extra)
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(AppError)
def on_app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
    field = ".".join(loc) or None
    return _error(request, 422, "invalid", _("请求参数不正确（%(f)s）：%(m)s") % {"f": field or "-", "m": first.get("msg", "")},
                  field, details=exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("请先登录。"))


@api.exception_handler(AuthorizationError)
def on_authz_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return _error(request, 403, "permission_denied", _("您没有权限进行此操作。"))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("", regions_router)
api.add_router("", accounts_router)
api.add_router("", identity_router)
api.add_router("", workers_router)
api.add_router("", notifications_router)
api.add_router("", search_router)  # before jobs, so /jobs/search is not taken as /jobs/{id}
api.add_router("", jobs_router)
api.add_router("", gigs_router)
api.add_router("", agreements_router)
api.add_router("", aggregation_router)
api.add_router("", carriers_router)
api.add_router("", kpi_router)
