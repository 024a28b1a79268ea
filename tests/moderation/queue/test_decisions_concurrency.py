"""Two people deciding one comment at the same moment, on PostgreSQL: exactly one Decision,
and the other gets a clear refusal."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from audit.models import AuditEvent
from moderation.models import Decision, Flag
from moderation.queue.services import AUDIT_VERB, comment_decide
from stanton.errors import ActionRefused
from tests.moderation.queue.support import flagged_comment


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("first", "second"), [("remove", "keep"), ("hide", "hide")])
def test_concurrent_decisions_one_wins(
    require_postgresql, site, moderator, supervisor, first, second
):
    comment = flagged_comment(site)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def decide(user, action):
        try:
            barrier.wait()
            outcomes.append(
                comment_decide(
                    comment=comment,
                    actor=user,
                    action=action,
                    categories=["profanity"],
                    rationale="Profane language.",
                )
            )
        except ActionRefused as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(moderator, first)),
        threading.Thread(target=decide, args=(supervisor, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    decisions = [o for o in outcomes if isinstance(o, Decision)]
    refusals = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert len(decisions) == 1 and len(refusals) == 1, outcomes
    assert "already decided" in str(refusals[0])
    assert Decision.objects.count() == 1
    flag = Flag.objects.get(comment=comment)
    assert flag.resolved_by_decision_id == decisions[0].pk
    verbs = [AUDIT_VERB[first], AUDIT_VERB[second]]
    assert AuditEvent.objects.filter(verb__in=verbs).count() == 1
