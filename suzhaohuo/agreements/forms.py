from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    code = forms.CharField(label=_("短信验证码"), max_length=6, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "pattern": "[0-9]*"}))
    agree = forms.BooleanField(label=_("我已阅读并同意以上协议的全部内容，愿意签署"), required=False)


class VerifyNumberForm(forms.Form):
    no = forms.CharField(label=_("协议编号"), max_length=32, required=False,
                         help_text=_("在协议第一页顶部和每页页脚，例如 SZH-2026-000123"),
                         widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    code = forms.CharField(label=_("核验码"), max_length=12, required=False,
                           help_text=_("协议每页页脚印的6位核验码，例如 7KX2QM"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("协议PDF文件"), required=False,
                           help_text=_("从速找活下载的协议PDF，不超过5MB"),
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))
