"""Forms: shape and type only; the rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.forms import ScopedRegionField, limit_to_scope
from suzhaohuo.training.choices import AssessmentResult, CourseLevel, CourseMode, LicenceKind, PersonGroup


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=100)
    licence_kind = forms.ChoiceField(label=_("资质类型"), choices=LicenceKind.choices)
    licence_number = forms.CharField(label=_("许可证号或备案号"), max_length=64)
    township_code = ScopedRegionField(label=_("所在乡镇（街道）"), levels=(RegionLevel.TOWNSHIP,), blank=_("请选择"))
    address = forms.CharField(label=_("地址（选填）"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=40, required=False)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("课程名称"), max_length=100)
    category_code = forms.CharField(label=_("对应零工类别"), max_length=40)
    occupation_name = forms.CharField(label=_("职业（工种）（选填）"), max_length=60, required=False)
    level = forms.ChoiceField(label=_("等级"), choices=CourseLevel.choices)
    hours = forms.CharField(label=_("课时（小时）"), max_length=8)
    mode = forms.ChoiceField(label=_("上课方式"), choices=CourseMode.choices)
    township_code = ScopedRegionField(label=_("开课乡镇（街道）"), levels=(RegionLevel.TOWNSHIP,), blank=_("请选择"))
    carrier_id = forms.TypedChoiceField(label=_("开课站点（选填）"), required=False, coerce=int, empty_value=None,
                                        error_messages={"invalid_choice": _("请从列表中选择开课的零工服务站点。")})
    fee = forms.CharField(label=_("学费（元）"), max_length=10, initial="0")
    subsidy_eligible = forms.BooleanField(label=_("已纳入职业培训补贴目录"), required=False)
    certificate_name = forms.CharField(label=_("结业可获证书"), max_length=100)
    min_attendance = forms.IntegerField(label=_("结业最低出勤率（%）"), min_value=0, max_value=100, initial=100,
                                        help_text=_("例如填 80，表示至少出满八成课时"),
                                        error_messages={"invalid": _("请输入0到100之间的整数，例如 80。"),
                                                        "min_value": _("请输入0到100之间的整数，例如 80。"),
                                                        "max_value": _("请输入0到100之间的整数，例如 80。")})
    assessment_required = forms.BooleanField(label=_("结业需要考核"), required=False, initial=True)
    description = forms.CharField(label=_("课程介绍（选填）"), widget=forms.Textarea, required=False)

    def clean_min_attendance(self) -> Decimal:
        """Entered as a percentage, passed to the service as the share it stores (80 → 0.80)."""
        return Decimal(self.cleaned_data["min_attendance"]) / 100


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("上课地点"), max_length=200)
    carrier_id = forms.TypedChoiceField(label=_("上课站点（选填）"), required=False, coerce=int, empty_value=None,
                                        error_messages={"invalid_choice": _("请从列表中选择上课的零工服务站点。")})
    capacity = forms.IntegerField(label=_("容纳人数"), min_value=1)
    teacher = forms.CharField(label=_("授课老师"), max_length=60)


class AssessForm(forms.Form):
    result = forms.ChoiceField(label=_("考核结果"), choices=AssessmentResult.choices)
    score = forms.IntegerField(label=_("分数（选填）"), required=False, min_value=0, max_value=100)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("6位签到码"), max_length=6)


class WalkInForm(forms.Form):
    mobile = forms.CharField(label=_("居民手机号"), max_length=11)
    consent = forms.BooleanField(label=_("已向本人说明课程和个人信息用途，本人同意报名"), required=False)
    consent_method = forms.CharField(label=_("同意方式（选填）"), max_length=60, required=False)


class ClaimForm(forms.Form):
    period = forms.CharField(label=_("申报期（年-月）"), max_length=7)


class PersonGroupForm(forms.Form):
    mobile = forms.CharField(label=_("手机号"), max_length=11)
    group = forms.ChoiceField(label=_("人员类别"), choices=PersonGroup.choices)


def limit_to_actor(form: forms.Form, actor: Any) -> None:
    """Regions and stations a form offers: only those inside ``actor``'s scope."""
    from suzhaohuo.carriers.selectors import carriers_in_scope

    limit_to_scope(form, actor)
    if "carrier_id" in form.fields:
        form.fields["carrier_id"].choices = [("", _("不在站点开课"))] + [  # type: ignore[attr-defined]
            (c.pk, f"{c.name}（{c.region.name}）") for c in carriers_in_scope(actor)]


def first_error(form: forms.Form) -> tuple[str, str]:
    """(field, message) of the first error, for the error summary."""
    for name, errs in form.errors.items():
        return name, str(errs[0])
    return "", ""


def data(form: forms.Form) -> dict[str, Any]:
    return dict(form.cleaned_data)
