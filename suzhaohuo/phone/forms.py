"""Forms: shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.phone.choices import CallbackOutcome


class CallbackForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=CallbackOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("请选择处理结果。")})
    note = forms.CharField(label=_("处理说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("例如：已回电，约定明天到站登记")}))
