"""Issue #11 item 18: demo postings with a monthly wage are not marked 日结."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_monthly_wage_is_settled_daily_in_the_demo():
    from suzhaohuo.jobs.models import Job

    call_command("load_regions")
    call_command("seed_demo", workers=10, employers=4, jobs=20)
    monthly = Job.objects.filter(pay_unit="month")
    assert monthly.exists()
    assert not monthly.filter(settlement="daily").exists(), list(monthly.values_list("title", "settlement"))
