from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("岗位表格"), help_text=_("Excel（.xlsx、.xls）或 CSV 文件，可以用模板，也可以直接上传本单位的用工需求表。"),
                           error_messages={"required": _("请选择要上传的表格文件。"),
                                           "empty": _("文件是空的，请在模板中填写岗位后再上传。"),
                                           "invalid": _("请选择要上传的表格文件。")})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写原因。")})


class AuthorizationRecordForm(forms.Form):
    """Station staff record an employer's written authorisation of a source."""

    source = forms.IntegerField(label=_("数据源"), error_messages={"required": _("请选择数据源。"),
                                                                 "invalid": _("请选择数据源。")})
    employer_uscc = forms.CharField(label=_("用工单位统一社会信用代码"), max_length=40,
                                    error_messages={"required": _("请填写用工单位的统一社会信用代码。")})
    evidence = forms.CharField(label=_("授权材料"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("书面授权书的编号或日期，以及原件存放在哪里，例如：授权书2026-11-03，原件存胡集镇零工服务站。"),
                               error_messages={"required": _("请写明书面授权材料。")})
