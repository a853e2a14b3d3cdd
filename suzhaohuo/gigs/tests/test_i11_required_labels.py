"""Issue #11 item 14: fields the services require are never labelled 「（选填）」."""

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(("form_path", "names"), [
    ("suzhaohuo.gigs.forms.PayForm", ["amount", "method", "paid_on"]),
    ("suzhaohuo.gigs.forms.CheckinForm", ["code"]),
    ("suzhaohuo.gigs.forms.CancelReasonForm", ["reason"]),
    ("suzhaohuo.identity.forms.DecisionForm", ["reason"]),
])
def test_required_by_the_service_is_not_optional(form_path, names):
    from django.utils.module_loading import import_string

    form = import_string(form_path)()
    for name in names:
        html = render_to_string("web/_field.html", {"field": form[name]})
        assert "选填" not in html, (form_path, name)


def test_truly_optional_fields_keep_the_label_and_cancel_uses_its_own_form():
    from suzhaohuo.gigs.forms import ACTION_FORMS, ApplyForm, CancelReasonForm

    assert "选填" in render_to_string("web/_field.html", {"field": ApplyForm()["message"]})
    assert ACTION_FORMS["cancel"] is CancelReasonForm
    assert "选填" in render_to_string("web/_field.html", {"field": ACTION_FORMS["no_show"]()["reason"]})
