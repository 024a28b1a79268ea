"""Every audit event name, once: `AuditEvent.verb` is one of these. Past tense (the row says
what happened), `<thing>.<what happened>`, each with a label for people reading the log.

Services write `verb=AuditVerb.BAN_APPROVED`; the audit log's filter and the tests read the
same names. Stored rows are never rewritten (the chain hashes them), so a name that changed
keeps its old spelling in old rows: LEGACY_VERBS maps it, and `stored_verbs` gives every
spelling a search must match.

Each event belongs to a group (EVENT_GROUPS, by the thing its name starts with), so the log's
event filter offers them by label, grouped, and a reader can ask for a whole group at once.
"""

from __future__ import annotations

from django.db import models


class AuditVerb(models.TextChoices):
    # accounts: identity and sign-in
    AUTH_SIGNED_IN = "auth.signed_in", "Signed in"
    MFA_ENROLLED = "mfa.enrolled", "Two-factor device enrolled"
    STAFF_CREATED = "staff.created", "Staff account created"
    STAFF_UPDATED = "staff.updated", "Staff account updated"
    STAFF_ACTIVATED = "staff.activated", "Staff account reactivated"
    STAFF_DEACTIVATED = "staff.deactivated", "Staff account deactivated"
    # the audit log itself
    AUDIT_VERIFIED = "audit.verified", "Audit chain verified"
    # moderation: sites and designations
    SITE_CREATED = "site.created", "Site added"
    SITE_UPDATED = "site.updated", "Site updated"
    DESIGNATION_GRANTED = "designation.granted", "Designation granted"
    DESIGNATION_REVOKED = "designation.revoked", "Designation revoked"
    SITE_TOKEN_SET = "site.token_entered", "Site's platform access token entered (or rotated)"
    SITE_RECONNECTION_NEEDED = (
        "site.reconnection_needed",
        "Platform refused the site's access token: reconnection needed",
    )
    # moderation: the policy, site compliance and the Brown Act monitor
    POLICY_VERSION_ADDED = "policy_version.added", "Version of the Social Media Policy entered"
    LEGISLATIVE_BODY_SAVED = "legislative_body.saved", "Legislative body registered or updated"
    BODY_MEMBER_ADDED = "body_member.added", "Member of a legislative body registered"
    BROWN_ACT_ALERT_RAISED = (
        "brown_act.alert_raised",
        "Brown Act alert: members of a body interacting in one thread",
    )
    BROWN_ACT_ALERT_CLOSED = "brown_act.alert_closed", "Brown Act alert reviewed by the Clerk"
    # moderation: carrying decisions out on the platforms
    PLATFORM_ACTION_MANUAL = (
        "platform_action.listed_for_staff",
        "Platform action put on the worklist, to be done by hand",
    )
    PLATFORM_ACTION_CONFIRMED = "platform_action.confirmed", "Platform confirmed the action"
    PLATFORM_ACTION_RETRY_SCHEDULED = (
        "platform_action.retry_scheduled",
        "Platform call failed for now; it will be tried again",
    )
    PLATFORM_ACTION_FAILED = "platform_action.failed", "Platform action failed"
    PLATFORM_ACTION_RETRIED = "platform_action.retried", "Failed platform action sent again"
    PLATFORM_ACTION_DONE_BY_HAND = (
        "platform_action.carried_out_by_hand",
        "Platform action done by hand by staff",
    )
    PLATFORM_ACTION_DONE_ON_PLATFORM = (
        "platform_action.reported_done_on_platform",
        "Change made on the platform that the portal did not request",
    )
    # moderation: the queue
    COMMENT_CLAIMED = "comment.claimed", "Comment claimed"
    COMMENT_CLAIM_RELEASED = "comment.claim_released", "Claim on a comment released"
    COMMENT_KEPT = "comment.kept", "Comment kept (no violation)"
    COMMENT_HIDDEN = "comment.hidden", "Comment hidden"
    COMMENT_REMOVED = "comment.removed", "Comment removed"
    COMMENT_RESTORED = "comment.restored", "Comment restored"
    COMMENT_ESCALATED = "comment.escalated", "Comment escalated to a supervisor"
    COMMENT_FLAGGED_BY_STAFF = "comment.flagged_by_staff", "Comment flagged by staff"
    COMMENT_REPORTED_BY_PUBLIC = "comment.reported_by_public", "Comment reported by the public"
    ACCOUNT_NOTE_ADDED = "account_note.added", "Note on a public account written"
    DECISION_UNDONE = "decision.undone", "Decision undone (reversed by a new decision)"
    # moderation: review of decisions
    DECISION_UPHELD = "decision.upheld", "Decision upheld on review"
    DECISION_OVERTURNED = "decision.overturned", "Decision overturned on review"
    REVIEW_NOTIFICATION_READ = (
        "review_notification.marked_read",
        "Review of a decision read by the person who made it",
    )
    # moderation: bans
    BAN_PROPOSED = "ban.proposed", "Ban proposed"
    BAN_APPROVED = "ban.approved", "Ban approved"
    BAN_REJECTED = "ban.rejected", "Ban rejected"
    BAN_LIFTED = "ban.lifted", "Ban lifted early"
    BAN_EXPIRED = "ban.expired", "Ban expired"
    # moderation: flag rules and automatic flagging
    FLAG_RULE_CREATED = "flag_rule.created", "Flag rule added"
    FLAG_RULE_UPDATED = "flag_rule.updated", "Flag rule changed"
    FLAG_RULE_ACTIVATED = "flag_rule.activated", "Flag rule switched on"
    FLAG_RULE_DEACTIVATED = "flag_rule.deactivated", "Flag rule switched off"
    FLAGS_RAISED = "flags.raised", "Comment flagged"
    LEARNED_MODEL_TRAINED = (
        "learned_model.trained",
        "Classifier trained on the City's decisions",
    )
    # moderation: ingestion
    COMMENTS_INGESTED = "comments.ingested", "Comments received from a platform"
    REACTIONS_RECORDED = "reactions.recorded", "Reactions to comments received from a platform"
    COMMENT_UPDATED_FROM_PLATFORM = (
        "comment.updated_from_platform",
        "Comment changed on the platform",
    )
    COMMENT_PLATFORM_REPORTED = (
        "comment.platform_reported",
        "Platform reported a state that differs from the City's decision",
    )
    COMMENT_LATE_REPORT_RECORDED = (
        "comment.late_report_recorded",
        "Platform change arrived late (older than what is held), recorded, not applied",
    )
    SUBSCRIBERS_SNAPSHOT_RECORDED = "subscribers.snapshot_recorded", "Subscriber list recorded"
    API_TOKEN_CREATED = "api_token.created", "API token created"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    ATTACHMENT_FETCHED = "attachment.fetched", "Attachment copy stored"
    ATTACHMENT_FETCH_FAILED = "attachment.fetch_failed", "Attachment copy failed"
    # moderation: answering the public, platform reports, outside posting requests
    RESPONSE_NEED_DETECTED = (
        "response_need.detected",
        "Comment found to ask the City something (needs a response)",
    )
    RESPONSE_NEED_DISMISSED = "response_need.dismissed", "Comment marked as needing no response"
    REPLY_DRAFTED = "reply.drafted", "Reply to a comment drafted"
    REPLY_REFUSED = "reply.refused", "Reply refused: it gave personal information"
    REPLY_EXCEPTION_REQUESTED = (
        "reply.exception_requested",
        "Exception asked for a reply that gives personal information",
    )
    REPLY_EXCEPTION_APPROVED = (
        "reply.exception_approved",
        "Supervisor approved a reply that gives personal information",
    )
    REPLY_SENT = "reply.sent", "Reply to a comment sent"
    SAVED_REPLY_SAVED = "saved_reply.saved", "Saved reply written or changed"
    STAFF_DIRECTORY_SAVED = "staff_directory.saved", "Staff directory entry written or changed"
    PLATFORM_REPORT_RECORDED = (
        "platform_report.recorded",
        "Account reported to the platform under its terms of use",
    )
    POSTING_REQUEST_LOGGED = "posting_request.logged", "Request to post outside content logged"
    POSTING_REQUEST_DECIDED = (
        "posting_request.decided",
        "Request to post outside content answered",
    )
    # records: requests, redactions, holds, packages
    RECORDS_REQUEST_CREATED = "records_request.created", "Records request logged"
    RECORDS_REQUEST_ASSIGNED = "records_request.assigned", "Records request assigned"
    RECORDS_REQUEST_STATUS_CHANGED = "records_request.status_changed", "Request status changed"
    RECORDS_REQUEST_ASSISTANCE_LOGGED = (
        "records_request.assistance_logged",
        "Assistance to the requester logged",
    )
    RECORDS_REQUEST_EXTENDED = "records_request.extended", "Request deadline extended"
    RECORDS_REQUEST_DETERMINED = "records_request.determined", "Determination sent"
    RECORDS_REQUEST_ARCHIVE_CHANGED = (
        "records_request.archive_changed",
        "Request put in or taken out of the public archive",
    )
    RECORDS_REQUEST_LETTER_SENT = "records_request.letter_sent", "Letter sent to the requester"
    LETTER_TEMPLATE_SAVED = "letter_template.saved", "Letter wording saved"
    RECORDS_REQUEST_MESSAGE_SENT = "records_request.message_sent", "Message sent to the requester"
    RECORDS_REQUEST_MESSAGE_RECEIVED = (
        "records_request.message_received",
        "Message from the requester",
    )
    RECORDS_REQUEST_CRITERIA_SAVED = "records_request.criteria_saved", "Search criteria saved"
    RECORDS_REQUEST_RECORDS_SELECTED = (
        "records_request.records_selected",
        "Records included in or excluded from the release",
    )
    RECORDS_REQUEST_REMINDER_SENT = "records_request.reminder_sent", "Deadline reminder sent"
    REDACTION_CREATED = "redaction.created", "Redaction marked"
    REDACTION_WITHDRAWN = "redaction.withdrawn", "Redaction withdrawn"
    EXEMPTION_CREATED = "exemption.created", "Exemption added to the catalogue"
    EXEMPTION_UPDATED = "exemption.updated", "Exemption changed"
    LEGAL_HOLD_PLACED = "legal_hold.placed", "Legal hold placed"
    LEGAL_HOLD_RELEASED = "legal_hold.released", "Legal hold released"
    CITY_CLOSURE_ADDED = "city_closure.added", "City closure day added"
    CITY_CLOSURE_WITHDRAWN = "city_closure.withdrawn", "City closure day withdrawn"
    RECORDS_REQUEST_DUE_RECOMPUTED = (
        "records_request.due_recomputed",
        "Request due date recomputed for a closure day",
    )
    PACKAGE_REQUESTED = "package.requested", "Disclosure package requested"
    PACKAGE_BUILD_STARTED = "package.build_started", "Package build started"
    PACKAGE_COMPLETED = "package.completed", "Package built"
    PACKAGE_FAILED = "package.failed", "Package build failed"
    PACKAGE_RETRIED = "package.retried", "Package build retried"
    PACKAGE_DOWNLOADED = "package.downloaded", "Package downloaded"
    PACKAGE_RELEASED = "package.released", "Package released to the requester"
    PACKAGE_ARCHIVE_COPY_MADE = (
        "package.archive_copy_made",
        "Public archive copy made (requester's name and contact withheld)",
    )


# Names written before the registry (decisions were logged in the imperative, e.g.
# "comment.remove"). Rows keep them; searches and labels translate them.
LEGACY_VERBS: dict[str, AuditVerb] = {
    "comment.keep": AuditVerb.COMMENT_KEPT,
    "comment.hide": AuditVerb.COMMENT_HIDDEN,
    "comment.remove": AuditVerb.COMMENT_REMOVED,
    "comment.restore": AuditVerb.COMMENT_RESTORED,
    "comment.escalate": AuditVerb.COMMENT_ESCALATED,
}


def current_verb(verb: str) -> str:
    """The registry's name for `verb` (itself, unless it is a legacy spelling)."""
    return str(LEGACY_VERBS.get(verb, verb))


def stored_verbs(verb: str) -> list[str]:
    """Every spelling rows of this event may carry: the current name and its legacy ones."""
    current = current_verb(verb)
    return [current, *(old for old, new in LEGACY_VERBS.items() if new == current)]


def verb_label(verb: str) -> str:
    """The event's label, for a current or legacy name; an unknown name is shown as it is."""
    current = current_verb(verb)
    if current in AuditVerb.values:
        return str(AuditVerb(current).label)
    return verb


# The groups the log's event filter shows, in order, and the thing (the part of a name before
# the dot) each group gathers. Every name's thing is in exactly one group (a test checks).
EVENT_GROUPS: dict[str, str] = {
    "staff": "Staff accounts and sign-in",
    "audit": "The audit log",
    "sites": "Sites and designations",
    "policy": "The policy and the Brown Act",
    "comments": "Comments and decisions",
    "bans": "Bans",
    "platform": "Carrying decisions out on the platforms",
    "flagging": "Flag rules and automatic flagging",
    "ingest": "Receiving comments from the platforms",
    "responses": "Answering the public",
    "records": "Records requests, redactions and holds",
    "packages": "Disclosure packages",
}
GROUP_OF_THING: dict[str, str] = {
    "auth": "staff",
    "mfa": "staff",
    "staff": "staff",
    "audit": "audit",
    "site": "sites",
    "designation": "sites",
    "policy_version": "policy",
    "legislative_body": "policy",
    "body_member": "policy",
    "brown_act": "policy",
    "comment": "comments",
    "account_note": "comments",
    "decision": "comments",
    "review_notification": "comments",
    "ban": "bans",
    "platform_action": "platform",
    "flag_rule": "flagging",
    "flags": "flagging",
    "learned_model": "flagging",
    "comments": "ingest",
    "subscribers": "ingest",
    "reactions": "ingest",
    "api_token": "ingest",
    "attachment": "ingest",
    "response_need": "responses",
    "reply": "responses",
    "saved_reply": "responses",
    "staff_directory": "responses",
    "platform_report": "responses",
    "posting_request": "responses",
    "records_request": "records",
    "letter_template": "records",
    "redaction": "records",
    "exemption": "records",
    "legal_hold": "records",
    "city_closure": "records",
    "package": "packages",
}
GROUP_PREFIX = "group:"


def verb_group(verb: str) -> str | None:
    """The group key of an event name (current or legacy), or None for an unknown thing."""
    return GROUP_OF_THING.get(current_verb(verb).partition(".")[0])


def group_verbs(group: str) -> list[str]:
    """Every stored spelling of every event in the group."""
    return [
        stored
        for verb in AuditVerb
        if verb_group(verb.value) == group
        for stored in stored_verbs(verb.value)
    ]


def event_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The event filter's options: one optgroup per group, opening with the whole group,
    then its events by label (a reader picks "Ban approved", never types ban.approved)."""
    choices = []
    for key, label in EVENT_GROUPS.items():
        verbs = sorted(
            (v for v in AuditVerb if verb_group(v.value) == key), key=lambda v: str(v.label)
        )
        choices.append(
            (
                label,
                [(GROUP_PREFIX + key, f"Any of: {label}")]
                + [(v.value, str(v.label)) for v in verbs],
            )
        )
    return choices
