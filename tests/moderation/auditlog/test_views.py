"""The audit log page, its filters, keyset pages, chain status and verification, and the
comment history page with field-by-field differences."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.services import audit_record
from moderation.bans.services import ban_approve
from tests.conftest import sign_in
from tests.factories import SiteFactory
from tests.moderation.bans.scene import decided_comment, propose, removed_comment

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def rows_in(html: str) -> int:
    return html.count('<th scope="row" data-label="Event">')


def shown_events(html: str) -> set[str]:
    """The "What happened" cell of every row: the event's label (or an unregistered name)."""
    return set(re.findall(r'<td data-label="What happened">([^<]*)', html))


def test_supervisor_sees_decisions_and_bans_with_links(client, moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    ban = propose(moderator, site, comment)
    sign_in(client, supervisor)
    response = client.get(reverse("moderation:audit_log"))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_events(html) >= {AuditVerb.COMMENT_REMOVED.label, AuditVerb.BAN_PROPOSED.label}
    assert reverse("moderation:comment_history", args=[comment.pk]) in html
    assert reverse("moderation:ban_detail", args=[ban.pk]) in html
    assert 'data-label="Categories">Discrimination against a protected group</td>' in html


def test_supervisor_sees_only_their_sites_admin_sees_all(
    client, supervisor, admin, moderator, site
):
    elsewhere = SiteFactory(name="Not designated")
    with transaction.atomic():
        audit_record(
            actor=None, verb="test.elsewhere", target_type="x", target_id=1, site_id=elsewhere.pk
        )
        audit_record(actor=None, verb="test.sitewide", target_type="x", target_id=2)
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert not shown_events(html) & {"test.elsewhere", "test.sitewide"}
    client.logout()
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert shown_events(html) >= {"test.elsewhere", "test.sitewide"}


def test_filters_actor_verb_category_site_and_dates(
    client, moderator, supervisor, site, other_site, admin
):
    # Two City days ahead (designations run from today with no end).
    today = timezone.localdate()
    d1, d2 = today + timedelta(days=2), today + timedelta(days=5)
    day1 = timezone.make_aware(datetime.combine(d1, datetime.min.time()) + timedelta(hours=10))
    day2 = timezone.make_aware(datetime.combine(d2, datetime.min.time()) + timedelta(hours=10))
    with time_machine.travel(day1, tick=False):
        comment = removed_comment(site)
        ban = propose(moderator, site, comment, categories=["profanity"])
    with time_machine.travel(day2, tick=False):
        ban_approve(ban=ban, actor=supervisor, note="")
        with transaction.atomic():
            audit_record(
                actor=supervisor,
                verb="test.other_site",
                target_type="x",
                target_id=1,
                site_id=other_site.pk,
                data={"categories": ["threat"]},
            )
    sign_in(client, supervisor)
    url = reverse("moderation:audit_log")

    def verbs(**params):
        html = client.get(url, params).content.decode()
        return {
            v
            for v in (AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED, "test.other_site")
            if (v.label if isinstance(v, AuditVerb) else v) in shown_events(html)
        }

    assert verbs() == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED, "test.other_site"}
    assert verbs(actor=moderator.pk) == {AuditVerb.BAN_PROPOSED}
    assert verbs(verb="ban.") == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED}
    assert verbs(verb="ban") == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED}
    assert verbs(verb="group:bans") == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED}
    assert verbs(target_type="moderation.ban") == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED}
    assert verbs(target_type="x") == set()  # not a kind of object: the form refuses it
    assert verbs(verb=AuditVerb.BAN_APPROVED) == {AuditVerb.BAN_APPROVED}
    assert verbs(category="threat") == {"test.other_site"}
    assert verbs(category="profanity") == {AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED}
    assert verbs(site=other_site.pk) == {"test.other_site"}
    assert verbs(date_from=(d1 + timedelta(days=1)).isoformat()) == {
        AuditVerb.BAN_APPROVED,
        "test.other_site",
    }
    assert verbs(date_to=d1.isoformat()) == {AuditVerb.BAN_PROPOSED}
    assert verbs(date_from=d1.isoformat(), date_to=d1.isoformat(), verb="ban.") == {
        AuditVerb.BAN_PROPOSED
    }


def test_keyset_pages_walk_the_whole_log(client, supervisor, site):
    with transaction.atomic():
        for n in range(120):
            audit_record(
                actor=None, verb=f"test.n{n:03d}", target_type="x", target_id=n, site_id=site.pk
            )
    sign_in(client, supervisor)
    url = reverse("moderation:audit_log")
    seen, params = 0, {}
    for _ in range(5):
        response = client.get(url, params)
        html = response.content.decode()
        seen += rows_in(html)
        if response.context["next_before"] is None:
            break
        params = {"before": response.context["next_before"]}
    assert seen == 120
    assert "test.n000" in html and "test.n119" not in html


@pytest.mark.parametrize("per_page", [50, 200])
def test_log_query_count_is_constant(
    client, moderator, supervisor, site, per_page, django_assert_max_num_queries
):
    for _ in range(3):
        comment, _decision = decided_comment(site, moderator, action="remove")
        propose(moderator, site, comment)
    with transaction.atomic():
        for _ in range(per_page):
            audit_record(
                actor=moderator,
                verb="test.bulk",
                target_type="moderation.comment",
                target_id=comment.pk,
                site_id=site.pk,
                data={"categories": ["threat"]},
            )
    sign_in(client, supervisor)
    # session, user, groups, the page, sites, categories, the chain status, the filter's choices
    # and one query per kind of object on the page (here comments): whatever the page size.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("moderation:audit_log"), {"per_page": per_page})
    assert rows_in(response.content.decode()) == per_page


def test_chain_status_and_verification(
    client, moderator, supervisor, site, django_capture_on_commit_callbacks
):
    propose(moderator, site, removed_comment(site))
    sign_in(client, supervisor)
    url = reverse("moderation:audit_log")
    html = client.get(url).content.decode()
    assert "has not been verified" in html
    assert client.get(reverse("moderation:audit_verify")).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:audit_verify"))
    assert response.status_code == 302
    check = AuditEvent.objects.get(verb=AuditVerb.AUDIT_VERIFIED)
    assert check.actor == supervisor
    assert check.data["intact"] is True and check.data["checked"] == check.seq - 1
    html = client.get(url).content.decode()
    assert f"<strong>intact</strong>, {check.data['checked']} event" in html


def test_audit_page_is_for_supervisors_and_administrators(client, moderator, clerk):
    for user in (moderator, clerk):
        sign_in(client, user)
        assert client.get(reverse("moderation:audit_log")).status_code == 403
        assert client.post(reverse("moderation:audit_verify")).status_code == 403
        client.logout()


def test_audit_page_renders_hostile_text_inert(client, moderator, supervisor, site):
    comment = removed_comment(site, body=f"{SCRIPT}{IMG}")
    propose(moderator, site, comment, findings=f"Findings {SCRIPT} {IMG}")
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- a comment's history -----------------------------------------------------------------------
def test_comment_history_shows_diffs_decisions_flags_and_is_escaped(
    client, moderator, supervisor, site
):
    comment, decision = decided_comment(
        site, moderator, action="remove", body=f"Hostile {SCRIPT} {IMG}"
    )
    sign_in(client, supervisor)
    response = client.get(reverse("moderation:comment_history", args=[comment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The removal changed platform_state from visible to removed: shown as a field diff, by
    # the field's label and the choices' labels, never the column's name or stored value.
    assert "<strong>Platform state</strong>" in html
    assert "<del><bdi>Visible</bdi></del>" in html and "<ins><bdi>Removed</bdi></ins>" in html
    assert "<strong>platform_state</strong>" not in html
    assert f"#{decision.pk} Remove" in html
    assert "Cited under the policy." in html
    assert AuditVerb.COMMENT_REMOVED.label in shown_events(html)
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_comment_history_access(client, moderator, other_moderator, admin, supervisor, site):
    comment = removed_comment(site)
    url = reverse("moderation:comment_history", args=[comment.pk])
    sign_in(client, moderator)
    assert client.get(url).status_code == 403
    client.logout()
    sign_in(client, admin)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    assert (
        client.get(reverse("moderation:comment_history", args=[comment.pk + 999])).status_code
        == 404
    )


def test_supervisor_not_designated_for_the_site_cannot_read_its_history(client, supervisor, admin):
    # 404, as on every comment page: a site you are not designated for shows no comment at all.
    elsewhere = SiteFactory()
    comment = removed_comment(elsewhere)
    sign_in(client, supervisor)
    url = reverse("moderation:comment_history", args=[comment.pk])
    assert client.get(url).status_code == 404


def test_history_dates_are_ordered_newest_first(client, moderator, supervisor, site):
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        comment = removed_comment(site)
    sign_in(client, supervisor)
    response = client.get(reverse("moderation:comment_history", args=[comment.pk]))
    entries = response.context["entries"]
    dates = [e.record.history_date for e in entries]
    assert dates == sorted(dates, reverse=True)
