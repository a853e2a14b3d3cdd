"""PIPL hooks for 就业援助 (see accounts/privacy.py): the person's own identifications, ledger and placements;
on deletion the sensitive details are erased, placement and subsidy records are kept (public funds)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from suzhaohuo.assistance.models import AssistanceContact, DifficultyPerson, Placement


def export_data(user: Any) -> dict[str, Any]:
    persons = DifficultyPerson.objects.filter(user=user).select_related("category")
    if not persons:
        return {}
    return {
        "identifications": [{
            "category": p.category.name, "status": p.status, "identified_at": p.identified_at.isoformat(),
            "consent_note": p.consent_note, "evidence": p.evidence, "circumstances": p.circumstances,
            "goal": p.goal, "training_suggested": p.training_suggested,
            "employed_on": p.employed_on.isoformat() if p.employed_on else None, "employed_where": p.employed_where,
            "contacts": [{"date": c.date.isoformat(), "channel": c.channel, "content": c.content}
                         for c in p.contacts.all()],
        } for p in persons],
        "welfare_placements": [{
            "post": pl.post.title, "unit": pl.post.unit_name, "start": pl.start_date.isoformat(),
            "end": pl.end_date.isoformat(), "status": pl.status, "agreement_number": pl.agreement_number,
            "attendance": [{"month": a.month.strftime("%Y-%m"), "days_present": a.days_present,
                            "subsidy": str(a.subsidy)} for a in pl.attendance.all()],
        } for pl in Placement.objects.filter(person__user=user).select_related("post")],
    }


def erase_data(user: Any) -> list[dict[str, Any]]:
    persons = DifficultyPerson.objects.filter(user=user)
    n = persons.count()
    if not n:
        return []
    persons.update(evidence="", circumstances="", goal="", training_suggested="")
    AssistanceContact.objects.filter(person__user=user).update(content="")
    placements = Placement.objects.filter(person__user=user).count()
    retained = [{"what": str(DifficultyPerson._meta.verbose_name), "model": "assistance.difficultyperson",
                 "count": n, "why": _("认定类别和时间作为就业援助统计依法保留；证明材料和帮扶内容已删除")}]
    if placements:
        retained.append({"what": str(Placement._meta.verbose_name), "model": "assistance.placement",
                         "count": placements, "why": _("公益性岗位补贴属财政资金，安置和考勤记录依法保留")})
    return retained
