"""The demo's audit log reads as words: every event `seed_demo` writes names its object and
links to that object's page, and the log shows no event by its raw name."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from audit.subjects import subject_kinds, subjects_for
from tests.conftest import sign_in
from tests.moderation.auditlog.test_readable import raw_verbs_in

pytestmark = pytest.mark.django_db


def test_every_demo_event_names_and_links_its_object(client, admin):
    call_command("seed_demo", stdout=io.StringIO())
    events = list(AuditEvent.objects.order_by("seq"))
    kinds = {e.target_type for e in events}
    assert len(kinds) >= 15  # the demo touches most of the portal
    assert kinds <= {k.target_type for k in subject_kinds()}, "a kind nobody describes"
    subjects = subjects_for((e.target_type, e.target_id) for e in events)
    unlinked = sorted({key for key, subject in subjects.items() if not subject.url})
    assert unlinked == []
    sign_in(client, admin)
    url, params, pages = reverse("moderation:audit_log"), {"per_page": 200}, 0
    while True:
        response = client.get(url, params)
        assert response.status_code == 200
        assert raw_verbs_in(response.content.decode()) == []
        pages += 1
        if response.context["next_before"] is None:
            break
        params = {"per_page": 200, "before": response.context["next_before"]}
    assert pages >= 2
