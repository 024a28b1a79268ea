"""Letters sent to the requester, kept as sent; and the administrators' wording."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records import letters
from records.models import LetterKind, LetterTemplate, RecordsRequest, RequestLetter
from stanton.errors import ActionRefused


@transaction.atomic
def letter_send(
    *, actor, request: RecordsRequest, kind: str, responsible: str = ""
) -> RequestLetter:
    """Render the letter, keep it on the request as sent, and email it when the requester
    gave an email address (else the clerk sends the kept text by post)."""
    if kind not in LetterKind.values or kind == LetterKind.LETTERHEAD:
        raise ActionRefused("Choose a kind of letter.")
    subject, body = letters.render(kind, request, responsible=responsible)
    address = letters.email_of(request.requester_contact)
    letter = RequestLetter(
        request=request, kind=kind, subject=subject, body=body, sent_to=address, sent_by=actor
    )
    letter._history_user = actor
    letter.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_LETTER_SENT,
        target=request,
        data={"letter": letter.pk, "kind": kind, "subject": subject, "sent_to": address},
    )
    if address:
        # Inside the transaction: if the email fails, no letter is recorded as sent.
        send_mail(subject, body, None, [address])
    return letter


@transaction.atomic
def letter_template_save(*, actor, kind: str, subject: str, body: str) -> LetterTemplate:
    if kind not in LetterKind.values:
        raise ActionRefused("Unknown kind of letter.")
    unknown = letters.unknown_placeholders(subject + "\n" + body)
    if unknown:
        raise ActionRefused(
            {"body": "Unknown placeholder(s): " + ", ".join("{" + u + "}" for u in unknown)}
        )
    if kind == LetterKind.LETTERHEAD and "{body}" not in body:
        raise ActionRefused({"body": "The letterhead needs {body} where each letter goes."})
    template = LetterTemplate.objects.select_for_update().filter(kind=kind).first()
    if template is None:
        template = LetterTemplate(kind=kind, subject="", body="", updated_by=actor)
    before = {"subject": template.subject, "body": template.body}
    template.subject, template.body = subject.strip(), body.strip()
    template.updated_by, template.updated_at = actor, timezone.now()
    template._history_user = actor
    template.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.LETTER_TEMPLATE_SAVED,
        target=template,
        data={"kind": kind, "before": before, "subject": template.subject, "body": template.body},
    )
    return template
