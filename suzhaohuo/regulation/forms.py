"""Console and party forms (validation of shape only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.forms import IsoDateInput
from suzhaohuo.regions.forms import ScopedRegionField
from suzhaohuo.regulation.choices import ListingKey, Organisation, SanctionKind, SubjectType


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("处理类型"), choices=SanctionKind.choices)
    subject_type = forms.ChoiceField(label=_("对象类型"), choices=SubjectType.choices, widget=forms.HiddenInput)
    subject_id = forms.IntegerField(label=_("对象编号"), widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("期限（天）"), required=False, min_value=1, max_value=365,
                              help_text=_("暂停招聘服务必填；其他类型不填表示另行通知。"))
    legal_basis = forms.CharField(label=_("法律依据"), max_length=300,
                                  help_text=_("例如：《人力资源市场暂行条例》第四十三条"))
    reason = forms.CharField(label=_("处理理由"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("证据（每行一条：投诉编号、岗位编号、检测结果或链接）"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    correction_required = forms.CharField(label=_("整改要求（责令改正）"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    correction_deadline = forms.DateField(label=_("整改期限（责令改正）"), required=False,
                                          widget=IsoDateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    statement = forms.CharField(label=_("申诉理由"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("写明您认为处理不当的理由，以及已经做了哪些整改。"))


class CorrectionForm(forms.Form):
    report = forms.CharField(label=_("整改情况"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("处理结果"), choices=[("uphold", _("申诉成立，解除处理")),
                                                            ("reject", _("申诉不成立，维持处理"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("处理意见和理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ListingForm(forms.Form):
    key_type = forms.ChoiceField(label=_("标识类型"), choices=ListingKey.choices)
    value = forms.CharField(label=_("统一社会信用代码或身份证号"), max_length=18,
                            help_text=_("只保存加密索引和脱敏号码，不保存明文。"))
    name = forms.CharField(label=_("名称或姓名"), max_length=128, required=False)
    reason = forms.CharField(label=_("列入原因"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    region_code = ScopedRegionField(label=_("所在地区"), blank=_("请选择"))
    days = forms.IntegerField(label=_("期限（天，不填为长期）"), required=False, min_value=1, max_value=3650)


class ReferralForm(forms.Form):
    to_org = forms.ChoiceField(label=_("移送至"), choices=Organisation.choices)
    region_code = ScopedRegionField(label=_("所在地区"), blank=_("请选择"))
    subject_name = forms.CharField(label=_("涉及对象"), max_length=128)
    summary = forms.CharField(label=_("线索摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    case_file = forms.CharField(label=_("案卷材料（每行一条）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TextForm(forms.Form):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("操作人（登录名或编号）"), required=False, max_length=64)
    action = forms.CharField(label=_("动作包含"), required=False, max_length=64)
    target_type = forms.CharField(label=_("对象类型"), required=False, max_length=64)
    target_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    since = forms.DateField(label=_("起始日期"), required=False, widget=IsoDateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=IsoDateInput())


class LicenceUploadForm(forms.Form):
    file = forms.FileField(label=_("许可证登记表（.xlsx 或 .csv）"))


def evidence_lines(text: str) -> list[dict[str, str]]:
    return [{"type": "link", "ref": line.strip()[:200], "label": line.strip()[:200]}
            for line in (text or "").splitlines() if line.strip()]
