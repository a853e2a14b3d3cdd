"""Posting form: parses what was typed into a JobInput. Business checks live in services.job_validate."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suzhaohuo.core.forms import IsoDateInput, choice_field
from suzhaohuo.jobs.choices import PayUnit, Settlement
from suzhaohuo.jobs.models import Job
from suzhaohuo.jobs.selectors import categories_grouped, townships_grouped
from suzhaohuo.jobs.services import LIMITS, JobInput
from suzhaohuo.kernel import options

SCREENED = ("title", "description", "requirements", "benefits")


def _num(label: Any) -> dict[str, Any]:
    return {"invalid": _("请输入数字。"), "max_digits": _("数字过大，请核对。"),
            "max_decimal_places": _("最多保留两位小数。")}


class JobForm(forms.Form):
    title = forms.CharField(label=_("岗位名称"), max_length=LIMITS["title"],
                            help_text=_("例如：果园采摘工、快递分拣临时工"),
                            error_messages={"required": _("请填写岗位名称。"),
                                            "max_length": _("岗位名称最多60个字，请删减。")})
    category_code = forms.ChoiceField(label=_("岗位类别"), error_messages={"required": _("请选择岗位类别。"),
                                                                           "invalid_choice": _("请从列表中选择岗位类别。")})
    description = forms.CharField(label=_("工作内容"), max_length=LIMITS["description"], widget=forms.Textarea,
                                  help_text=_("写清楚干什么活、在哪里干、干多久"),
                                  error_messages={"required": _("请填写工作内容。"),
                                                  "max_length": _("工作内容最多2000字，请删减。")})
    requirements = forms.CharField(label=_("任职要求"), max_length=LIMITS["requirements"], required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   error_messages={"max_length": _("任职要求最多1000字，请删减。")})
    benefits = forms.CharField(label=_("福利保障"), max_length=LIMITS["benefits"], required=False,
                               help_text=_("例如：包午餐、提供意外险"),
                               error_messages={"max_length": _("福利保障最多300字，请删减。")})
    insurance_provided = forms.BooleanField(label=_("提供意外伤害或职业伤害保障"), required=False)
    cover_code = forms.ChoiceField(label=_("平台代为投保"), required=False,
                                   help_text=_("录用后平台自动为零工投保，保单号显示在用工记录和协议中。本市规定必须投保的类别，未选择时按规定自动投保。"),
                                   error_messages={"invalid_choice": _("请从列表中选择保障方案，或选择“不投保”。")})
    pay_min = forms.DecimalField(label=_("薪酬（最低）"), required=False, max_digits=10, decimal_places=2,
                                 widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
                                 error_messages=_num("pay_min"))
    pay_max = forms.DecimalField(label=_("薪酬（最高）"), required=False, max_digits=10, decimal_places=2,
                                 help_text=_("固定薪酬只填最低即可"),
                                 widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
                                 error_messages=_num("pay_max"))
    pay_unit = forms.ChoiceField(label=_("计薪单位"), choices=PayUnit.choices, initial=PayUnit.DAY,
                                 error_messages={"required": _("请选择计薪单位。"),
                                                 "invalid_choice": _("请选择计薪单位。")})
    settlement = forms.ChoiceField(label=_("结算方式"), choices=Settlement.choices, initial=Settlement.DAILY,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": _("请选择结算方式。"),
                                                   "invalid_choice": _("请选择结算方式。")})
    headcount = forms.IntegerField(label=_("招聘人数"), initial=1,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                   error_messages={"required": _("请填写招聘人数，至少1人。"),
                                                   "invalid": _("请填写招聘人数，至少1人。")})
    start_date = forms.DateField(label=_("开工日期"), required=False, widget=IsoDateInput(),
                                 error_messages={"invalid": _("请按 年-月-日 选择日期。")})
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=IsoDateInput(),
                               error_messages={"invalid": _("请按 年-月-日 选择日期。")})
    daily_hours = forms.DecimalField(label=_("每日工时（小时）"), required=False, max_digits=4, decimal_places=1,
                                     widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
                                     error_messages=_num("daily_hours"))
    work_time = forms.CharField(label=_("工作时段"), max_length=LIMITS["work_time"], required=False,
                                help_text=_("例如：早7点到下午5点"))
    township_code = forms.ChoiceField(label=_("工作地点（乡镇/街道）"),
                                      error_messages={"required": _("请选择工作地点所在的乡镇（街道）。"),
                                                      "invalid_choice": _("请从列表中选择乡镇（街道）。")})
    address = forms.CharField(label=_("详细地址"), max_length=LIMITS["address"],
                              help_text=_("村、路、门牌或厂区名称"),
                              error_messages={"required": _("请填写详细地址。"),
                                              "max_length": _("详细地址最多200字，请删减。")})
    lat = forms.FloatField(label=_("纬度"), required=False, widget=forms.NumberInput(attrs={"step": "any"}),
                           error_messages={"invalid": _("请输入数字形式的纬度，例如 33.96。")})
    lng = forms.FloatField(label=_("经度"), required=False, widget=forms.NumberInput(attrs={"step": "any"}),
                           error_messages={"invalid": _("请输入数字形式的经度，例如 118.28。")})
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=IsoDateInput(),
                                  help_text=_("不填默认30天，最长90天"),
                                  error_messages={"invalid": _("请按 年-月-日 选择日期。")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "category_code").choices = [("", _("请选择"))] + [
            (top.name, [(c.code, c.name) for c in leaves]) for top, leaves in categories_grouped()]
        choice_field(self, "township_code").choices = [("", _("请选择"))] + [
            (county.name, [(t.code, t.name) for t in towns]) for county, towns in townships_grouped()]
        choice_field(self, "cover_code").choices = [("", str(_("不投保"))), *options.choices("job.cover")]
        screen_url = reverse("jobs:screen_fragment")
        for name in SCREENED:
            self.fields[name].widget.attrs.update({
                "hx-post": f"{screen_url}?field={name}", "hx-trigger": "keyup changed delay:600ms",
                "hx-target": f"#findings-{name}", "hx-swap": "innerHTML", "hx-include": "closest form",
                "aria-describedby": f"findings-{name}"})

    @classmethod
    def initial_from_job(cls, job: Job) -> dict[str, Any]:
        data = {name: getattr(job, name) for name in cls.base_fields if hasattr(job, name)}
        data["category_code"] = job.category.code
        data["township_code"] = job.township_id
        data["valid_until"] = timezone.localtime(job.valid_until).date()
        return data

    def to_input(self, *, current: Job | None = None) -> JobInput:
        """The typed posting. Editing ``current``: an unchanged 有效期至 day keeps its exact time, so saving
        an edit never moves the validity."""
        d = self.cleaned_data
        valid_until = None
        if current is not None and d.get("valid_until") == timezone.localtime(current.valid_until).date():
            valid_until = current.valid_until
        elif d.get("valid_until"):
            valid_until = timezone.make_aware(datetime.combine(d["valid_until"], time(23, 59, 59)))
        return JobInput(
            title=d["title"], description=d["description"], category_code=d["category_code"],
            pay_unit=d["pay_unit"], settlement=d["settlement"], headcount=d["headcount"],
            township_code=d["township_code"], address=d["address"], pay_min=d.get("pay_min"),
            pay_max=d.get("pay_max"), pay_negotiable=False, requirements=d.get("requirements") or "",
            benefits=d.get("benefits") or "", insurance_provided=bool(d.get("insurance_provided")),
            start_date=d.get("start_date"), end_date=d.get("end_date"), daily_hours=d.get("daily_hours"),
            work_time=d.get("work_time") or "", lat=d.get("lat"), lng=d.get("lng"), valid_until=valid_until,
            cover_code=d.get("cover_code") or "")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), widget=forms.RadioSelect, choices=[
        ("approve", _("通过，立即发布")), ("request_changes", _("退回修改")), ("reject", _("不通过"))],
        error_messages={"required": _("请选择审核结果。")})
    message = forms.CharField(label=_("给发布人的说明"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("退回修改或不通过时必填，发布人会收到这条说明"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写原因。")})
