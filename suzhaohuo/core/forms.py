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


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ISO ``YYYY-MM-DD``, the only format browsers accept there.

    Django's default renders the locale's format (``2026/12/31`` in zh-hans), which a date input shows as blank,
    so an edited form silently loses its dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
