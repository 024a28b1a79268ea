"""`seed_demo` adds one proposed ban and one lifted ban, through the services, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Ban, BanState

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_proposed_and_a_lifted_ban_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    states = sorted(Ban.objects.values_list("state", flat=True))
    assert states == [BanState.LIFTED, BanState.PROPOSED]
    for ban in Ban.objects.all():
        assert ban.evidence.filter(platform_state="removed").exists()
        assert ban.proposed_by.email == "moderator@stanton.example"
    assert AuditEvent.objects.filter(verb=AuditVerb.BAN_LIFTED).count() == 1
    call_command("verify_audit_log")
    assert "Audit chain intact" in capsys.readouterr().out
