import pytest
from django import forms

from suzhaohuo.core.forms import choice_field


class _Form(forms.Form):
    pick = forms.ChoiceField()
    many = forms.TypedMultipleChoiceField(coerce=int)
    text = forms.CharField()


def test_choice_field_sets_choices_on_the_form_instance_only() -> None:
    form = _Form(data={"pick": "b", "many": ["2"], "text": "x"})
    choice_field(form, "pick").choices = [("a", "A"), ("b", "B")]
    choice_field(form, "many").choices = [(1, "one"), (2, "two")]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["many"] == [2]
    assert list(choice_field(_Form(), "pick").choices) == []


def test_choice_field_refuses_other_fields() -> None:
    with pytest.raises(TypeError, match="CharField"):
        choice_field(_Form(), "text")
