"""The review queue holds every ban proposal, every escalation, every judgment-call hide or
removal and the drawn sample, on the supervisor's sites, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from moderation.bans.services import ban_approve, ban_reject
from tests.conftest import sign_in
from tests.factories import (
    DesignationFactory,
    PublicAccountFactory,
    SiteFactory,
    UserFactory,
)
from tests.moderation.bans.scene import decided_comment, propose

pytestmark = pytest.mark.django_db


def _fill(site, moderator, supervisor, n):
    """n of each kind: ban proposals, escalations, judgment calls, drawn keeps; plus the things
    that must stay out (an approved ban, an unsampled keep)."""
    made = {"bans": [], "escalations": [], "decisions": []}
    for i in range(n):
        comment, judgment = decided_comment(
            site, moderator, action="remove", category="discrimination"
        )
        made["decisions"].append(judgment)
        made["bans"].append(propose(moderator, site, comment, findings=f"Findings {i}"))
        escalated, _e = decided_comment(site, moderator, action="escalate", category="profanity")
        made["escalations"].append(escalated)
    return made


def test_the_queue_lists_bans_escalations_and_decisions(
    client, moderator, supervisor, admin, site, settings
):
    settings.REVIEW_SAMPLE_RATE = 0.0
    made = _fill(site, moderator, supervisor, 2)
    settings.REVIEW_SAMPLE_RATE = 1.0
    _c, drawn = decided_comment(site, moderator, action="keep", category="profanity")
    settings.REVIEW_SAMPLE_RATE = 0.0
    _c, not_drawn = decided_comment(site, moderator, action="keep", category="profanity")
    decided_ban = made["bans"].pop()
    ban_approve(ban=decided_ban, actor=supervisor, note="")
    third_site = SiteFactory(name="Stanton on YouTube", slug="youtube-main", platform="youtube")
    third_moderator = UserFactory(roles=["Moderator"])
    DesignationFactory(user=third_moderator, site=third_site, designated_by=admin)
    elsewhere, _d = decided_comment(third_site, third_moderator, action="remove")

    sign_in(client, supervisor)
    response = client.get(reverse("moderation:review_list"))
    queue = response.context["queue"]
    assert [b.pk for b in queue.bans] == [b.pk for b in made["bans"]]
    assert [c.pk for c in queue.escalations] == [c.pk for c in made["escalations"]]
    assert {d.pk for d in queue.decisions} == {d.pk for d in made["decisions"]} | {drawn.pk}
    assert queue.totals == {"bans": 1, "escalations": 2, "decisions": 3}
    html = response.content.decode()
    for ban in made["bans"]:
        detail = reverse("moderation:ban_detail", args=[ban.pk])
        assert f'href="{detail}">Ban #{ban.pk}: review the evidence<' in html
    # Bans are never decided from this list: no ban form here.
    assert reverse("moderation:ban_decide", args=[made["bans"][0].pk]) not in html
    assert f"Ban #{decided_ban.pk}:" not in html
    for comment in made["escalations"]:
        assert f'href="{reverse("moderation:comment_detail", args=[comment.pk])}"' in html
    assert "Cited under the policy." in html  # the escalation's rationale
    assert f"Comment {elsewhere.pk}<" not in html
    assert f"review-{not_drawn.pk}-note" not in html
    assert f'id="review-{drawn.pk}-category"' in html  # overturning a keep can name a category


@pytest.mark.parametrize("size", [2, 8])
def test_the_queue_keeps_a_constant_number_of_queries(
    client, moderator, supervisor, site, django_assert_max_num_queries, size, settings
):
    settings.REVIEW_SAMPLE_RATE = 0.0
    _fill(site, moderator, supervisor, size)
    sign_in(client, supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("moderation:review_list"))
    queue = response.context["queue"]
    assert len(queue.bans) == len(queue.escalations) == len(queue.decisions) == size


@pytest.mark.parametrize("size", [1, 8])
def test_the_ban_evidence_page_keeps_a_constant_number_of_queries(
    client, moderator, supervisor, site, settings, django_assert_max_num_queries, size
):
    """However long the account's record, the page that decides its ban is read in a fixed
    number of queries."""
    settings.REVIEW_SAMPLE_RATE = 0.0
    account = PublicAccountFactory(platform=site.platform)
    for _ in range(size):
        comment, _d = decided_comment(site, moderator, action="remove", account=account)
        ban_reject(ban=propose(moderator, site, comment), actor=supervisor, note="Not yet.")
    comment, _d = decided_comment(site, moderator, action="remove", account=account)
    ban = propose(moderator, site, comment)
    sign_in(client, supervisor)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("moderation:ban_detail", args=[ban.pk]))
    assert len(response.context["account_decisions"]) == size + 1
    assert len(response.context["account_bans"]) == size
