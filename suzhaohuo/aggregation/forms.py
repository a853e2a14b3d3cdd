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
