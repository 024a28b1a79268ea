"""Demo of answering the public for `manage.py seed_demo` (settings.DEMO_SEEDERS, after the
flagging demo): a staff directory and saved replies; an overdue question; a question whose
first reply was refused for a staff member's phone number and which was then answered; a
platform report on a removal; and a business's posting request, declined.

Everything goes through the real services. Idempotent: each piece is looked up first (by its
demo external id, name or title) and made only if it is not there.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from moderation.demo.queue import _account, _comment
from moderation.models import (
    CommentReply,
    Decision,
    DecisionAction,
    PlatformReport,
    Post,
    PostingRequest,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.responses.services import (
    ReplyRefused,
    platform_report_record,
    posting_request_decide,
    posting_request_log,
    reply_refusal_record,
    reply_send,
    response_needs_detect,
    saved_reply_save,
    staff_directory_save,
)
from stanton.calendar import is_business_day
from stanton.errors import ActionRefused

MODERATOR = "moderator@stanton.example"
SUPERVISOR = "supervisor@stanton.example"

DIRECTORY = (
    ("Jordan Whitlock", "Public Works Superintendent", "Public Works", "714-379-9201", ""),
    ("Priya Raman", "Parks and Recreation Manager", "Community Services", "714-379-9205", ""),
    ("Marcus Delgado", "Code Enforcement Officer", "Community Development", "", ""),
)
SAVED = (
    (
        "streets",
        "Pothole reported",
        "Thank you for letting us know. We have passed this to Public Works, who inspect "
        "reported potholes within two business days. You can follow up with Public Works at "
        "714-379-9201.",
    ),
    (
        "trash",
        "Missed trash pickup",
        "Sorry about the missed pickup. We have told the City's hauler; they collect missed "
        "carts within one business day. City Hall: 714-379-9222.",
    ),
    (
        "general",
        "Where to ask",
        "Thanks for your question. City Hall can help at 714-379-9222 or through the City "
        "website's contact form.",
    ),
)
# Not "demo-…": the queue demo counts the comments and posts under that prefix as its own.
OVERDUE_ID = "responses-demo-overdue"
ANSWERED_ID = "responses-demo-answered"
POST_ID = "responses-demo-post"
REFUSED_TEXT = (
    "Our superintendent Jordan Whitlock can tell you more; call him on his cell, (714) 555-0183."
)
FIXED_TEXT = (
    "Thank you for reporting it. The Public Works Superintendent has the streetlight on the "
    "repair list for this week; for updates call Public Works at 714-379-9201."
)


def _business_days_ago(days: int) -> dt.datetime:
    day = timezone.localdate()
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return dt.datetime.combine(day, dt.time(9, 15), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def seed_responses_demo(*, users, sites, stdout) -> None:
    moderator, supervisor = users.get(MODERATOR), users.get(SUPERVISOR)
    site = sites.get("facebook")
    if moderator is None or supervisor is None or site is None:
        return
    for name, title, department, phone, email in DIRECTORY:
        if not StaffDirectoryEntry.objects.filter(name=name).exists():
            staff_directory_save(
                actor=supervisor,
                name=name,
                public_title=title,
                department=department,
                public_phone=phone,
                public_email=email,
            )
    for topic, title, text in SAVED:
        if not SavedReply.objects.filter(title=title).exists():
            saved_reply_save(actor=supervisor, topic=topic, title=title, text=text)

    body = "Public Works crews are out on Katella Avenue this month resurfacing the road."
    post, _ = Post.objects.get_or_create(
        site=site,
        external_id=POST_ID,
        defaults={
            "body": body,
            "posted_at": _business_days_ago(6),
            "raw_payload": {"id": POST_ID, "message": body},
        },
    )
    overdue = _comment(
        site=site,
        post=post,
        account=_account(site.platform, "resp-1", "lupe.h", "Lupe H."),
        external_id=OVERDUE_ID,
        body="when will they fix the big pothole on Pacific st near the school?? its been there "
        "since september",
        posted_at=_business_days_ago(5),
    )
    answered = _comment(
        site=site,
        post=post,
        account=_account(site.platform, "resp-2", "tran.v", "Tran V."),
        external_id=ANSWERED_ID,
        body="STREETLIGHT ON CEDAR AND KATELLA IS OUT AGAIN who do i call",
        posted_at=_business_days_ago(1),
    )
    response_needs_detect(comment_ids=[overdue.pk, answered.pk])

    if not CommentReply.objects.filter(comment=answered, state=CommentReply.State.SENT).exists():
        try:
            reply_send(comment=answered, actor=moderator, text=REFUSED_TEXT)
        except ReplyRefused as refusal:
            reply_refusal_record(comment=answered, actor=moderator, refusal=refusal)
            stdout.write(f"Responses demo: first reply refused ({refusal}).")
        reply_send(comment=answered, actor=moderator, text=FIXED_TEXT)

    removal = (
        Decision.objects.filter(actor=moderator, action=DecisionAction.REMOVE, comment__site=site)
        .order_by("decided_at", "id")
        .first()
    )
    if removal is not None and not PlatformReport.objects.filter(decision=removal).exists():
        try:
            platform_report_record(
                decision=removal,
                actor=moderator,
                reported_at=min(removal.decided_at + dt.timedelta(minutes=4), timezone.now()),
                platform_reference="FB-DEMO-20417",
                note="Reported under the platform's harassment rules.",
            )
        except ActionRefused as exc:
            stdout.write(f"Platform report demo skipped: {exc}")

    name = "Katella Auto Detailing"
    if not PostingRequest.objects.filter(requester_name=name).exists():
        row = posting_request_log(
            actor=moderator,
            requester_type=PostingRequest.RequesterType.BUSINESS,
            requester_name=name,
            requester_contact="owner@katella-detailing.example",
            content="Grand opening special: 30% off full details for Stanton residents! "
            "Please share on the City's page.",
            received_on=timezone.localdate() - dt.timedelta(days=3),
            site=site,
        )
        posting_request_decide(
            posting_request=row,
            actor=supervisor,
            decision=PostingRequest.Decision.DECLINE,
            reason="An outside business: the policy does not let the City post for it.",
            reply_text="Thank you for thinking of the City. Our pages carry City information "
            "only, so we cannot share business promotions. Congratulations on your opening.",
        )
    stdout.write(
        "Responses demo: an overdue question, a reply refused for a staff phone number and "
        "then sent, a declined business posting request."
    )
