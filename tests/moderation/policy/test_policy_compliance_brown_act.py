"""Policy versions and /policy/, each site's compliance checklist, and the Brown Act monitor
(issue 14), through the HTTP surface and the services, with their audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.brownact.models import BrownActAlert
from moderation.brownact.services import body_member_add, brown_act_scan, legislative_body_save
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Comment, PolicyVersion, PublicAccount, Site
from moderation.policy.services import policy_version_add
from moderation.queue.services import comment_decide
from moderation.sites.compliance import site_compliance
from tests.conftest import sign_in
from tests.factories import CommentFactory, PostFactory, PublicAccountFactory

pytestmark = pytest.mark.django_db


# --- policy versions ---------------------------------------------------------------------
def test_admin_enters_versions_and_the_public_page_shows_the_one_in_force(admin, client):
    sign_in(client, admin)
    url = reverse("moderation:policy_version_list")
    client.post(
        url,
        {"label": "Adopted 2019", "effective_on": "2019-03-01", "text": "First text."},
    )
    client.post(
        url,
        {
            "label": "Revised 2025",
            "effective_on": "2025-07-01",
            "text": "Second text.",
            "describe_threat": "Threats of violence against anyone.",
        },
    )
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    client.post(url, {"label": "Next year", "effective_on": future, "text": "Not yet."})
    assert PolicyVersion.objects.count() == 3
    assert AuditEvent.objects.filter(verb=AuditVerb.POLICY_VERSION_ADDED).count() == 3
    client.logout()

    page = client.get(reverse("moderation:policy_public"))  # no sign-in
    assert page.status_code == 200
    html = page.content.decode()
    assert "Revised 2025" in html and "This is the version in force." in html
    assert "Second text." in html and "Not yet." not in html
    assert "Threats of violence against anyone." in html  # the version's own description
    assert "not the City" in html  # comments are the commenter's opinion
    first = PolicyVersion.objects.get(label="Adopted 2019")
    old = client.get(reverse("moderation:policy_public_version", args=[first.pk])).content.decode()
    assert "This is an earlier version" in old and "First text." in old


def test_a_decision_records_the_version_in_force(site, moderator, admin):
    policy_version_add(
        actor=admin, label="Adopted 2019", text="Text.", effective_on=dt.date(2019, 1, 1)
    )
    in_force = policy_version_add(
        actor=admin, label="Revised 2025", text="Text.", effective_on=dt.date(2025, 1, 1)
    )
    policy_version_add(
        actor=admin,
        label="Future",
        text="Text.",
        effective_on=timezone.localdate() + dt.timedelta(days=10),
    )
    comment = CommentFactory(site=site)
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="keep",
        categories=[],
        rationale="No violation.",
        seen_decision_id=0,
    )
    assert decision.policy_version == in_force


def test_an_unknown_category_description_is_refused(admin):
    with pytest.raises(Exception, match="Unknown policy categories"):
        policy_version_add(
            actor=admin,
            label="X",
            text="Text.",
            effective_on=dt.date(2020, 1, 1),
            category_descriptions={"not_a_category": "x"},
        )


# --- site compliance ---------------------------------------------------------------------
def test_a_non_compliant_site_shows_on_the_administrators_home_page(site, moderator, admin, client):
    checks = {c.name: c for c in site_compliance(site)}
    assert checks["Has designated staff"].ok  # the moderator
    assert not checks["Says it is maintained by the City"].ok
    sign_in(client, admin)
    home = client.get(reverse("home")).content.decode()
    assert "does not meet the policy" in home and site.name in home
    detail = client.get(reverse("moderation:site_detail", args=[site.slug])).content.decode()
    assert "Policy checklist" in detail


def test_a_compliant_site_is_not_listed(site, moderator, admin, client, monkeypatch):
    Site.objects.filter(pk=site.pk).update(
        says_city_maintained=True,
        policy_link_posted=True,
        links_to_city_website=True,
        terms_of_use_url="https://www.facebook.com/terms",
        platform="facebook",
    )
    monkeypatch.setenv("CONNECTOR_TOKEN_FACEBOOK_MAIN", "token")
    CommentFactory(site=site)
    site.refresh_from_db()
    assert all(c.ok for c in site_compliance(site)), [c for c in site_compliance(site) if not c.ok]
    sign_in(client, admin)
    assert site.name not in "".join(
        line
        for line in client.get(reverse("home")).content.decode().splitlines()
        if "does not meet" in line
    )


# --- the Brown Act monitor ---------------------------------------------------------------
@pytest.fixture
def council(admin, site):
    body = legislative_body_save(
        actor=admin, name="City Council", jurisdiction_terms="budget\nhousing\nparks"
    )
    members = []
    for n in range(5):
        account = PublicAccountFactory(platform=site.platform, handle=f"councilmember{n}")
        members.append(
            (
                body_member_add(
                    actor=admin,
                    body=body,
                    name=f"Member {n}",
                    seat=f"District {n}",
                    accounts=[account],
                ),
                account,
            )
        )
    return body, members


def test_a_member_replying_to_another_member_alerts_the_clerk(site, council, clerk, client):
    body, members = council
    (_, first), (_, second) = members[0], members[1]
    post = PostFactory(site=site, body="The draft budget is out for comment.")
    parent = CommentFactory(site=site, post=post, account=first, body="I support more for parks.")
    reply = CommentFactory(site=site, post=post, parent=parent, account=second, body="I agree")
    assert brown_act_scan(comment_ids=[parent.pk, reply.pk]) == 1
    alert = BrownActAlert.objects.get()
    assert alert.kind == BrownActAlert.Kind.MEMBER_REPLY and alert.comment == reply
    assert alert.members == ["Member 0", "Member 1"] and "“budget”" in alert.reason
    assert AuditEvent.objects.filter(verb=AuditVerb.LEGISLATIVE_BODY_SAVED).count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.BODY_MEMBER_ADDED).count() == 5
    assert AuditEvent.objects.filter(verb=AuditVerb.BROWN_ACT_ALERT_RAISED).count() == 1
    assert brown_act_scan(comment_ids=[reply.pk]) == 0  # a second run raises nothing new
    reply.refresh_from_db()
    assert reply.platform_state == "visible"  # nothing is removed

    sign_in(client, clerk)
    assert "1 Brown Act alert" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("moderation:brown_act_alerts")).content.decode()
    assert "A member replied to another member" in page and "I agree" in page
    client.post(
        reverse("moderation:brown_act_alert_close", args=[alert.pk]),
        {"note": "Referred to the City Attorney."},
    )
    alert.refresh_from_db()
    assert alert.state == "closed" and alert.closed_by == clerk
    assert AuditEvent.objects.filter(verb=AuditVerb.BROWN_ACT_ALERT_CLOSED, actor=clerk).exists()


def test_a_member_answering_the_public_or_off_topic_is_not_an_alert(site, council):
    body, members = council
    (_, member) = members[0]
    resident = PublicAccountFactory(platform=site.platform)
    post = PostFactory(site=site, body="Housing element workshop tonight.")
    question = CommentFactory(site=site, post=post, account=resident, body="Where is it?")
    answer = CommentFactory(
        site=site, post=post, parent=question, account=member, body="At City Hall."
    )
    # Off the body's matters: two members chatting about a football game.
    other_post = PostFactory(site=site, body="Go team! Great game last night.")
    a = CommentFactory(site=site, post=other_post, account=members[1][1], body="What a game")
    b = CommentFactory(site=site, post=other_post, parent=a, account=members[2][1], body="Yes!")
    assert brown_act_scan(comment_ids=[question.pk, answer.pk, a.pk, b.pk]) == 0


def test_a_majority_in_one_thread_alerts_once(site, council):
    body, members = council
    post = PostFactory(site=site, body="Parks master plan: tell us what you think.")
    comments = [
        CommentFactory(site=site, post=post, account=account, body=f"My view {n}.")
        for n, (_, account) in enumerate(members[:3])
    ]
    assert brown_act_scan(comment_ids=[c.pk for c in comments]) == 1
    alert = BrownActAlert.objects.get()
    assert alert.kind == BrownActAlert.Kind.MAJORITY and len(alert.members) == 3


def test_ingestion_runs_the_monitor(site, council):
    body, members = council
    first, second = members[0][1], members[1][1]
    post = PostFactory(site=site, external_id="p-budget", body="Budget hearing.")
    parent = CommentFactory(site=site, post=post, account=first, external_id="c-1", body="Budget")
    item = {
        "external_id": "c-2",
        "post": {"external_id": "p-budget", "body": "Budget hearing."},
        "parent_external_id": "c-1",
        "author": {"external_id": second.external_id, "handle": second.handle},
        "body": "Agreed, the budget needs it.",
        "posted_at": "2026-03-01T17:12:05Z",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        comments_ingest_batch(site=site, items=[item], source="api")
    reply = Comment.objects.get(site=site, external_id="c-2")
    assert reply.parent == parent
    assert BrownActAlert.objects.filter(comment=reply).exists()
    assert PublicAccount.objects.filter(pk=second.pk, is_legislative_body_member=True).exists()
