"""Probes and metrics. None of these pages use sessions or templates, so they stay cheap."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from suzhaohuo.ops.health import readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and can answer."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: database, cache and queue reachable, migrations applied. 503 names what is down."""
    ok, checks = readiness()
    if ok:
        return JsonResponse({"status": "ok", "checks": checks})
    down = [name for name, value in checks.items() if not name.endswith("_ms") and value != "ok"]
    return JsonResponse({"status": "unavailable", "down": down, "checks": checks}, status=503)


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header, f"Bearer {token}"):
        return True
    try:
        addr = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; only from the allowed networks or with the bearer token."""
    if not _metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    from prometheus_client import CONTENT_TYPE_LATEST

    from suzhaohuo.ops.metrics import render

    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)


@csrf_exempt
@require_POST
def sms_receipt(request: HttpRequest) -> JsonResponse:
    """Delivery receipts from the SMS gateway, signed like our requests to it. Idempotent."""
    import json

    from suzhaohuo.core.sms import signature_valid
    from suzhaohuo.core.sms import sms_receipt as apply_receipt

    if not settings.SMS_GATEWAY_SECRET or not signature_valid(settings.SMS_GATEWAY_SECRET, request.headers,
                                                              request.body):
        return JsonResponse({"error": {"code": "bad_signature", "message": "签名无效。", "field": None}},
                            status=403)
    try:
        items = json.loads(request.body)
        items = items if isinstance(items, list) else [items]
        applied = sum(apply_receipt(provider_message_id=str(i["message_id"]),
                                    delivered=str(i.get("status", "")).upper() == "DELIVERED",
                                    error=str(i.get("error", ""))) for i in items)
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": {"code": "invalid", "message": "回执格式不正确。", "field": "body"}},
                            status=400)
    return JsonResponse({"status": "ok", "applied": applied})
