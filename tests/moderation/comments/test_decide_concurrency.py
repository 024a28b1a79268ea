"""Two people deciding one comment that was never flagged, from its page, at the same moment
(PostgreSQL): exactly one Decision and one staff flag, and the other is told someone decided
it since they opened it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, Flag
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused
from tests.moderation.queue.support import make_comment


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("first", "second"), [("remove", "keep"), ("hide", "remove")])
def test_concurrent_decisions_on_an_unflagged_comment_one_wins(
    require_postgresql, site, moderator, supervisor, first, second
):
    comment = make_comment(site, "Buy my puppies, text 555-0199")
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
                    categories=["commerce"] if action != "keep" else [],
                    rationale="Sells puppies.",
                    seen_decision_id=0,  # both opened the page before anyone decided
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
    assert "since you opened it" in str(refusals[0])
    assert Decision.objects.count() == 1
    staff_flags = Flag.objects.filter(comment=comment)
    assert staff_flags.count() == (0 if decisions[0].action == "keep" else 1)
    decided = [AuditVerb.COMMENT_KEPT, AuditVerb.COMMENT_HIDDEN, AuditVerb.COMMENT_REMOVED]
    assert AuditEvent.objects.filter(verb__in=decided).count() == 1
