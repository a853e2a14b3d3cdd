"""就业援助 forms: parse only; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suzhaohuo.assistance.choices import ContactChannel, ExitReason, FollowUpResult, OutcomeKind, UnitKind


class IdentifyForm(forms.Form):
    mobile = forms.CharField(label=_("居民手机号"), max_length=20,
                             help_text=_("居民须已在本站登记零工账号并完成实名"),
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                             error_messages={"required": _("请填写居民的手机号。")})
    category_code = forms.ChoiceField(label=_("认定类别"), error_messages={
        "required": _("请选择认定类别。"), "invalid_choice": _("请从本市的就业困难人员类别中选择一项。")})
    evidence = forms.CharField(label=_("证明材料"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("材料名称和编号，例如：失业登记证 3213xxxx；只有本地区工作人员能看到"),
                               error_messages={"required": _("请填写证明材料。")})
    circumstances = forms.CharField(label=_("家庭与就业情况"), max_length=1000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    goal = forms.CharField(label=_("帮扶目标"), max_length=300, required=False)
    training_suggested = forms.CharField(label=_("建议培训"), max_length=300, required=False)
    consent = forms.BooleanField(label=_("本人已同意：已向本人说明认定用途和信息保护，本人同意登记"), required=False)
    consent_note = forms.CharField(label=_("同意方式"), max_length=200, initial=_("本人在《就业援助登记同意书》上签字"),
                                   error_messages={"required": _("请填写本人同意的方式。")})

    def __init__(self, *args: Any, categories: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = [("", _("请选择"))] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in (categories or [])]


class ContactForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": _("请选择日期。"), "invalid": _("请按 年-月-日 选择日期。")})
    channel = forms.ChoiceField(label=_("方式"), choices=ContactChannel.choices)
    content = forms.CharField(label=_("帮扶内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("请填写帮扶内容。")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class PlanForm(forms.Form):
    goal = forms.CharField(label=_("帮扶目标"), max_length=300, required=False)
    training_suggested = forms.CharField(label=_("建议培训"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    employed_on = forms.DateField(label=_("就业日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  error_messages={"required": _("请选择就业日期。"),
                                                  "invalid": _("请按 年-月-日 选择日期。")})
    employed_where = forms.CharField(label=_("就业单位/岗位"), max_length=200,
                                     error_messages={"required": _("请填写就业单位或岗位。")})
    kind = forms.ChoiceField(label=_("就业方式"), choices=OutcomeKind.choices)


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(label=_("回访结果"), choices=FollowUpResult.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class PostForm(forms.Form):
    title = forms.CharField(label=_("岗位名称"), max_length=60, error_messages={"required": _("请填写岗位名称。")})
    unit_name = forms.CharField(label=_("用人单位"), max_length=100, error_messages={"required": _("请填写用人单位。")})
    unit_kind = forms.ChoiceField(label=_("单位类型"), choices=UnitKind.choices)
    township_code = forms.ChoiceField(label=_("所在乡镇（街道）"), error_messages={
        "required": _("请选择乡镇（街道）。"), "invalid_choice": _("请从列表中选择乡镇（街道）。")})
    duties = forms.CharField(label=_("工作内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写工作内容。")})
    hours = forms.CharField(label=_("工作时间"), max_length=100, help_text=_("例如：工作日 8:00-12:00"),
                            error_messages={"required": _("请填写工作时间。")})
    monthly_subsidy = forms.DecimalField(label=_("岗位补贴（元/月）"), max_digits=8, decimal_places=2,
                                         widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                                         error_messages={"required": _("请填写每月岗位补贴金额，例如 2000。"),
                                                         "invalid": _("请填写每月岗位补贴金额，例如 2000。")})
    pay_note = forms.CharField(label=_("待遇说明"), max_length=200, required=False)
    term_months = forms.IntegerField(label=_("每期期限（月）"), initial=12,
                                     error_messages={"required": _("请填写每期期限。"), "invalid": _("请填写月数。")})
    slots = forms.IntegerField(label=_("岗位数"), initial=1,
                               error_messages={"required": _("请填写岗位数。"), "invalid": _("请填写人数。")})

    def __init__(self, *args: Any, townships: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township_code"].choices = [("", _("请选择"))] + list(townships or [])  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    month = forms.CharField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}),
                            error_messages={"required": _("请选择月份。")})
    days_scheduled = forms.IntegerField(label=_("应出勤天数"), error_messages={
        "required": _("请填写应出勤天数。"), "invalid": _("请填写天数。")})
    days_present = forms.IntegerField(label=_("实出勤天数"), error_messages={
        "required": _("请填写实出勤天数。"), "invalid": _("请填写天数。")})
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ExitForm(forms.Form):
    exit_date = forms.DateField(label=_("退出日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"required": _("请选择退出日期。"), "invalid": _("请按 年-月-日 选择日期。")})
    reason = forms.ChoiceField(label=_("退出原因"), choices=ExitReason.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False,
                           help_text=_("选择“其他”或“严重违反管理规定”时必填"))


class ExtendForm(forms.Form):
    months = forms.IntegerField(label=_("延长月数"), error_messages={"required": _("请填写要延长的月数。"),
                                                                  "invalid": _("请填写月数。")})
