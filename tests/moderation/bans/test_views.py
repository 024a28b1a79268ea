"""Ban pages: list, propose, detail, decide, lift — they work, refuse the wrong method, check
access, keep a constant number of queries, and render hostile text inert."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.bans.forms import evidence_seen_token
from moderation.bans.services import ban_approve, ban_reject
from moderation.models import Ban, BanState
from tests.conftest import sign_in
from tests.factories import DesignationFactory, PublicAccountFactory, UserFactory
from tests.moderation.bans.scene import decided_comment, propose, removed_comment

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def assert_inert(html: str) -> None:
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- list ------------------------------------------------------------------------------------
def test_list_shows_bans_on_the_users_sites_only(client, moderator, other_moderator, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, moderator)
    response = client.get(reverse("moderation:ban_list"))
    assert response.status_code == 200
    assert f"Ban #{ban.pk}" in response.content.decode()
    assert "Approve ban" not in response.content.decode()  # moderators do not decide

    client.logout()
    sign_in(client, other_moderator)
    response = client.get(reverse("moderation:ban_list"))
    assert response.status_code == 200
    assert f"Ban #{ban.pk}" not in response.content.decode()


def test_list_filters_by_state_and_account(client, moderator, supervisor, site):
    first = propose(moderator, site, removed_comment(site))
    second_account = PublicAccountFactory(platform=site.platform, handle="loudneighbour")
    second = propose(moderator, site, removed_comment(site, account=second_account))
    ban_approve(ban=second, actor=supervisor, note="")
    sign_in(client, moderator)

    html = client.get(reverse("moderation:ban_list"), {"state": "active"}).content.decode()
    assert f"Ban #{second.pk}<" in html and f"Ban #{first.pk}<" not in html
    html = client.get(reverse("moderation:ban_list"), {"account": "loudneigh"}).content.decode()
    assert f"Ban #{second.pk}<" in html and f"Ban #{first.pk}<" not in html
    html = client.get(reverse("moderation:ban_list"), {"state": "proposed"}).content.decode()
    assert f"Ban #{first.pk}<" in html and f"Ban #{second.pk}<" not in html


def test_the_list_has_no_approve_button_only_a_link_to_the_evidence(
    client, moderator, supervisor, site
):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:ban_list")).content.decode()
    assert reverse("moderation:ban_decide", args=[ban.pk]) not in html
    assert f"Approve ban #{ban.pk}" not in html and 'value="approve"' not in html
    detail = reverse("moderation:ban_detail", args=[ban.pk])
    assert f'href="{detail}">Review the evidence to approve or reject ban #{ban.pk}<' in html


def test_the_evidence_page_shows_findings_evidence_and_history_before_the_buttons(
    client, moderator, supervisor, site
):
    account = PublicAccountFactory(platform=site.platform, handle="repeatposter")
    earlier_comment, earlier = decided_comment(
        site, moderator, account=account, category="threat", body=f"Earlier {SCRIPT}"
    )
    earlier_ban = propose(moderator, site, earlier_comment, findings="The first time.")
    ban_reject(ban=earlier_ban, actor=supervisor, note="Not yet a pattern.")
    evidence = removed_comment(site, account=account, body=f"Cited {IMG}")
    ban = propose(moderator, site, evidence, findings=f"Findings {SCRIPT}")
    sign_in(client, supervisor)

    html = client.get(reverse("moderation:ban_detail", args=[ban.pk])).content.decode()
    assert_inert(html)
    button = html.index(f"Approve ban #{ban.pk}")
    assert f'action="{reverse("moderation:ban_decide", args=[ban.pk])}"' in html
    for shown in (
        "Findings &lt;script&gt;",  # the findings
        "Cited &lt;img",  # the cited comment, escaped
        f"#{earlier.pk} Remove",  # the account's earlier decision
        "Earlier &lt;script&gt;",
        f"Ban #{earlier_ban.pk}</a>",  # and its earlier ban
        "Rejected",
    ):
        assert shown in html, shown
        assert html.index(shown) < button, f"{shown} comes after the buttons"


def test_supervisor_approves_from_the_evidence_page(client, moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, supervisor)
    detail = reverse("moderation:ban_detail", args=[ban.pk])
    html = client.get(detail).content.decode()
    assert f'for="ban-{ban.pk}-note"' in html  # the note is labelled
    token = re.search(r'name="evidence_seen" value="([^"]+)"', html).group(1)

    response = client.post(
        reverse("moderation:ban_decide", args=[ban.pk]),
        {"decision": "approve", "note": "Agreed.", "next": detail, "evidence_seen": token},
    )
    assert response.status_code == 302 and response["Location"] == detail
    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE and ban.decided_by == supervisor
    assert AuditEvent.objects.filter(verb=AuditVerb.BAN_APPROVED, actor=supervisor).exists()


@pytest.mark.parametrize("token", ["", "forged", "other-ban", "other-user"])
def test_approving_without_the_evidence_page_is_refused(
    client, moderator, supervisor, site, admin, token
):
    ban = propose(moderator, site, removed_comment(site))
    other = propose(moderator, site, removed_comment(site))
    second = UserFactory(roles=["Supervisor"])
    DesignationFactory(user=second, site=site, designated_by=admin)
    value = {
        "": "",
        "forged": "eyJiYW4iOjF9:forged",
        "other-ban": evidence_seen_token(ban_id=other.pk, user_id=supervisor.pk),
        "other-user": evidence_seen_token(ban_id=ban.pk, user_id=second.pk),
    }[token]
    sign_in(client, supervisor)
    response = client.post(
        reverse("moderation:ban_decide", args=[ban.pk]),
        {"decision": "approve", "next": reverse("moderation:ban_list"), "evidence_seen": value},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:ban_detail", args=[ban.pk])
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED
    assert not AuditEvent.objects.filter(verb=AuditVerb.BAN_APPROVED).exists()
    html = client.get(response["Location"]).content.decode()
    assert "read the findings, the evidence and the account" in html


@pytest.mark.parametrize("size", [5, 20])
def test_list_query_count_is_constant(client, moderator, site, django_assert_max_num_queries, size):
    for _ in range(size):
        propose(moderator, site, removed_comment(site), scope="platform")
    sign_in(client, moderator)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("moderation:ban_list"), {"per_page": 25})
    assert response.status_code == 200
    assert response.content.decode().count("Ban #") == size


def test_list_rejects_post(client, moderator):
    sign_in(client, moderator)
    assert client.post(reverse("moderation:ban_list")).status_code == 405


# --- propose ---------------------------------------------------------------------------------
def test_propose_page_prefills_from_a_comment_and_creates_the_ban(client, moderator, site):
    comment = removed_comment(site)
    sign_in(client, moderator)
    url = reverse("moderation:ban_propose")
    response = client.get(url, {"account": comment.account_id, "comment": comment.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{comment.pk}"' in html and "checked" in html

    response = client.post(
        f"{url}?account={comment.account_id}",
        {
            "site": site.pk,
            "scope": "site",
            "categories": ["threat"],
            "findings": "Threatened staff twice.",
            "evidence": [comment.pk],
            "duration": "14",
        },
    )
    ban = Ban.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:ban_detail", args=[ban.pk])
    assert ban.duration_days == 14 and ban.proposed_by == moderator
    assert AuditEvent.objects.filter(verb=AuditVerb.BAN_PROPOSED, target_id=str(ban.pk)).exists()


def test_propose_indefinite(client, moderator, site):
    comment = removed_comment(site)
    sign_in(client, moderator)
    client.post(
        f"{reverse('moderation:ban_propose')}?account={comment.account_id}",
        {
            "site": site.pk,
            "scope": "site",
            "categories": ["threat"],
            "findings": "x",
            "evidence": [comment.pk],
            "duration": "indefinite",
        },
    )
    assert Ban.objects.get().duration_days is None


def test_propose_form_says_what_is_missing_and_saves_nothing(client, moderator, site):
    comment = removed_comment(site)
    sign_in(client, moderator)
    response = client.post(
        f"{reverse('moderation:ban_propose')}?account={comment.account_id}",
        {"site": site.pk, "scope": "site", "findings": "", "duration": "7"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose at least one policy category." in html
    assert "Write the findings." in html
    assert "Choose at least one removed comment as evidence." in html
    assert not Ban.objects.exists()


def test_propose_shows_the_services_refusal(client, moderator, site):
    comment = removed_comment(site)
    propose(moderator, site, comment)
    sign_in(client, moderator)
    response = client.post(
        f"{reverse('moderation:ban_propose')}?account={comment.account_id}",
        {
            "site": site.pk,
            "scope": "site",
            "categories": ["threat"],
            "findings": "Again.",
            "evidence": [comment.pk],
            "duration": "7",
        },
    )
    assert response.status_code == 200
    assert "already has a ban that is proposed" in response.content.decode()
    assert Ban.objects.count() == 1


def test_propose_for_an_account_not_on_your_sites_is_404(client, other_moderator, site):
    comment = removed_comment(site)
    sign_in(client, other_moderator)
    response = client.get(reverse("moderation:ban_propose"), {"account": comment.account_id})
    assert response.status_code == 404


def test_propose_starts_from_a_list_of_accounts(client, moderator, site):
    comment = removed_comment(site)
    sign_in(client, moderator)
    response = client.get(reverse("moderation:ban_propose"))
    assert response.status_code == 200
    assert f"?account={comment.account_id}" in response.content.decode()


# --- detail, decide, lift ----------------------------------------------------------------------
def test_detail_shows_findings_evidence_history_and_audit(client, moderator, supervisor, site):
    ban = propose(
        moderator,
        site,
        removed_comment(site, body="Evidence text here"),
        findings="Findings text here",
    )
    ban_approve(ban=ban, actor=supervisor, note="Approved after review.")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:ban_detail", args=[ban.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Findings text here",
        "Evidence text here",
        "Approved after review.",
        str(AuditVerb.BAN_PROPOSED.label),
        str(AuditVerb.BAN_APPROVED.label),
        "Ban account",
        "Sue Supervisor",
        "Mo Moderator",
    ):
        assert text in html, text
    assert "Lift ban" not in html  # moderators do not lift


def test_detail_rejects_post_and_unknown_ban(client, moderator, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, moderator)
    assert client.post(reverse("moderation:ban_detail", args=[ban.pk])).status_code == 405
    assert client.get(reverse("moderation:ban_detail", args=[ban.pk + 1000])).status_code == 404


def test_moderator_cannot_decide(client, moderator, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, moderator)
    response = client.post(reverse("moderation:ban_decide", args=[ban.pk]), {"decision": "approve"})
    assert response.status_code == 403
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED


def test_decide_is_post_only(client, supervisor, moderator, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, supervisor)
    assert client.get(reverse("moderation:ban_decide", args=[ban.pk])).status_code == 405


def test_reject_without_a_note_is_refused_with_a_message(client, moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    sign_in(client, supervisor)
    seen = evidence_seen_token(ban_id=ban.pk, user_id=supervisor.pk)
    response = client.post(
        reverse("moderation:ban_decide", args=[ban.pk]),
        {"decision": "reject", "note": "", "evidence_seen": seen},
        follow=True,
    )
    assert "Write a note saying why the ban is rejected." in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED
    response = client.post(
        reverse("moderation:ban_decide", args=[ban.pk]),
        {"decision": "reject", "note": "Not a pattern.", "evidence_seen": seen},
    )
    ban.refresh_from_db()
    assert ban.state == BanState.REJECTED


def test_supervisor_cannot_approve_their_own_proposal_from_the_page(client, supervisor, site):
    ban = propose(supervisor, site, removed_comment(site))
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:ban_detail", args=[ban.pk])).content.decode()
    assert "Approve ban" not in html
    # Even with the page's token (a supervisor is shown the evidence), the service refuses.
    seen = evidence_seen_token(ban_id=ban.pk, user_id=supervisor.pk)
    response = client.post(
        reverse("moderation:ban_decide", args=[ban.pk]),
        {"decision": "approve", "evidence_seen": seen},
        follow=True,
    )
    assert "another supervisor must approve" in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED


def test_lift_from_the_detail_page(client, moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    ban_approve(ban=ban, actor=supervisor, note="")
    sign_in(client, supervisor)
    url = reverse("moderation:ban_lift", args=[ban.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Give the reason for lifting the ban early." in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE
    response = client.post(url, {"reason": "Apologised."})
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.state == BanState.LIFTED
    assert AuditEvent.objects.filter(verb=AuditVerb.BAN_LIFTED).exists()


def test_moderator_cannot_lift(client, moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    ban_approve(ban=ban, actor=supervisor, note="")
    sign_in(client, moderator)
    assert (
        client.post(reverse("moderation:ban_lift", args=[ban.pk]), {"reason": "x"}).status_code
        == 403
    )
    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE


# --- hostile text ------------------------------------------------------------------------------
def test_findings_and_evidence_render_inert(client, moderator, supervisor, site):
    account = PublicAccountFactory(platform=site.platform, handle=IMG, display_name=SCRIPT)
    comment = removed_comment(site, account=account, body=f"{SCRIPT} and {IMG}")
    ban = propose(moderator, site, comment, findings=f"Findings {SCRIPT} {IMG}")
    sign_in(client, supervisor)
    for url in (
        reverse("moderation:ban_detail", args=[ban.pk]),
        reverse("moderation:ban_list"),
        f"{reverse('moderation:ban_propose')}?account={account.pk}",
        reverse("moderation:ban_propose"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
