"""A worker finds, takes and finishes a gig by SMS alone; the web shows every step with the channel."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from conftest import read_last_sms_code
from suzhaohuo.core.sms import sign
from suzhaohuo.phone.models import PhoneMessage, PhoneState
from suzhaohuo.phone.services import sms_inbound

pytestmark = pytest.mark.django_db
SECRET = "dev-phone-webhook-secret"


class Phone:
    def __init__(self, mobile: str) -> None:
        self.mobile, self.n = mobile, 0

    def send(self, text: str) -> str:
        self.n += 1
        reply = sms_inbound(provider_message_id=f"t-{self.mobile}-{self.n}", mobile=self.mobile, text=text)
        assert reply.text is not None
        return reply.text


@pytest.fixture
def scene(make_worker: Any, make_employer: Any, make_job: Any, django_capture_on_commit_callbacks: Any) -> Any:
    employer = make_employer(township="胡集镇")
    with django_capture_on_commit_callbacks(execute=True):
        grape = make_job(employer=employer, title="葡萄采摘")
        porter = make_job(employer=employer, title="仓库搬运工")
    worker = make_worker(township="胡集镇", name="赵大叔")
    return worker, employer, grape, porter


def test_whole_gig_by_sms(scene: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.agreements.selectors import agreement_for_engagement
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign
    from suzhaohuo.gigs.models import Engagement, EngagementEvent
    from suzhaohuo.gigs.services import checkin_code_issue, engagement_accept, engagement_complete

    worker, employer, grape, porter = scene
    phone = Phone(worker.mobile)
    listing = phone.send("找活")
    assert "1." in listing and "报名 序号" in listing and len(listing) <= 140
    ids = PhoneState.objects.get(user=worker).last_jobs
    n = ids.index(porter.pk) + 1
    assert "仓库搬运工" in listing and "180–200 元/天" in listing

    ask = phone.send(f"报名 {n}")
    assert "同意" in ask and employer.name[:14] in ask and not Engagement.objects.exists()
    assert "已报名" in phone.send("同意")
    eng = Engagement.objects.get(worker=worker)
    assert eng.job == porter and eng.status == "applied"

    with django_capture_on_commit_callbacks(execute=True):
        engagement_accept(actor=employer.owner, engagement=eng)  # the employer, on the web
    summary = phone.send("签约")
    agreement = agreement_for_engagement(eng)
    assert agreement.number in summary and "验证码" in summary
    code = read_last_sms_code(worker.mobile)
    assert "已签署" in phone.send(f"签约 {code}")
    agreement_request_code(agreement=agreement, user=employer.owner)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_sign(agreement=agreement, user=employer.owner, code=read_last_sms_code(employer.owner.mobile))
    eng.refresh_from_db()
    assert eng.status == "signed"

    assert "到岗码" in phone.send("到岗 000000") or eng.status == "signed"  # a wrong code is refused
    site = checkin_code_issue(actor=employer.owner, job=porter)
    assert "已到岗" in phone.send(f"到岗 {site.code}")
    assert "已告诉用工方" in phone.send("完工")
    engagement_complete(actor=employer.owner, engagement=eng, hours="8")
    assert "结清" in phone.send("工钱")

    events = {e.event: e.data.get("channel") for e in EngagementEvent.objects.filter(engagement=eng)}
    assert events["apply"] == "sms" and events["checkin"] == "sms" and events["report_done"] == "sms"
    assert events["accept"] is None and events["complete"] is None  # the employer acted on the web


def test_replay_unknown_and_unregistered(scene: Any, settings: Any) -> None:
    worker = scene[0]
    first = sms_inbound(provider_message_id="dup-1", mobile=worker.mobile, text="帮助")
    again = sms_inbound(provider_message_id="dup-1", mobile=worker.mobile, text="帮助")
    assert first == again and PhoneMessage.objects.filter(provider_message_id="dup-1").count() == 1
    phone = Phone(worker.mobile)
    assert "没看懂" in phone.send("明天下雨吗")
    assert "报名 序号" in phone.send("报名 2")  # no list yet: says what to do
    phone.send("找活")
    assert "同意" in phone.send("报名 1")
    assert "序号不对" in phone.send("报名 9")  # a failed 报名 drops the consent asked for before it
    assert "没有待确认的报名" in phone.send("同意")
    stranger = sms_inbound(provider_message_id="s-1", mobile="13700009999", text="找活")
    assert "没有注册" in (stranger.text or "") and not PhoneState.objects.filter(user__isnull=True).exists()

    so_far = PhoneMessage.objects.filter(mobile_hash=PhoneMessage.objects.get(provider_message_id="dup-1")
                                         .mobile_hash, direction="out").count()
    settings.PHONE_SMS_DAILY_REPLIES = so_far + 1  # one more reply today, then none
    assert sms_inbound(provider_message_id="cap-1", mobile=worker.mobile, text="帮助").text
    assert sms_inbound(provider_message_id="cap-2", mobile=worker.mobile, text="帮助").text is None
    assert PhoneMessage.objects.filter(provider_message_id="cap-2").exists()  # logged, not answered


def test_webhook_signature_and_idempotency(scene: Any, client: Client) -> None:
    worker = scene[0]
    body = json.dumps({"message_id": "gw-77", "from": worker.mobile, "text": "帮助"}).encode()
    forged = client.post("/phone/sms/inbound/", body, content_type="application/json",
                         HTTP_X_SMS_TIMESTAMP=str(int(time.time())), HTTP_X_SMS_NONCE="n", HTTP_X_SMS_SIGNATURE="x")
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "phone_bad_signature"
    assert not PhoneMessage.objects.exists()

    def signed() -> dict[str, str]:
        ts = str(int(time.time()))
        return {"HTTP_X_SMS_TIMESTAMP": ts, "HTTP_X_SMS_NONCE": "abc", "HTTP_X_SMS_SIGNATURE": sign(SECRET, ts, "abc", body)}

    ok = client.post("/phone/sms/inbound/", body, content_type="application/json", **signed())
    assert ok.status_code == 200 and "找活" in ok.json()["reply"]
    client.post("/phone/sms/inbound/", body, content_type="application/json", **signed())
    assert PhoneMessage.objects.filter(direction="in").count() == 1


def test_voice_call_applies_and_checks_in(scene: Any, django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.agreements.selectors import agreement_for_engagement
    from suzhaohuo.agreements.services import agreement_request_code, agreement_sign
    from suzhaohuo.gigs.models import Engagement, EngagementEvent
    from suzhaohuo.gigs.services import checkin_code_issue, engagement_accept
    from suzhaohuo.phone.voice import voice_step

    worker, employer, grape, porter = scene
    greeting = voice_step(call_id="c1", caller=worker.mobile)
    assert "按1" in greeting.say and greeting.gather == 1
    first = voice_step(call_id="c1", digits="1")
    assert "第1个岗位" in first.say
    consent = voice_step(call_id="c1", digits="1")
    assert "同意" in consent.say
    done = voice_step(call_id="c1", digits="1")
    assert "已报名" in done.say
    eng = Engagement.objects.get(worker=worker)

    with django_capture_on_commit_callbacks(execute=True):
        engagement_accept(actor=employer.owner, engagement=eng)
    agreement = agreement_for_engagement(eng)
    for user in (worker, employer.owner):
        agreement_request_code(agreement=agreement, user=user)
        with django_capture_on_commit_callbacks(execute=True):
            agreement_sign(agreement=agreement, user=user, code=read_last_sms_code(user.mobile))
    site = checkin_code_issue(actor=employer.owner, job=eng.job)
    voice_step(call_id="c2", caller=worker.mobile)
    assert voice_step(call_id="c2", digits="2").gather == 6
    said = voice_step(call_id="c2", digits=site.code)
    assert "已到岗" in said.say
    events = {e.event: e.data.get("channel") for e in EngagementEvent.objects.filter(engagement=eng)}
    assert events["apply"] == "voice" and events["checkin"] == "voice"
    assert voice_step(call_id="c3", caller="13700001234").gather == 0  # unregistered: told, then hung up


def test_job_audio_is_made_offline(scene: Any, client: Client) -> None:
    import io
    import shutil
    import wave

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make browsers installs it)")
    porter = scene[3]
    resp = client.get(f"/phone/audio/job/{porter.pk}.wav")
    assert resp.status_code == 200 and resp["Content-Type"] == "audio/wav"
    data = b"".join(resp.streaming_content)
    with wave.open(io.BytesIO(data)) as w:
        assert w.getnframes() / w.getframerate() > 1.0  # seconds of speech
