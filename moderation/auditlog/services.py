"""Recording a verification of the audit chain, so the audit page can show the last result
without walking the whole chain on every view."""

from __future__ import annotations

from django.db import transaction

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.selectors import audit_chain_first_problem
from audit.services import audit_record


def audit_chain_verify(*, actor) -> AuditEvent:
    """Walk the chain (outside any transaction: it can be long), then append the result as
    an `audit.verified` event. The event itself is verified by the next check."""
    checked, problem = audit_chain_first_problem()
    with transaction.atomic():
        return audit_record(
            actor=actor,
            verb=AuditVerb.AUDIT_VERIFIED,
            target_type="audit.chain",
            target_id="",
            data={
                "checked": checked,
                "intact": problem is None,
                "problem_seq": problem.seq if problem else None,
                "problem": problem.reason if problem else "",
            },
        )
