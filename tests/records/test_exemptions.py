"""The exemption catalogue: corrected and completed by migration, maintained by administrators
with history; and redaction suggestions point at the public's personal information, not at
City staff in their official role."""

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import pii, services
from records.models import Exemption
from stanton.errors import ActionRefused
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_the_missing_exemptions_and_a_true_7927_200():
    citations = set(Exemption.objects.values_list("citation", flat=True))
    assert {
        "Gov. Code 7923.600",
        "Gov. Code 7929.210",
        "Evid. Code 1040 (Gov. Code 7927.705)",
        "Cal. Const. art. I, sec. 1",
    } <= citations
    litigation = Exemption.objects.get(code="pending-litigation")
    assert "prepared by or for the City" in litigation.description
    assert "does not cover ordinary records, such as public comments" in litigation.description


def test_an_administrator_adds_and_edits_an_exemption_with_history(client, admin):
    sign_in(client, admin)
    response = client.post(
        reverse("records:exemption_create"),
        {
            "code": "trade-secrets",
            "name": "Trade secrets",
            "citation": "Gov. Code 7927.705 (Evid. Code 1060)",
            "description": "Trade secrets <b>a vendor</b> gave the City.",
        },
    )
    assert response.status_code == 302
    exemption = Exemption.objects.get(code="trade-secrets")
    created = AuditEvent.objects.get(verb=AuditVerb.EXEMPTION_CREATED, actor=admin)
    assert created.target_id == str(exemption.pk)
    url = reverse("records:exemption_edit", args=[exemption.pk])
    response = client.post(
        url,
        {
            "name": "Trade secrets",
            "citation": exemption.citation,
            "description": "Trade secrets.",
            "active": "",
        },
    )
    assert response.status_code == 302
    exemption.refresh_from_db()
    assert exemption.description == "Trade secrets." and not exemption.active
    updated = AuditEvent.objects.get(verb=AuditVerb.EXEMPTION_UPDATED, actor=admin)
    assert updated.data["changed"]["active"] == {"from": True, "to": False}
    assert set(updated.data["changed"]) == {"description", "active"}
    page = client.get(url).content.decode()
    assert "History" in page and "Trade secrets &lt;b&gt;a vendor&lt;/b&gt; gave the City." in page
    assert exemption.history.count() == 2
    # a duplicate short name is refused with a clear message, nothing saved
    response = client.post(
        reverse("records:exemption_create"),
        {"code": "trade-secrets", "name": "x", "citation": "x", "description": "y"},
    )
    assert "already exists" in response.content.decode()
    assert Exemption.objects.filter(code="trade-secrets").count() == 1


def test_saving_nothing_new_is_refused(admin):
    exemption = Exemption.objects.get(code="pending-litigation")
    with pytest.raises(ActionRefused, match="Nothing was changed"):
        services.exemption_update(
            actor=admin,
            exemption=exemption,
            citation=exemption.citation,
            description=exemption.description,
            active=exemption.active,
        )


def test_clerks_see_the_catalogue_but_cannot_edit_it(client, clerk):
    sign_in(client, clerk)
    page = client.get(reverse("records:exemption_list")).content.decode()
    assert "Gov. Code 7929.210" in page and "Add an exemption" not in page
    assert client.get(reverse("records:exemption_create")).status_code == 403


def test_suggestions_are_the_publics_personal_information_not_staff_names(admin):
    admin.full_name = "Jordan Reyes"
    admin.save()
    text = (
        "Jordan Reyes from the City replied. My cell is (714) 555-0142, email "
        "pat.lee@example.com, and I live at 10542 Oakwood Lane."
    )
    kinds = {(s.kind, s.text) for s in pii.detect(text)}
    assert ("phone", "(714) 555-0142") in kinds
    assert ("email", "pat.lee@example.com") in kinds
    assert ("address", "10542 Oakwood Lane") in kinds
    assert not any("Jordan" in t for _k, t in kinds)
