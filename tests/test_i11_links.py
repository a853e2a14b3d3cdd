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
