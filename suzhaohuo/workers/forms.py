"""The worker profile form: parse only; worker_profile_update applies it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.forms import choice_field

WEEKDAYS = [("1", _("周一")), ("2", _("周二")), ("3", _("周三")), ("4", _("周四")), ("5", _("周五")),
            ("6", _("周六")), ("7", _("周日"))]


def category_choices() -> list[Any]:
    from suzhaohuo.jobs.models import JobCategory

    groups: dict[str, list[tuple[str, str]]] = {}
    for c in JobCategory.objects.filter(parent__isnull=False).select_related("parent").order_by("sort_order"):
        assert c.parent is not None  # guaranteed by the parent__isnull=False filter
        groups.setdefault(c.parent.name, []).append((c.code, c.name))
    return list(groups.items())


class WorkerProfileForm(forms.Form):
    skills = forms.CharField(label=_("技能特长"), max_length=300, required=False,
                             help_text=_("例如：会开叉车、有电工证、会做饭"))
    category_codes = forms.MultipleChoiceField(label=_("想做的工种"), required=False,
                                               widget=forms.CheckboxSelectMultiple, choices=())
    days_available = forms.MultipleChoiceField(label=_("哪几天可以干活"), required=False,
                                               widget=forms.CheckboxSelectMultiple, choices=WEEKDAYS)
    home_township_code = forms.ChoiceField(label=_("常住乡镇（街道）"), choices=())
    max_distance_km = forms.IntegerField(label=_("最远接受距离（公里）"), min_value=1, max_value=200,
                                         error_messages={"required": _("请填写最远接受距离，例如 10。"),
                                                         "min_value": _("最远距离至少1公里。"),
                                                         "max_value": _("最远距离请不超过200公里。"),
                                                         "invalid": _("请填写数字，例如 10。")})
    desired_pay = forms.DecimalField(label=_("期望日薪（元）"), required=False, min_value=0, max_digits=8,
                                     decimal_places=2, error_messages={"invalid": _("请填写数字，例如 200。")})
    settlement_preference = forms.ChoiceField(label=_("结算偏好"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from suzhaohuo.identity.forms import township_choices
        from suzhaohuo.jobs.choices import Settlement

        super().__init__(*args, **kwargs)
        choice_field(self, "category_codes").choices = category_choices()
        choice_field(self, "home_township_code").choices = township_choices()
        self.fields["home_township_code"].error_messages["required"] = _("请选择您常住的乡镇（街道）。")
        choice_field(self, "settlement_preference").choices = [("", _("都可以"))] + list(Settlement.choices)
