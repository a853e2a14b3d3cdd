import io

import pytest

from suzhaohuo.carriers import services
from suzhaohuo.carriers.models import PushRecord, ServiceRecord

from .qrdecode import decode_qr_codes, pdf_fonts, pdf_text


def _resident(make_worker, *, receive_pushes=True):
    from suzhaohuo.workers.services import worker_profile_update

    user = make_worker(township="胡集镇")
    worker_profile_update(user=user, category_codes=["agri.harvest", "agri.planting", "moving.loading"],
                          receive_pushes=receive_pushes)
    return user


@pytest.mark.django_db
def test_push_respects_opt_out_daily_cap_and_records_every_send(huji_station, make_job, make_worker, settings,
                                                                django_capture_on_commit_callbacks):
    from suzhaohuo.core.models import SmsOutbox
    from suzhaohuo.notifications.models import Notification

    settings.PUSH_DAILY_CAP = 2
    station, staff = huji_station
    jobs = [make_job(i) for i in range(3)]
    keen = _resident(make_worker)
    opted_out = _resident(make_worker, receive_pushes=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.jobs_push(actor=staff, carrier=station, job_ids=[j.pk for j in jobs])
    # keen gets 2 (the cap), the third job is skipped for the cap; opted_out never gets anything
    assert (result.sent, result.skipped_daily_cap, result.skipped_opted_out) == (2, 1, 3)
    assert PushRecord.objects.filter(recipient=keen).count() == 2
    assert not PushRecord.objects.filter(recipient=opted_out).exists()
    assert not Notification.objects.filter(user=opted_out, event="job_push").exists()
    notes = Notification.objects.filter(user=keen, event="job_push")
    assert notes.count() == 2 and all(n.url.startswith("/jobs/") for n in notes)
    assert SmsOutbox.objects.filter(mobile=keen.mobile, purpose="job_push").count() == 2
    assert all(p.sent_sms for p in PushRecord.objects.filter(recipient=keen))
    assert ServiceRecord.objects.filter(kind="push", carrier=station).count() == 3
    # the next push the same day: nothing more for keen (cap), and never a repeat of a pushed job
    pushed = PushRecord.objects.filter(recipient=keen).first().job_id
    again = services.jobs_push(actor=staff, carrier=station, job_ids=[pushed])
    assert (again.sent, again.skipped_already_sent) == (0, 1)
    unpushed = next(j.pk for j in jobs if not PushRecord.objects.filter(job=j, recipient=keen).exists())
    again = services.jobs_push(actor=staff, carrier=station, job_ids=[unpushed])
    assert (again.sent, again.skipped_daily_cap) == (0, 1)


@pytest.mark.django_db
def test_push_only_jobs_of_the_carriers_area(huji_station, make_job):
    from suzhaohuo.core.errors import AppError

    station, staff = huji_station
    far = make_job(0, township_code="321322116", township="颜集镇")
    with pytest.raises(AppError) as exc:
        services.jobs_push(actor=staff, carrier=station, job_ids=[far.pk])
    assert exc.value.field == "jobs"


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["A4", "A3"])
def test_weekly_board_pdf_qr_codes_open_the_job_pages(client, huji_station, make_job, settings, size):
    from pypdf import PdfReader

    settings.ALLOWED_HOSTS = ["szh.example.cn"]  # QR links use the address the request reached (issue #11)
    station, _staff = huji_station
    jobs = [make_job(i) for i in range(4)]
    resp = client.get(f"/carriers/{station.pk}/board.pdf", {"size": size}, HTTP_HOST="szh.example.cn", secure=True)
    assert resp["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(resp.content)).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    assert round(width_mm) == (210 if size == "A4" else 297)
    text = pdf_text(resp.content)
    assert "胡集镇零工服务驿站" in text and "果园采摘工" in text
    urls = decode_qr_codes(resp.content)
    assert sorted(urls) == sorted(f"https://szh.example.cn/jobs/{j.pk}/" for j in jobs)


@pytest.mark.django_db
def test_weekly_board_pdf_embeds_its_chinese_font(client, huji_station, make_job):
    """Issue #11.17: the board prints the same everywhere: every font is embedded (a Noto CJK SC subset from
    the fonts package, with a Unicode map so its text can be copied); nothing relies on the viewer's fonts."""
    station, _staff = huji_station
    make_job(0)
    pdf = client.get(f"/carriers/{station.pk}/board.pdf").content
    fonts = pdf_fonts(pdf)
    assert fonts, "pdffonts lists no font"
    assert all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    assert any("CJKSC" in f["name"].replace(" ", "") for f in fonts), fonts


@pytest.mark.django_db
def test_kiosk_updates_itself_politely_with_large_type(client, huji_station, make_job):
    """No full-page refresh (axe meta-refresh): the list is re-fetched in place, a polite status line says when,
    and a 「刷新」 link reloads by hand without JavaScript (issue #11.17)."""
    station, _staff = huji_station
    make_job(0)
    url = f"/carriers/{station.pk}/kiosk/"
    html = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in html and "果园采摘工" in html
    assert "kiosk.css" in html and "data:image/svg+xml" in html
    assert f'hx-get="{url}?live=1" hx-trigger="every 60s"' in html
    assert 'id="kiosk-status" aria-live="polite"' in html and f'<a href="{url}" data-testid="kiosk-refresh">刷新</a>' in html
    make_job(1)
    live = client.get(url, {"live": "1"}).content.decode()
    assert "<html" not in live and live.count("<li>") == 2
    assert 'id="kiosk-status" hx-swap-oob="innerHTML"' in live and "2 个在招岗位" in live


@pytest.mark.django_db
def test_nearby_api_and_page(client, make_carrier):
    near = make_carrier(kind="station", name="胡集镇零工服务驿站", lat=34.13, lng=118.77,
                        opening_hours="8:30-17:30", phone="0527-83331234", services=["registration"])
    far = make_carrier(kind="county_market", region_code="321324001", name="泗洪县零工市场", lat=33.46, lng=118.22)
    body = client.get("/api/v1/carriers/nearby", {"lat": 34.14, "lng": 118.78}).json()
    assert [c["id"] for c in body] == [near.pk, far.pk]
    assert body[0]["distance_km"] < 2 and body[0]["services"] == ["代为注册登记"] and body[0]["phone"]
    body = client.get("/api/v1/carriers/nearby", {"township": "321322102"}).json()
    assert [c["id"] for c in body] == [near.pk]
    resp = client.get("/api/v1/carriers/nearby")
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_location"
    html = client.get("/carriers/", {"township": "321322102"}).content.decode()
    assert "胡集镇零工服务驿站" in html and "0527-83331234" in html and "8:30-17:30" in html
    html = client.get("/carriers/", {"lat": "34.14", "lng": "118.78"}).content.decode()
    assert html.index("胡集镇零工服务驿站") < html.index("泗洪县零工市场")
    assert "nearby.js" in html
