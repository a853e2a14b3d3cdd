"""`make demo` shows protection and assistance populated."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_seed_demo_populates_protection_and_assistance() -> None:
    from suzhaohuo.assistance.models import Attendance, DifficultyPerson, FollowUp, WelfarePost
    from suzhaohuo.protection.models import Claim, Enrolment, InsuranceProduct

    call_command("load_regions")
    call_command("seed_demo", workers=40, employers=10, jobs=60)
    assert InsuranceProduct.objects.count() >= 3
    assert Enrolment.objects.filter(status="active").count() >= 2
    assert Enrolment.objects.filter(product__code="ohi-pilot").exists()
    assert Claim.objects.filter(status="approved").exists()
    assert DifficultyPerson.objects.count() >= 2
    assert FollowUp.objects.exists()
    assert WelfarePost.objects.count() == 2
    assert Attendance.objects.exists()
