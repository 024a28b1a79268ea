"""Recording a verification of the audit chain, so the audit page can show the last result
without walking the whole chain on every view."""

from __future__ import annotations

from django.db import transaction

from audit.models import AuditEvent
from audit.selectors import audit_chain_first_problem
from audit.services import audit_record
from moderation.auditlog.selectors import AUDIT_VERIFIED_VERB


def audit_chain_verify(*, actor) -> AuditEvent:
    """Walk the chain (outside any transaction: it can be long), then append the result as
    an `audit.verified` event. The event itself is verified by the next check."""
    checked, problem = audit_chain_first_problem()
    with transaction.atomic():
        return audit_record(
            actor=actor,
            verb=AUDIT_VERIFIED_VERB,
            target_type="audit.chain",
            target_id="",
            data={
                "checked": checked,
                "intact": problem is None,
                "problem_seq": problem.seq if problem else None,
                "problem": problem.reason if problem else "",
            },
        )
