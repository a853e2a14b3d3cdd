"""Input parsing only; every rule lives in identity.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.forms import choice_field
from suzhaohuo.identity.choices import EmployerKind, VerificationStatus


def township_choices() -> list[Any]:
    """Townships grouped by county, for a no-JS <select> with <optgroup>s."""
    from suzhaohuo.regions.selectors import counties, townships

    groups: dict[str, list[tuple[str, str]]] = {}
    names = {c.code: c.name for c in counties()}
    for t in townships():
        groups.setdefault(names.get(t.parent_id or "", ""), []).append((t.code, t.name))
    return [("", _("请选择乡镇（街道）"))] + [(county, opts) for county, opts in groups.items()]


class RealNameForm(forms.Form):
    real_name = forms.CharField(label=_("姓名"), max_length=64, help_text=_("与身份证上一致"),
                                widget=forms.TextInput(attrs={"autocomplete": "name"}),
                                error_messages={"required": _("请输入身份证上的姓名。")})
    id_number = forms.CharField(label=_("身份证号码"), max_length=20, help_text=_("18位，最后一位可能是 X"),
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                                              "spellcheck": "false"}),
                                error_messages={"required": _("请输入18位身份证号码。")})
    township_code = forms.ChoiceField(label=_("常住乡镇（街道）"), choices=(),
                                      help_text=_("我们会请您到这个乡镇的零工服务站核验身份"),
                                      error_messages={"required": _("请选择您常住的乡镇（街道）。"),
                                                      "invalid_choice": _("请从列表中选择乡镇（街道）。")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "township_code").choices = township_choices()


class EmployerForm(forms.Form):
    kind = forms.ChoiceField(label=_("用工主体类型"), choices=EmployerKind.choices, widget=forms.RadioSelect,
                             initial=EmployerKind.ENTERPRISE,
                             error_messages={"required": _("请选择用工主体类型：企业或个人。")})
    name = forms.CharField(label=_("名称"), max_length=128,
                           help_text=_("企业填营业执照上的名称；个人或家庭填本人姓名"),
                           error_messages={"required": _("请输入企业名称或本人姓名。")})
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False,
                           help_text=_("企业必填：营业执照上的18位代码"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=64, required=False,
                                           help_text=_("企业必填"))
    licence_image = forms.FileField(label=_("营业执照照片"), required=False,
                                    help_text=_("JPG 或 PNG，不超过5MB；也可带原件到零工服务站核验"),
                                    widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    handler_name = forms.CharField(label=_("经办人姓名"), max_length=64, required=False, help_text=_("企业必填"))
    handler_id_number = forms.CharField(label=_("经办人身份证号码"), max_length=20, required=False,
                                        help_text=_("企业必填"),
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    is_agency = forms.BooleanField(label=_("本单位是人力资源服务机构（职业中介）"), required=False)
    hr_licence_number = forms.CharField(label=_("人力资源服务许可证编号"), max_length=64, required=False,
                                        help_text=_("人力资源服务机构必填"))
    person_id_number = forms.CharField(label=_("本人身份证号码"), max_length=20, required=False,
                                       help_text=_("个人或家庭必填"),
                                       widget=forms.TextInput(attrs={"autocomplete": "off"}))
    township_code = forms.ChoiceField(label=_("所在乡镇（街道）"), choices=(),
                                      error_messages={"required": _("请选择所在的乡镇（街道）。"),
                                                      "invalid_choice": _("请从列表中选择乡镇（街道）。")})
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "township_code").choices = township_choices()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("核验通过")), ("reject", _("不通过"))],
                                 error_messages={"required": _("请选择核验通过或不通过。")})
    id_card_seen = forms.BooleanField(label=_("我已核对本人身份证原件"), required=False)
    reason = forms.CharField(label=_("不通过的原因"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("不通过时必填，对方会看到，请写明如何改正"))


DecisionForm.base_fields["reason"].required_by_service = True  # type: ignore[attr-defined]


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("按姓名或名称搜索"), max_length=64, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("待核验和已过期"))] + list(VerificationStatus.choices))
