"""The registry of audit event names (audit/events.py): past tense, labelled, and old
spellings still found and labelled."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.events import LEGACY_VERBS, AuditVerb, stored_verbs, verb_label
from audit.models import AuditEvent
from audit.services import audit_record
from tests.conftest import sign_in

# Past tense: a word of the action part ends in -ed or is one of these irregular past forms
# ("claim_released", "updated_from_platform", "reminder_sent", "archive_copy_made").
IRREGULAR_PAST = {"sent", "kept", "upheld", "hidden", "withdrawn", "undone", "made"}


@pytest.mark.parametrize("verb", list(AuditVerb), ids=str)
def test_every_name_is_thing_dot_past_tense_with_a_label(verb):
    thing, _, happened = verb.value.partition(".")
    assert thing and happened
    words = happened.split("_")
    assert any(w.endswith("ed") or w in IRREGULAR_PAST for w in words), verb.value
    assert verb.label and verb.label != verb.value


def test_legacy_names_map_to_current_ones_and_share_their_label():
    assert stored_verbs(AuditVerb.COMMENT_REMOVED) == ["comment.removed", "comment.remove"]
    assert stored_verbs("comment.remove") == ["comment.removed", "comment.remove"]
    assert stored_verbs(AuditVerb.BAN_APPROVED) == ["ban.approved"]
    for old, new in LEGACY_VERBS.items():
        assert old not in AuditVerb.values
        assert verb_label(old) == new.label
    assert verb_label("test.unknown") == "test.unknown"


@pytest.mark.django_db
def test_an_audit_record_stores_the_plain_name():
    with transaction.atomic():
        event = audit_record(actor=None, verb=AuditVerb.BAN_APPROVED, target_type="x", target_id=1)
    stored = AuditEvent.objects.values_list("verb", flat=True).get(pk=event.pk)
    assert type(stored) is str and stored == "ban.approved"
    assert event.label == "Ban approved"


def test_the_audit_filter_finds_rows_stored_under_an_old_name(client, admin):
    with transaction.atomic():
        old = audit_record(actor=None, verb="comment.remove", target_type="x", target_id=1)
        new = audit_record(actor=None, verb=AuditVerb.COMMENT_REMOVED, target_type="x", target_id=2)
        audit_record(actor=None, verb=AuditVerb.COMMENT_KEPT, target_type="x", target_id=3)
    sign_in(client, admin)
    for asked in ("comment.removed", "comment.remove"):
        response = client.get("/audit/", {"verb": asked})
        shown = {row.event.pk for row in response.context["rows"]}
        assert shown == {old.pk, new.pk}, asked
    html = client.get("/audit/", {"verb": "comment.remove"}).content.decode()
    assert html.count(f'data-label="What happened">{AuditVerb.COMMENT_REMOVED.label}') == 2


def test_every_event_name_is_asserted_by_some_test():
    """Each name in the registry is named by at least one test other than this module, so
    every event a service writes is checked somewhere."""
    from pathlib import Path

    tests = Path(__file__).resolve().parent
    text = "".join(
        path.read_text(encoding="utf-8")
        for path in tests.rglob("*.py")
        if path != Path(__file__).resolve()
    )
    unasserted = [
        verb.value
        for verb in AuditVerb
        if f"AuditVerb.{verb.name}" not in text and f'"{verb.value}"' not in text
    ]
    assert unasserted == []
