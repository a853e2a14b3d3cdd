"""Forms for the transaction pages: parse and show fields only; rules live in gigs.services."""

from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.forms import IsoDateInput
from suzhaohuo.gigs.choices import DisputeKind, PayMethod


class ApplyForm(forms.Form):
    message = forms.CharField(label=_("给用工方留言"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("例如：有采摘经验，可以连续干三天。"))
    consent = forms.BooleanField(
        label=_("我同意向该用工主体提供我的姓名、手机号和工作记录，用于本次招聘联系和签订协议"), required=False,
        help_text=_("这是单独同意（《个人信息保护法》第二十三条）。录用前用工方只能看到隐去部分号码的手机号。"))


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("到岗码"), max_length=6, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "pattern": "[0-9]{6}"}),
                           help_text=_("请输入用工方出示的6位数字"))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"data-geo": "lat"}))
    lng = forms.FloatField(required=False, widget=forms.HiddenInput(attrs={"data-geo": "lng"}))


class CompleteForm(forms.Form):
    hours = forms.DecimalField(label=_("实际工时（小时）"), required=False, min_value=0, max_digits=7, decimal_places=1)
    pieces = forms.IntegerField(label=_("完成件数"), required=False, min_value=0,
                                help_text=_("计件的活填件数，计时的活填工时，两项至少填一项"))


class PayForm(forms.Form):
    amount = forms.DecimalField(label=_("付款金额（元）"), required=False, max_digits=10, decimal_places=2)
    method = forms.ChoiceField(label=_("付款方式"), choices=[("", _("请选择"))] + list(PayMethod.choices),
                               required=False)
    paid_on = forms.DateField(label=_("付款日期"), required=False, widget=IsoDateInput(),
                              help_text=_("不填按今天记录"))


class RateForm(forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), coerce=int, required=False, widget=forms.RadioSelect,
                                   choices=[(5, _("5星 很好")), (4, _("4星 较好")), (3, _("3星 一般")),
                                            (2, _("2星 较差")), (1, _("1星 很差"))])
    comment = forms.CharField(label=_("评价内容"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DisputeForm(forms.Form):
    kind = forms.ChoiceField(label=_("异议类型"), choices=DisputeKind.choices, required=False)
    text = forms.CharField(label=_("异议内容"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("写明实际情况，例如：实际干了10小时，只记了8小时。"))
    claimed_hours = forms.DecimalField(label=_("您认为的实际工时"), required=False, max_digits=7, decimal_places=1)
    claimed_amount = forms.DecimalField(label=_("您认为应得的金额（元）"), required=False, max_digits=10,
                                        decimal_places=2)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WageAlertResolveForm(forms.Form):
    note = forms.CharField(label=_("处理情况"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


# action → form class (actions without a form are a single button)
class CancelReasonForm(ReasonForm):
    pass


class NoShowReasonForm(ReasonForm):
    pass


class WithdrawForm(forms.Form):
    """Withdrawing is confirmed, not one tap; the worker may apply again while the job is open."""

    confirm = forms.BooleanField(label=_("我确定撤回这次报名（岗位仍在招聘时可以重新报名）"),
                                 error_messages={"required": _("请勾选“我确定撤回这次报名”后再点撤回。")})


def _mark_required(form: type[forms.Form], *names: str) -> None:
    """Fields the service requires (it gives the Chinese message): never labelled 「（选填）」, and announced as
    required to screen readers, while the browser leaves the message to the server."""
    for name in names:
        field = form.base_fields[name]
        field.required_by_service = True  # type: ignore[attr-defined]
        field.widget.attrs["aria-required"] = "true"


for _form in (CancelReasonForm, NoShowReasonForm):  # own copies: 不录用 keeps its optional reason
    _form.base_fields = {k: copy.deepcopy(v) for k, v in ReasonForm.base_fields.items()}
_mark_required(PayForm, "amount", "method")  # the date is optional: the service records today
_mark_required(CheckinForm, "code")
_mark_required(CancelReasonForm, "reason")
_mark_required(NoShowReasonForm, "reason")
_mark_required(RateForm, "score")
_mark_required(DisputeForm, "kind", "text")
_mark_required(CompleteForm, "hours", "pieces")  # one of the two (help text says which)

ACTION_FORMS: dict[str, type[forms.Form]] = {
    "checkin": CheckinForm,
    "complete": CompleteForm,
    "pay": PayForm,
    "rate": RateForm,
    "dispute": DisputeForm,
    "cancel": CancelReasonForm,
    "withdraw": WithdrawForm,
    "no_show": NoShowReasonForm,
    "decline": ReasonForm,
}
