"""Reading the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    pk: int | None
    reason: str


def audit_chain_first_problem(*, batch_size: int = 2000) -> tuple[int, ChainProblem | None]:
    """Walk the chain in order; return (events checked, first problem or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return checked, ChainProblem(
                event.seq, event.pk, f"sequence gap: expected #{expected_seq}, found #{event.seq}"
            )
        if event.prev_hash != expected_prev:
            return checked, ChainProblem(
                event.seq, event.pk, "prev_hash does not match the previous event's hash"
            )
        if event.compute_hash() != event.hash:
            return checked, ChainProblem(
                event.seq, event.pk, "content does not match its hash (the row was edited)"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return checked, None
