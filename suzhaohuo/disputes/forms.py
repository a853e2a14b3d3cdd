"""Forms: shape only; the rules (required fields, amounts, dates, consent) live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.errors import AppError
from suzhaohuo.regions.forms import ScopedRegionField


class RegionFilterForm(forms.Form):
    region = ScopedRegionField(label=_("地区"), required=False, blank=_("我负责的全部地区"))


class WalkInCaseForm(forms.Form):
    worker_name = forms.CharField(label=_("申请人姓名"), required=False, max_length=64)
    worker_mobile = forms.CharField(label=_("申请人手机号"), required=False, max_length=11,
                                    help_text=_("没有手机可不填"),
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    employer_name = forms.CharField(label=_("用工方名称"), required=False, max_length=128)
    claim_amount = forms.CharField(label=_("金额（元）"), required=False, max_length=12,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    claim_arose_on = forms.CharField(label=_("争议发生日期"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    claim_text = forms.CharField(label=_("请求和理由"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    consent = forms.BooleanField(label=_("当事人同意由站点代为申请调解"), required=False)
    consent_note = forms.CharField(label=_("授权方式"), required=False, max_length=300, widget=forms.TextInput(
        attrs={"placeholder": _("例如：本人到站口头授权，已在登记表签字")}))

    def add_app_error(self, exc: AppError) -> None:
        """Every field error a service reported (``extra["errors"]``), each at its field."""
        for err in exc.extra.get("errors") or [{"field": exc.field, "message": exc.message}]:
            field: Any = err.get("field")
            self.add_error(field if field in self.fields else None, str(err["message"]))


for _name in ("worker_name", "employer_name", "claim_text", "consent", "consent_note"):
    WalkInCaseForm.base_fields[_name].required_by_service = True  # type: ignore[attr-defined]
