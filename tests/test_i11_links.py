"""Issue #11 item 16: /favicon.ico exists; `make demo PORT=…` puts that port into SZH_SITE_URL."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_favicon_is_not_404(client):
    resp = client.get("/favicon.ico")
    assert resp.status_code in (301, 302) and resp["Location"].endswith("favicon.svg")
    assert (ROOT / "suzhaohuo/web/static/web/favicon.svg").is_file()
    assert 'rel="icon"' in client.get("/").content.decode()


def test_make_port_reaches_site_url():
    out = subprocess.run(["make", "-s", "--no-print-directory", "--eval=site-url: ; @echo $$SZH_SITE_URL",
                          "site-url", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "http://127.0.0.1:8123", out.stderr


@pytest.mark.django_db
def test_agreement_verify_url_uses_the_request_address_when_sealed_in_a_request(settings):
    from suzhaohuo.agreements.services import document_seal
    from suzhaohuo.core.site import serving

    settings.SITE_URL = "http://127.0.0.1:8000"
    with serving("http://127.0.0.1:8102/"):
        sealed = document_seal(document_kind="mediation", number="TJ-TEST-1", document_sha256="0" * 64)
    assert sealed.verify_url.startswith("http://127.0.0.1:8102/verify/")
    sealed = document_seal(document_kind="mediation", number="TJ-TEST-2", document_sha256="1" * 64)
    assert sealed.verify_url.startswith("http://127.0.0.1:8000/verify/")  # a task without a request


@pytest.mark.django_db
def test_middleware_sets_the_address_for_the_request_only(client, settings):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from suzhaohuo.core.site import site_url
    from suzhaohuo.web.middleware import SiteUrlMiddleware

    settings.SITE_URL = "http://127.0.0.1:8000"
    seen: list[str] = []
    mw = SiteUrlMiddleware(lambda request: seen.append(site_url()) or HttpResponse())
    mw(RequestFactory().get("/", HTTP_HOST="localhost:8102"))
    mw(RequestFactory().get("/", HTTP_HOST="evil.example"))  # not an allowed host: the setting, not the header
    assert seen == ["http://localhost:8102", "http://127.0.0.1:8000"]
    assert site_url() == "http://127.0.0.1:8000"
