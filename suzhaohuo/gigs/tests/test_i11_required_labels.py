"""Issue #11 item 14: a field is labelled 「（选填）」 exactly when the service accepts it empty."""

import pytest
from django.template.loader import render_to_string


def _label(form, name: str) -> str:
    return render_to_string("web/_field.html", {"field": form[name]}).split("</label>")[0]


@pytest.mark.parametrize(("form_path", "names"), [
    ("suzhaohuo.gigs.forms.PayForm", ["amount", "method"]),
    ("suzhaohuo.gigs.forms.CheckinForm", ["code"]),
    ("suzhaohuo.gigs.forms.CancelReasonForm", ["reason"]),
    ("suzhaohuo.gigs.forms.NoShowReasonForm", ["reason"]),
    ("suzhaohuo.gigs.forms.RateForm", ["score"]),
    ("suzhaohuo.gigs.forms.DisputeForm", ["kind", "text"]),
    ("suzhaohuo.gigs.forms.CompleteForm", ["hours", "pieces"]),
    ("suzhaohuo.identity.forms.DecisionForm", ["reason"]),
])
def test_required_by_the_service_is_not_optional(form_path, names):
    from django.utils.module_loading import import_string

    form = import_string(form_path)()
    for name in names:
        assert "选填" not in _label(form, name), (form_path, name)


def test_truly_optional_fields_keep_the_label():
    from suzhaohuo.gigs.forms import ACTION_FORMS, ApplyForm, PayForm, RateForm

    assert "选填" in _label(ApplyForm(), "message")
    assert "选填" in _label(PayForm(), "paid_on")  # the service records today when empty
    assert "选填" in _label(RateForm(), "comment")
    assert "选填" in _label(ACTION_FORMS["decline"](), "reason")


def test_every_guarded_step_marks_the_field_its_guard_requires():
    """The transition table's guards are the rule; the forms follow it (a new guarded step fails here)."""
    from suzhaohuo.gigs import state
    from suzhaohuo.gigs.forms import ACTION_FORMS

    required_by_guard = {state._reason_required: "reason", state._dispute_text: "text"}
    checked = 0
    for t in state.TRANSITIONS:
        name = required_by_guard.get(t.guard)  # type: ignore[arg-type]
        if name and t.event in ACTION_FORMS:
            assert "选填" not in _label(ACTION_FORMS[t.event](), name), t.event
            checked += 1
    assert checked == 3  # cancel, no_show, dispute

