"""Matching writes: dispatch of new postings and station pushes, with ONE record (``DispatchRecord``) and
ONE daily cap per worker (``push_daily_cap``) over both, so nobody gets the same job twice or more pushes a day
than the cap, whichever path sent them.

    dispatch_on_publish(job_id) — enqueue the dispatch task (the job.published handler calls it on commit).
    dispatch_run(job_id)        — choose and notify matching workers in tiers (daily cap, quiet hours).
    dispatch_flush_deferred()   — send what quiet hours held back.
    station_push(...)           — one station push of a job to a worker, through the same record and cap.
    employer_reliability_refresh() — copy employers' records into search's index rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.models import User
from suzhaohuo.core.services import audit_record
from suzhaohuo.gigs.models import Engagement, Rating
from suzhaohuo.jobs.choices import JobStatus
from suzhaohuo.jobs.models import Job
from suzhaohuo.kernel.states import DONE_STATES, EngagementStatus
from suzhaohuo.matching.choices import DispatchStatus, DispatchTier
from suzhaohuo.matching.models import DispatchRecord
from suzhaohuo.matching.selectors import employer_reliability, match_workers_for_job, worker_quality
from suzhaohuo.notifications.services import notify
from suzhaohuo.search.models import HiddenEmployer, SearchDoc
from suzhaohuo.search.services import job_url
from suzhaohuo.workers.models import WorkerProfile


def employer_reliability_refresh(*, employer_ids: list[int] | None = None, use_cache: bool = False) -> int:
    """Copy each employer's rating and on-time pay rate into its index rows. Returns rows changed.

    Run periodically (tasks.py) and whenever postings are (re)indexed (the job.changed handler), so
    recommendations read it for free. Idempotent: only rows whose values differ are written.
    """
    if employer_ids is None:
        # employers with any engagement (others have no record yet), plus rows that still carry one
        ids = set(SearchDoc.objects.filter(Q(employer_rating__isnull=False) | Q(employer_on_time__isnull=False))
                  .values_list("employer_id", flat=True).distinct().order_by())
        ids |= set(Engagement.objects.values_list("employer_id", flat=True).distinct().order_by())
        employer_ids = sorted(ids)
    changed = 0
    for start in range(0, len(employer_ids), 500):
        chunk = employer_ids[start:start + 500]
        rel = employer_reliability(chunk, use_cache=use_cache)
        for emp_id in chunk:
            info = rel.get(emp_id) or {}
            rating, on_time = info.get("rating"), info.get("on_time")
            changed += (SearchDoc.objects.filter(employer_id=emp_id)
                        .exclude(employer_rating=rating, employer_on_time=on_time)
                        .update(employer_rating=rating, employer_on_time=on_time))
    return changed




def dispatch_on_publish(job_id: int) -> None:
    """Enqueue the dispatch task after the surrounding transaction commits."""
    from suzhaohuo.matching.tasks import dispatch_job

    transaction.on_commit(lambda: dispatch_job.enqueue(job_id))


def _quiet(now: datetime) -> bool:
    start, end = getattr(settings, "SEARCH_QUIET_HOURS", (22, 7))
    hour = timezone.localtime(now).hour
    return hour >= start or hour < end if start > end else start <= hour < end


def push_daily_cap() -> int:
    """How many pushes one worker gets per day at most: automatic dispatch and every station together."""
    return int(getattr(settings, "PUSH_DAILY_CAP", 3))


def _sent_today(worker_id: int, now: datetime) -> int:
    """Pushes sent to the worker today, whoever sent them (the one count the one cap reads)."""
    midnight = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.min))
    return DispatchRecord.objects.filter(worker_id=worker_id, status=DispatchStatus.SENT,
                                         sent_at__gte=midnight).count()


@dataclass
class Candidate:
    user: Any
    tier: int
    reasons: list[str]


def _employer_ratings_of(employer: Any, worker_ids: list[int]) -> dict[int, float]:
    """{worker id: average score this employer gave them}."""
    rows = (Rating.objects.filter(engagement__employer=employer, ratee_id__in=worker_ids, rater_party="employer")
            .values("ratee_id").annotate(avg=Avg("score")))
    return {r["ratee_id"]: float(r["avg"]) for r in rows}


def dispatch_candidates(job: Job) -> list[Candidate]:
    """Tiered list: hired-before-and-rated-well, certified/top-rated nearby, all matching nearby."""
    out: list[Candidate] = []
    seen: set[int] = {job.employer.owner_id}
    hired = list(Engagement.objects.filter(employer=job.employer, status__in=DONE_STATES)
                 .values_list("worker_id", flat=True).distinct()[:500])
    no_show = set(Engagement.objects.filter(employer=job.employer, status=EngagementStatus.NO_SHOW)
                  .values_list("worker_id", flat=True))
    ratings = _employer_ratings_of(job.employer, hired)
    for user in User.objects.filter(pk__in=hired, is_active=True).order_by("pk"):
        rating = ratings.get(user.pk)
        if user.pk in no_show or (rating is not None and rating < 4.0):
            continue
        reasons = [_("曾为该用工主体完工")]
        if rating is not None:
            reasons.append(_("该雇主给你的评分%(r).1f") % {"r": rating})
        out.append(Candidate(user=user, tier=DispatchTier.HIRED_BEFORE, reasons=reasons))
        seen.add(user.pk)
    matches = match_workers_for_job(job, limit=500, nearby_only=True)
    mq = worker_quality([h.user.pk for h in matches])
    tier2: list[Candidate] = []
    tier3: list[Candidate] = []
    for h in matches:
        if h.user.pk in seen:
            continue
        q = mq.get(h.user.pk) or {}
        top = q.get("certified") or (q.get("rating") is not None and q["rating"] >= 4.5)
        (tier2 if top else tier3).append(Candidate(
            user=h.user, tier=DispatchTier.TOP_NEARBY if top else DispatchTier.MATCHING_NEARBY, reasons=h.reasons))
        seen.add(h.user.pk)
    out += tier2 + tier3
    # workers who switched pushes off are never told
    off = set(WorkerProfile.objects.filter(user_id__in=[c.user.pk for c in out], receive_pushes=False)
              .values_list("user_id", flat=True))
    blocked = set(HiddenEmployer.objects.filter(employer=job.employer).values_list("user_id", flat=True))
    return [c for c in out if c.user.pk not in off and c.user.pk not in blocked]


def _notify(record: DispatchRecord, job: Job) -> None:
    notify(user=record.worker, event="job_recommended", title=_("新岗位：%(t)s") % {"t": job.title},
           body=" · ".join(record.reasons), url=job_url(job.pk))


def dispatch_run(job_id: int, *, now: datetime | None = None) -> list[DispatchRecord]:
    """Decide and notify for one published posting. Idempotent: a worker is recorded once per job."""
    now = now or timezone.now()
    job = Job.objects.select_related("employer", "category", "township__parent").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.PUBLISHED:
        return []
    per_job = int(getattr(settings, "SEARCH_DISPATCH_MAX_PER_JOB", 30))
    cap = push_daily_cap()
    quiet = _quiet(now)
    done = set(DispatchRecord.objects.filter(job=job).values_list("worker_id", flat=True))
    created: list[DispatchRecord] = []
    with transaction.atomic():
        for cand in dispatch_candidates(job):
            if len(done) + len(created) >= per_job:
                break
            if cand.user.pk in done:
                continue
            if quiet:
                status = DispatchStatus.DEFERRED
            elif _sent_today(cand.user.pk, now) >= cap:
                status = DispatchStatus.CAPPED
            else:
                status = DispatchStatus.SENT
            rec = DispatchRecord.objects.create(job=job, worker=cand.user, tier=cand.tier, reasons=cand.reasons,
                                                status=status, sent_at=now if status == DispatchStatus.SENT else None)
            if status == DispatchStatus.SENT:
                _notify(rec, job)
            created.append(rec)
        audit_record(actor=None, action="matching.dispatch", target=job, region_code=job.township_id,
                     data={"recorded": len(created),
                           "sent": sum(1 for r in created if r.status == DispatchStatus.SENT)})
    return created


def dispatch_flush_deferred(*, now: datetime | None = None) -> int:
    """Send the pushes held back by quiet hours, once they are over. Returns how many were sent."""
    now = now or timezone.now()
    if _quiet(now):
        return 0
    cap = push_daily_cap()
    sent = 0
    for rec in DispatchRecord.objects.filter(status=DispatchStatus.DEFERRED).select_related("job", "worker")[:2000]:
        with transaction.atomic():
            if rec.job.status != JobStatus.PUBLISHED or rec.job.valid_until <= now:
                rec.status = DispatchStatus.DROPPED
            elif _sent_today(rec.worker_id, now) >= cap:
                rec.status = DispatchStatus.CAPPED
            else:
                rec.status, rec.sent_at = DispatchStatus.SENT, now
                _notify(rec, rec.job)
                sent += 1
            rec.save(update_fields=["status", "sent_at"])
    return sent


class PushRefused(Exception):
    """Why a station push did not go out: ``already_sent`` or ``daily_cap``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def station_push(*, job: Any, worker: Any, reasons: list[str], now: datetime | None = None) -> DispatchRecord:
    """Record one station push of ``job`` to ``worker`` in the one push record, under the one daily cap.

    Raises ``PushRefused("already_sent")`` when the worker was already told about this job (by dispatch or
    any station), ``PushRefused("daily_cap")`` when they had their pushes for today. The caller notifies
    the worker after this returns (inside the same transaction)."""
    now = now or timezone.now()
    existing = DispatchRecord.objects.filter(job=job, worker=worker).first()
    if existing is not None and existing.status in (DispatchStatus.SENT, DispatchStatus.DEFERRED):
        raise PushRefused("already_sent")
    if _sent_today(worker.pk, now) >= push_daily_cap():
        raise PushRefused("daily_cap")
    if existing is not None:  # dispatch held it back (capped or dropped): the station sends it now
        existing.tier, existing.reasons, existing.status, existing.sent_at = (
            DispatchTier.STATION, reasons, DispatchStatus.SENT, now)
        existing.save(update_fields=["tier", "reasons", "status", "sent_at"])
        return existing
    return DispatchRecord.objects.create(job=job, worker=worker, tier=DispatchTier.STATION, reasons=reasons,
                                         status=DispatchStatus.SENT, sent_at=now)
