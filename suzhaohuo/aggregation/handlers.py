"""Aggregation's reactions to domain events (discovered by the kernel at start-up)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from suzhaohuo.kernel import events
from suzhaohuo.kernel.events import Event, EventName


@events.on(EventName.SOURCE_CONFIRMATION_REQUESTED)
def ask_employers_to_confirm(event: Event) -> None:
    """Tell each named employer that a source brought a posting under its name and it waits for its answer:
    one notification per employer and source for the lot (an import may name the same employer many times)."""
    from suzhaohuo.aggregation.choices import ConfirmationStatus
    from suzhaohuo.aggregation.models import EmployerConfirmation
    from suzhaohuo.notifications.services import notify

    confs = list(EmployerConfirmation.objects.filter(pk__in=event["confirmation_ids"],
                                                     status=ConfirmationStatus.PENDING)
                 .select_related("employer__owner", "source", "posting__job").order_by("id"))
    groups: dict[tuple[int, int], list[EmployerConfirmation]] = {}
    for conf in confs:
        groups.setdefault((conf.employer_id, conf.source_id), []).append(conf)
    for group in groups.values():
        first = group[0]
        url = (reverse("aggregation:confirm", args=[first.pk]) if len(group) == 1
               else reverse("aggregation:authorizations"))
        notify(user=first.employer.owner, event="source_confirm",
               title=_("“%(s)s”以您单位名义导入了%(n)s个岗位，请确认") % {"s": first.source.name, "n": len(group)},
               body=_("确认前这些岗位不会发布。请确认发布、长期授权该来源，或告诉我们这不是您单位的岗位：%(t)s")
               % {"t": "、".join(c.posting.job.title for c in group[:3])}, url=url)
