import pytest

from suzhaohuo.agreements.models import Agreement, ChainEntry
from suzhaohuo.agreements.verification import verify_chain
from suzhaohuo.core.demo import DemoContext


@pytest.mark.django_db
def test_demo_seeds_sealed_and_pending_agreements_and_is_repeatable(regions):
    from suzhaohuo.agreements import demo

    ctx = DemoContext()
    demo.seed(ctx)
    demo.seed(ctx)
    assert sorted(Agreement.objects.values_list("status", flat=True)) == ["pending", "sealed"]
    assert ChainEntry.objects.count() == 1 and verify_chain().ok
    assert len(ctx.shared["agreements"]) == 2
    # The sealed demo agreement verifies through the public lookup (number + check code), stored PDF included.
    from suzhaohuo.agreements.signing import check_code
    from suzhaohuo.agreements.verification import verify_number

    sealed = Agreement.objects.get(status="sealed")
    result = verify_number(sealed.number, check_code(sealed.number))
    assert result.ok and all(c.ok for c in result.checks) and len(result.checks) == 5


@pytest.mark.django_db
def test_demo_uses_engagements_shared_by_the_gigs_seeder(accepted):
    from suzhaohuo.agreements import demo
    from suzhaohuo.gigs.models import Engagement

    engagement, _w, _e = accepted()
    Engagement.objects.filter(pk=engagement.pk).update(status="checked_in")  # as if the loop went on
    engagement.refresh_from_db()
    ctx = DemoContext(shared={"engagements": [engagement]})
    demo.seed(ctx)
    assert [a.status for a in ctx.shared["agreements"]] == ["sealed"]
