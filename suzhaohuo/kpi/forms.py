from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.kpi.choices import TaskStatus
from suzhaohuo.regions.forms import ScopedRegionField


class TaskUpdateForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"],
                            error_messages={"invalid": _("请选择月份，例如 2026-05。")})
    status = forms.ChoiceField(label=_("进展"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("本月进展情况"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("存在问题（需联席会议协调的事项）"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class CaseForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"],
                            error_messages={"invalid": _("请选择月份，例如 2026-05。")})
    region_code = ScopedRegionField(label=_("地区"))
    title = forms.CharField(label=_("标题"), max_length=100)
    summary = forms.CharField(label=_("案例内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))


class CampaignForm(forms.Form):
    code = forms.CharField(label=_("链接代码（小写字母、数字）"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    region_code = ScopedRegionField(label=_("地区"))


class ReportForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"],
                            error_messages={"invalid": _("请选择月份，例如 2026-05。")})
