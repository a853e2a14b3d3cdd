"""HttpIdentityProvider against a small local fake verification service (no mocks of our code)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import township_code, valid_id_number
from suzhaohuo.core.errors import AppError

MATCHING = {valid_id_number(71): "孙八"}


class FakeVerifier(BaseHTTPRequestHandler):
    mode = "normal"
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeVerifier.seen.append((self.headers.get("Authorization"), body))
        if FakeVerifier.mode == "error":
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"maintenance")
            return
        if FakeVerifier.mode == "slow":
            time.sleep(1.0)
        match = MATCHING.get(body.get("id_number")) == body.get("name")
        out = json.dumps({"match": match, "reason": "" if match else "姓名与号码不一致"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client timed out on purpose in the "slow" case


@pytest.fixture
def fake_server():
    server = QuietServer(("127.0.0.1", 0), FakeVerifier)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeVerifier.mode = "normal"
    FakeVerifier.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/verify"
    server.shutdown()
    server.server_close()


@pytest.fixture
def pending(regions):
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit

    def make(name, seq, mobile):
        user = user_create_with_mobile(mobile=mobile, role="worker")
        return person_identity_submit(user=user, real_name=name, id_number=valid_id_number(seq),
                                      township_code=township_code("胡集镇"))

    return make


@pytest.mark.django_db
def test_remote_match_verifies(fake_server, pending):
    from suzhaohuo.identity.providers import HttpIdentityProvider
    from suzhaohuo.identity.services import person_verify_remote

    identity = pending("孙八", 71, "13600000071")
    result = person_verify_remote(identity=identity, provider=HttpIdentityProvider(url=fake_server, token="t0k"))
    assert result.verification_status == "verified" and result.verification_method == "remote"
    assert FakeVerifier.seen[0][0] == "Bearer t0k"
    assert FakeVerifier.seen[0][1] == {"name": "孙八", "id_number": valid_id_number(71)}


@pytest.mark.django_db
def test_remote_mismatch_rejects_with_reason(fake_server, pending):
    from suzhaohuo.identity.providers import HttpIdentityProvider
    from suzhaohuo.identity.services import person_verify_remote

    identity = pending("孙九", 72, "13600000072")
    result = person_verify_remote(identity=identity, provider=HttpIdentityProvider(url=fake_server))
    assert result.verification_status == "rejected" and result.rejection_reason == "姓名与号码不一致"


@pytest.mark.django_db
@pytest.mark.parametrize("mode,timeout", [("error", 5.0), ("slow", 0.2)])
def test_remote_outage_or_timeout_leaves_pending_with_clear_error(fake_server, pending, mode, timeout):
    from suzhaohuo.core.models import AuditEvent
    from suzhaohuo.identity.providers import HttpIdentityProvider
    from suzhaohuo.identity.services import person_verify_remote

    FakeVerifier.mode = mode
    identity = pending("孙八", 71, "13600000073")
    with pytest.raises(AppError) as exc:
        person_verify_remote(identity=identity, provider=HttpIdentityProvider(url=fake_server, timeout=timeout))
    assert exc.value.code == "provider_failed" and exc.value.status == 503
    assert "待核验" in exc.value.message and "零工服务站" in exc.value.message
    identity.refresh_from_db()
    assert identity.verification_status == "pending"
    assert AuditEvent.objects.filter(action="identity.remote_error", target_id=str(identity.pk)).exists()


@pytest.mark.django_db
def test_remote_not_configured_points_to_station(pending, settings):
    from suzhaohuo.identity.services import person_verify_remote

    settings.IDENTITY_REMOTE_URL = ""
    identity = pending("孙八", 71, "13600000074")
    with pytest.raises(AppError) as exc:
        person_verify_remote(identity=identity)
    assert "零工服务站" in exc.value.message
