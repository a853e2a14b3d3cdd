"""`make demo` must work: every app's seeder runs, and each capability is populated."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_seed_demo_populates_every_capability():
    from suzhaohuo.aggregation.models import Source
    from suzhaohuo.agreements.models import Agreement
    from suzhaohuo.carriers.models import Carrier
    from suzhaohuo.gigs.models import Engagement, WageAlert
    from suzhaohuo.identity.models import Employer, PersonIdentity
    from suzhaohuo.jobs.selectors import jobs_public
    from suzhaohuo.regions.models import Region
    from suzhaohuo.search.models import SearchDoc

    call_command("load_regions")
    call_command("seed_demo", workers=40, employers=10, jobs=60)

    assert Region.objects.filter(level="township").count() == 109
    assert PersonIdentity.objects.filter(verification_status="verified").exists()
    assert PersonIdentity.objects.filter(verification_status="pending", township_id="321322102").exists()
    assert Employer.objects.filter(verification_status="verified").exists()
    assert jobs_public().exists()
    assert SearchDoc.objects.exists()
    assert Carrier.objects.exists()
    assert Source.objects.count() >= 5
    from suzhaohuo.aggregation.models import EmployerConfirmation, ProxyEmployer, SourceAuthorization

    # issue #11: who may publish under whose name
    assert SourceAuthorization.objects.filter(via="employer").exists()
    assert SourceAuthorization.objects.filter(via="station").exclude(evidence="").exists()
    assert EmployerConfirmation.objects.filter(status="pending", posting__job__status="draft").exists()
    assert ProxyEmployer.objects.filter(postings__isnull=False).exists()
    assert Engagement.objects.exists()
    assert WageAlert.objects.filter(township_code="321322102").exists()
    assert Agreement.objects.exists()
    from suzhaohuo.disputes.models import Case, Complaint

    assert set(Case.objects.values_list("status", flat=True)) >= {"applied", "mediating", "fulfilling", "closed",
                                                                  "arbitration", "declined"}
    assert Agreement.objects.filter(kind="mediation", status="sealed").exists()
    assert len(set(Case.objects.values_list("region_code", flat=True))) >= 3
    assert set(Complaint.objects.values_list("status", flat=True)) >= {"received", "accepted", "in_progress",
                                                                       "rejected", "closed"}
    from suzhaohuo.regulation.models import AbnormalListing, Referral, RiskFlag, Sanction, Throttle

    assert Sanction.objects.filter(kind="suspend_posting", appeals__isnull=False).exists()
    assert AbnormalListing.objects.count() == 2 and Referral.objects.filter(status="closed").exists()
    assert RiskFlag.objects.filter(family="intermediary", score__gt=0).exists() and Throttle.objects.exists()
    from suzhaohuo.training.models import BadgeGrant, Certificate, Course, SubsidyClaim

    assert Course.objects.filter(carrier__isnull=False).exists() and Certificate.objects.exists()
    assert SubsidyClaim.objects.exists() and BadgeGrant.objects.filter(status="active").exists()

    # A second `make demo` on the same database changes nothing.
    n_jobs = jobs_public().count()
    call_command("seed_demo")
    assert jobs_public().count() == n_jobs
