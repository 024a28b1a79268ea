"""Arranging scenes for the responses tests."""

from __future__ import annotations

from moderation.models import StaffDirectoryEntry
from moderation.responses.services import response_needs_detect
from tests.moderation.queue.support import make_comment

STAFF_PHONE = "(714) 555-0147"
PUBLIC_LINE = "714-379-9201"


def directory(db=None):
    return StaffDirectoryEntry.objects.create(
        name="Dana Whitfield",
        public_title="Public Works Superintendent",
        department="Public Works",
        public_phone=PUBLIC_LINE,
        public_email="publicworks@stantonca.gov",
    )


def question(site, body="When will the pothole on Cedar Street be fixed?", *, posted_at=None):
    comment = make_comment(site, body)
    if posted_at is not None:
        comment.posted_at = posted_at
        comment.save(update_fields=["posted_at"])
    response_needs_detect(comment_ids=[comment.pk])
    comment.refresh_from_db()
    return comment
