from django import forms
from django.utils.translation import gettext_lazy as _


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("手机号"), max_length=20,
                             widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
                             error_messages={"required": _("请输入手机号")})
    role = forms.ChoiceField(label=_("我是"), choices=[("worker", _("我要找活")), ("employer", _("我要招人"))],
                             initial="worker", widget=forms.RadioSelect, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("短信验证码"), max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
                           error_messages={"required": _("请输入短信中的6位验证码")})
    accept_privacy = forms.BooleanField(label=_("我已阅读并同意《隐私政策》"), required=False)


class StaffLoginForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=64, error_messages={"required": _("请输入登录名")})
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, error_messages={"required": _("请输入密码")})


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(label=_("我确认注销账号，并了解注销后无法恢复"),
                                 error_messages={"required": _("请勾选“我确认注销账号”后再提交。")})
