"""Issue #11 item 12: withdrawing needs a confirmation, and the worker can apply again while the job is open."""

import pytest

from suzhaohuo.gigs import services as s
from suzhaohuo.gigs.models import Engagement

pytestmark = pytest.mark.django_db


def test_withdraw_needs_confirmation_then_reapply_works(client, make_worker, make_job):
    worker, job = make_worker(), make_job()
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    client.force_login(worker)
    resp = client.post(f"/gigs/e/{eng.pk}/withdraw/", {})
    assert resp.status_code == 400 and "我确定撤回" in resp.content.decode()
    eng.refresh_from_db()
    assert eng.status == "applied"
    resp = client.post(f"/gigs/e/{eng.pk}/withdraw/", {"withdraw-confirm": "on"})
    assert resp.status_code == 302
    eng.refresh_from_db()
    assert eng.status == "withdrawn"

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="withdrawn-status"' in page and 'data-testid="applied-status"' not in page
    again = s.engagement_apply(worker=worker, job=job, consent=True)
    assert again.pk == eng.pk and again.status == "applied"
    assert Engagement.objects.filter(job=job, worker=worker).count() == 1
    with pytest.raises(s.AppError) as exc:
        s.engagement_apply(worker=worker, job=job, consent=True)
    assert exc.value.code == "already_applied"


def test_the_apply_page_lets_a_withdrawn_worker_apply_again(client, make_worker, make_job):
    """The page, not only the service: POST /gigs/jobs/<id>/apply/ after withdrawing applies again."""
    worker, job = make_worker(), make_job()
    eng = s.engagement_apply(worker=worker, job=job, consent=True)
    s.engagement_withdraw(actor=worker, engagement=eng)
    client.force_login(worker)
    resp = client.post(f"/gigs/jobs/{job.pk}/apply/", {"consent": "on", "message": "还能来"})
    assert resp.status_code == 302
    eng.refresh_from_db()
    assert eng.status == "applied" and eng.message == "还能来"
    # applied again: the apply page sends her to her engagement instead of a second form
    resp = client.get(f"/gigs/jobs/{job.pk}/apply/")
    assert resp.status_code == 302 and resp.url == f"/gigs/e/{eng.pk}/"
