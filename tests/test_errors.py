"""`ActionRefused`, the one exception for a refused action, and its way into a form."""

from __future__ import annotations

import pytest
from django import forms

from moderation.models import Site
from stanton.errors import ActionRefused, refuse_unless_valid


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_its_text_is_the_message_for_the_person_acting():
    assert str(ActionRefused("Only a supervisor may approve a ban.")) == (
        "Only a supervisor may approve a ban."
    )


def test_a_form_takes_it_whole_or_by_field():
    form = _Form(data={})
    assert form.is_valid()
    form.add_error(None, ActionRefused("Refused."))
    form.add_error(None, ActionRefused({"name": "Name taken."}))
    assert form.non_field_errors() == ["Refused."]
    assert form.errors["name"] == ["Name taken."]


@pytest.mark.django_db
def test_model_validation_in_a_service_is_a_refusal_naming_the_fields():
    with pytest.raises(ActionRefused) as caught:
        refuse_unless_valid(Site(name="", slug="not a slug!", platform="nowhere"))
    assert {"name", "slug", "platform"} <= set(caught.value.message_dict)
