"""Protection forms: parse input only; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suzhaohuo.protection.choices import ClaimStatus


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ClaimForm(forms.Form):
    incident_date = forms.DateField(label=_("受伤日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                    error_messages={"required": _("请选择受伤的日期。"),
                                                    "invalid": _("请按 年-月-日 选择日期。")})
    place = forms.CharField(label=_("地点"), max_length=200,
                            error_messages={"required": _("请填写受伤的地点。"),
                                            "max_length": _("地点最多200字，请删减。")})
    description = forms.CharField(label=_("发生了什么"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("例如：搬货时从梯子上摔下，左脚踝肿痛，已去镇卫生院"),
                                  error_messages={"required": _("请简单说明发生了什么。"),
                                                  "max_length": _("经过最多1000字，请删减。")})
    photos = forms.FileField(label=_("照片（最多3张）"), required=False,
                             widget=MultiFileInput(attrs={"accept": "image/*"}))

    def __init__(self, *args: object, place: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["incident_date"].initial = timezone.localdate()
        self.fields["place"].initial = place


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("核定结果"), widget=forms.RadioSelect,
                                 choices=[(ClaimStatus.APPROVED, _("赔付")), (ClaimStatus.REJECTED, _("不予赔付"))],
                                 error_messages={"required": _("请选择核定结果。")})
    amount = forms.DecimalField(label=_("核定赔付金额（元）"), required=False, max_digits=12, decimal_places=2,
                                widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                                error_messages={"invalid": _("请输入数字金额，例如 3200。")})
    note = forms.CharField(label=_("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("不予赔付时必填，零工会看到这条说明"))


class DisputeLinkForm(forms.Form):
    case_ref = forms.CharField(label=_("争议案件编号"), max_length=64,
                               error_messages={"required": _("请填写争议案件编号。")})
