"""Typed helpers shared by the apps' forms."""

from __future__ import annotations

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]`` narrowed to a ChoiceField, so its ``choices`` can be set at runtime.

    ``BaseForm.fields`` is typed ``dict[str, Field]``; this fails loudly if the field is not a choice field
    (including MultipleChoiceField and the Typed* variants), instead of silently setting a stray attribute.
    """
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a ChoiceField")
    return field
