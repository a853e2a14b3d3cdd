"""Forms of the public carrier pages and the station console: parsing only, no business rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.carriers.choices import AuthorizationMethod
from suzhaohuo.core.forms import choice_field
from suzhaohuo.jobs.choices import PayUnit, Settlement


def _leaf_categories() -> list[tuple[str, Any]]:
    """Leaf categories grouped under their parent (rendered as groups / optgroups)."""
    from suzhaohuo.jobs.models import JobCategory

    groups: dict[str, list[tuple[str, str]]] = {}
    for c in JobCategory.objects.filter(parent__isnull=False).select_related("parent"):
        assert c.parent is not None  # guaranteed by the parent__isnull=False filter
        groups.setdefault(c.parent.name, []).append((c.code, c.name))
    return list(groups.items())


class NearbyForm(forms.Form):
    lat = forms.FloatField(label=_("纬度"), required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(label=_("经度"), required=False, widget=forms.HiddenInput)
    township = forms.ChoiceField(label=_("选择乡镇（街道）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from suzhaohuo.regions.models import Region

        choices: list[tuple[str, Any]] = [("", _("请选择"))]
        for t in Region.objects.filter(level="township").select_related("parent").order_by("code"):
            choices.append((t.code, f"{t.parent.name if t.parent else ''} {t.name}"))
        choice_field(self, "township").choices = choices


class ProfileFields(forms.Form):
    categories = forms.MultipleChoiceField(label=_("想做的工种"), required=False, widget=forms.CheckboxSelectMultiple)
    skills = forms.CharField(label=_("技能和经验"), max_length=300, required=False,
                             help_text=_("例如：会开叉车、做过瓦工"))
    days_available = forms.CharField(label=_("可工作日"), max_length=32, required=False,
                                     help_text=_("例如 12345 表示周一至周五"))
    max_distance_km = forms.IntegerField(label=_("最远接受距离（公里）"), min_value=1, max_value=500, required=False)
    desired_pay = forms.DecimalField(label=_("期望日薪（元）"), min_value=0, max_digits=8, decimal_places=2,
                                     required=False)
    settlement_preference = forms.ChoiceField(label=_("结算偏好"), required=False,
                                              choices=[("", _("不限")), *Settlement.choices])
    receive_pushes = forms.BooleanField(label=_("愿意接收站点推送的岗位信息（短信和站内消息）"), required=False,
                                        initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "categories").choices = _leaf_categories()


class WalkInForm(ProfileFields):
    mobile = forms.CharField(label=_("手机号"), max_length=20, error_messages={"required": _("请输入本人手机号")},
                             widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}))
    real_name = forms.CharField(label=_("姓名"), max_length=64, error_messages={"required": _("请输入身份证上的姓名")})
    id_number = forms.CharField(label=_("身份证号码"), max_length=18,
                                error_messages={"required": _("请输入18位身份证号码")})
    township_code = forms.ChoiceField(label=_("常住乡镇（街道）"), error_messages={"required": _("请选择常住乡镇（街道）")})
    id_card_seen = forms.BooleanField(label=_("已核对身份证原件，人证一致"), required=False)
    privacy_accepted = forms.BooleanField(label=_("已向本人说明《隐私政策》，本人已同意"), required=False)

    field_order = ["mobile", "real_name", "id_number", "township_code", "id_card_seen", "categories", "skills",
                   "days_available", "max_distance_km", "desired_pay", "settlement_preference", "receive_pushes",
                   "privacy_accepted"]

    def __init__(self, *args: Any, townships: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("请选择")), *[(t.code, t.name) for t in townships]]
        choice_field(self, "township_code").choices = choices
        if len(choices) == 2:
            self.fields["township_code"].initial = choices[1][0]


class VerifyForm(forms.Form):
    id_card_seen = forms.BooleanField(label=_("已核对身份证原件，人证一致"), required=False)


class JobOnBehalfForm(forms.Form):
    employer = forms.ChoiceField(label=_("用工主体"), error_messages={"required": _("请选择用工主体")})
    title = forms.CharField(label=_("岗位名称"), max_length=60, error_messages={"required": _("请输入岗位名称")})
    description = forms.CharField(label=_("工作内容"), max_length=2000, widget=forms.Textarea,
                                  error_messages={"required": _("请写清楚要做什么活")})
    category_code = forms.ChoiceField(label=_("岗位类别"), error_messages={"required": _("请选择岗位类别")})
    pay_min = forms.DecimalField(label=_("薪酬下限（元）"), min_value=0, max_digits=10, decimal_places=2, required=False)
    pay_max = forms.DecimalField(label=_("薪酬上限（元）"), min_value=0, max_digits=10, decimal_places=2, required=False)
    pay_unit = forms.ChoiceField(label=_("计薪单位"), choices=PayUnit.choices, initial=PayUnit.DAY)
    settlement = forms.ChoiceField(label=_("结算方式"), choices=Settlement.choices, initial=Settlement.DAILY)
    headcount = forms.IntegerField(label=_("招聘人数"), min_value=1, initial=1,
                                   error_messages={"required": _("请输入招聘人数")})
    township_code = forms.ChoiceField(label=_("工作地点（乡镇/街道）"))
    address = forms.CharField(label=_("详细地址"), max_length=200, error_messages={"required": _("请输入详细地址")})
    authorized_by = forms.CharField(label=_("授权人姓名"), max_length=64, required=False,
                                    help_text=_("用工主体负责人或经办人"))
    method = forms.ChoiceField(label=_("授权方式"), choices=AuthorizationMethod.choices, widget=forms.RadioSelect,
                               initial=AuthorizationMethod.IN_PERSON)
    id_number = forms.CharField(label=_("授权人身份证号码"), max_length=18, required=False,
                                help_text=_("当面授权时核对原件并填写，系统只保存脱敏号码"))
    letter_photo = forms.ImageField(label=_("授权书照片"), required=False,
                                    help_text=_("用授权书授权时拍照上传"))

    def __init__(self, *args: Any, employers: Any = (), townships: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "employer").choices = [("", _("请选择")), *[(str(e.pk), e.name) for e in employers]]
        choice_field(self, "township_code").choices = [(t.code, t.name) for t in townships]
        choice_field(self, "category_code").choices = [("", _("请选择")), *_leaf_categories()]


class JobChoiceForm(forms.Form):
    jobs = forms.TypedMultipleChoiceField(label=_("岗位"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": _("请至少勾选一个岗位")})

    def __init__(self, *args: Any, jobs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "jobs").choices = [(j.pk, j.title) for j in jobs]
