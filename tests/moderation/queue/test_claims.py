"""Claims: take, renew, held by another (refusal naming them), expiry, release."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Claim
from moderation.queue.claims import ClaimHeld, claim_release, claim_take
from tests.moderation.queue.support import flagged_comment


@pytest.mark.django_db
def test_take_renew_and_audit(site, moderator):
    comment = flagged_comment(site)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        claim = claim_take(comment=comment, user=moderator, minutes=5)
        assert claim.user == moderator
        assert claim.expires_at == timezone.now() + dt.timedelta(minutes=5)
        traveller.shift(dt.timedelta(minutes=3))
        renewed = claim_take(comment=comment, user=moderator, minutes=5)
        assert renewed.pk == claim.pk
        assert renewed.expires_at == timezone.now() + dt.timedelta(minutes=5)
    assert Claim.objects.count() == 1
    # a take is audited; a renewal by the same person is not (history keeps it)
    event = AuditEvent.objects.filter(verb=AuditVerb.COMMENT_CLAIMED).get()
    assert event.actor == moderator and event.target_id == str(comment.pk)
    assert claim.history.count() == 2


@pytest.mark.django_db
def test_held_by_another_names_them_until_it_expires(site, moderator, supervisor):
    comment = flagged_comment(site)
    with time_machine.travel(dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC), tick=False) as t:
        claim_take(comment=comment, user=supervisor, minutes=5)
        with pytest.raises(ClaimHeld) as info:
            claim_take(comment=comment, user=moderator)
        assert info.value.holder == supervisor
        assert "Sue Supervisor is working on this comment until 10:05" in str(info.value)
        t.shift(dt.timedelta(minutes=5, seconds=1))
        taken = claim_take(comment=comment, user=moderator)
    assert taken.user == moderator
    assert Claim.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_CLAIMED).count() == 2


@pytest.mark.django_db
def test_release(site, moderator, supervisor):
    comment = flagged_comment(site)
    claim_take(comment=comment, user=moderator)
    assert claim_release(comment=comment, user=supervisor) is False  # not theirs
    assert claim_release(comment=comment, user=moderator) is True
    assert not Claim.objects.get(comment=comment).is_live
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_CLAIM_RELEASED).count() == 1
    claim_take(comment=comment, user=supervisor)  # free for others now


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_a_free_claim_at_once(require_postgresql, site, moderator, supervisor):
    comment = flagged_comment(site)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def take(user):
        try:
            barrier.wait()
            results[user.email] = claim_take(comment=comment, user=user)
        except ClaimHeld as exc:
            results[user.email] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (moderator, supervisor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kinds = sorted(type(r).__name__ for r in results.values())
    assert kinds == ["Claim", "ClaimHeld"]
    assert Claim.objects.count() == 1
