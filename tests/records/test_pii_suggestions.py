"""Redaction suggestions (issue 15): personal information of members of the public is
suggested; City staff in their official role (names, City mailboxes, public lines) and
legislative body members acting as such are not (Gov. Code 7922.000: the City bears the
burden for each redaction)."""

from __future__ import annotations

from types import SimpleNamespace

from moderation.responses.services import staff_directory_save
from records import pii
from tests.factories import CommentFactory, PublicAccountFactory


def kinds(found):
    return [(s.kind, s.text) for s in found]


def test_city_mailboxes_and_public_lines_are_not_suggested(db, admin):
    staff_directory_save(
        actor=admin,
        name="Dana Official",
        public_title="Parks Director",
        public_phone="(714) 379-9100",
        public_email="parks@example.net",
    )
    text = (
        "Email parks@example.net or clerk@stantonca.gov, call (714) 379-9100 or City Hall "
        "714-379-9222. My own: jo.resident@gmail.com, (562) 555-0199."
    )
    assert kinds(pii.detect(text)) == [
        ("email", "jo.resident@gmail.com"),
        ("phone", "(562) 555-0199"),
    ]


def test_the_member_of_the_public_is_suggested_by_name_but_staff_never(db, admin, clerk):
    staff_directory_save(actor=admin, name="Dana Official", public_title="Parks Director")
    text = f"Jo Neighbour complained to Dana Official and to {clerk.full_name}."
    found = pii.detect(text, public_names=("Jo Neighbour", "Dana Official", clerk.full_name))
    assert kinds(found) == [("name", "Jo Neighbour")]


def test_suggestions_for_a_decision_name_its_comments_author(db, site):
    author = PublicAccountFactory(display_name="Jo Neighbour", handle="jo_n")
    comment = CommentFactory(site=site, account=author)
    decision = SimpleNamespace(comment=comment)
    found = pii.suggestions_for("decision", decision, "rationale", "Jo Neighbour posted a threat")
    assert kinds(found) == [("name", "Jo Neighbour")]
    # A council member acting as such is an official: not suggested.
    author.is_legislative_body_member = True
    assert pii.suggestions_for("decision", decision, "rationale", "Jo Neighbour posted") == []
    # A platform id or the account's own name field is redacted whole if at all.
    assert pii.suggestions_for("comment", comment, "account_display_name", "Jo Neighbour") == []
