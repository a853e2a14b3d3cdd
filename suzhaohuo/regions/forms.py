"""One form field for staff forms that name a region: a <select> of the regions in the user's scope, with
Chinese names, instead of a raw code typed by hand (works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.selectors import STAFF_REGION_LEVELS, regions_in_scope

_INDENT: dict[str, str] = {RegionLevel.CITY: "", RegionLevel.COUNTY: "\u3000", RegionLevel.TOWNSHIP: "\u3000\u3000"}


def scope_region_choices(actor: Any, *, levels: tuple[str, ...] = STAFF_REGION_LEVELS,
                         blank: Any = None) -> list[tuple[str, str]]:
    """(code, name) for every region of ``levels`` in ``actor``'s scope, indented by level (city ⊃ county ⊃
    township); ``blank`` adds a first empty choice with that label."""
    out: list[tuple[str, str]] = [("", str(blank))] if blank is not None else []
    out += [(r.code, _INDENT.get(r.level, "") + r.name) for r in regions_in_scope(actor, levels=levels)]
    return out


class ScopedRegionField(forms.ChoiceField):
    """A region <select> limited to the user's scope. Declare it on a form, then call ``limit_to_scope(form,
    actor)`` in the form's ``__init__`` (or the view) to fill every such field for that user; a code outside the
    scope is then refused like any other invalid choice, with a Chinese message."""

    def __init__(self, *, levels: tuple[str, ...] = STAFF_REGION_LEVELS, blank: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", _("请从列表中选择您负责范围内的地区。"))
        kwargs["error_messages"].setdefault("required", _("请选择地区。"))
        super().__init__(choices=(), **kwargs)
        self.levels = levels
        self.blank = blank

    def fill(self, actor: Any) -> None:
        self.choices = scope_region_choices(actor, levels=self.levels, blank=self.blank)


def limit_to_scope(form: forms.BaseForm, actor: Any) -> None:
    """Fill every ``ScopedRegionField`` of ``form`` with the regions in ``actor``'s scope."""
    for field in form.fields.values():
        if isinstance(field, ScopedRegionField):
            field.fill(actor)
