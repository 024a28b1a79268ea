"""Rationales are what a person wrote or accepted: templates are filled in or not offered, a
keep never carries a violation template, a blank left in a rationale is refused by the
service, escalating needs a reason, and the record says where the rationale came from (the
decision, its audit event, the comment history and the disclosure package)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, PolicyCategory, RationaleSource
from moderation.queue.rationale import KEEP_RATIONALE, fill_template, unfilled_blank
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.moderation.queue.support import flag, flagged_comment

pytestmark = pytest.mark.django_db

PROFANITY_FILLED = "The comment contains profane or obscene language: “damn”."


def decide(comment, actor, action, categories=(), rationale="", **kw):
    return comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=list(categories),
        rationale=rationale,
        **kw,
    )


def audit_for(decision):
    return AuditEvent.objects.filter(data__decision_id=decision.pk).get()


def test_fill_template_fills_every_blank_or_offers_nothing():
    assert fill_template("Quote: “{evidence}”.", {"evidence": "damn"}) == "Quote: “damn”."
    assert fill_template("Unlawful: {details}.", {"evidence": "damn"}) is None
    assert fill_template("No blanks.", {}) == "No blanks."
    assert fill_template("{evidence!r}", {"evidence": "x"}) is None  # not a format program
    assert unfilled_blank("It says “[evidence]”.").text == "[evidence]"
    assert unfilled_blank("It says {details}").text == "{details}"
    assert unfilled_blank("The author wrote [sic] twice.") is None


def test_detail_offers_the_filled_template_and_preselects_the_category(client, site, moderator):
    comment = flagged_comment(site, "This is damn annoying")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:comment_detail", args=[comment.pk]))
    form = response.context["form"]
    assert form.initial["categories"] == ["profanity"]
    assert form.initial["rationale"] == PROFANITY_FILLED
    assert form.initial["rationale_started_from"] == "profanity"
    templates = {t["code"]: t["text"] for t in response.context["templates"]}
    html = response.content.decode()
    # No template with a blank reaches the page: filled in, or not offered at all.
    assert "[evidence]" not in html and "{evidence}" not in html and "{details}" not in html
    assert "illegal_conduct" not in templates  # its {details} only a person can give
    assert "threat" not in templates  # its {evidence} has no threat flag to quote
    assert templates["sexual"].startswith("The comment contains sexual content")
    assert templates["keep"] == KEEP_RATIONALE


def test_unedited_template_is_marked_on_the_record(site, moderator):
    comment = flagged_comment(site)
    decision = decide(
        comment, moderator, "remove", ["profanity"], PROFANITY_FILLED, rationale_started_from="x"
    )
    assert decision.rationale_source == RationaleSource.TEMPLATE
    event = audit_for(decision)
    assert event.verb == AuditVerb.COMMENT_REMOVED
    assert event.data["rationale_source"] == "template"


def test_edited_template_and_own_words_are_told_apart(site, moderator):
    edited = decide(
        flagged_comment(site),
        moderator,
        "remove",
        ["profanity"],
        "The comment contains profane language aimed at a neighbour: “damn”.",
        rationale_started_from="profanity",
    )
    assert edited.rationale_source == RationaleSource.TEMPLATE_EDITED
    written = decide(
        flagged_comment(site),
        moderator,
        "remove",
        ["profanity"],
        "Swearing at another resident.",
        rationale_started_from="profanity",
    )
    assert written.rationale_source == RationaleSource.WRITTEN
    assert audit_for(written).data["rationale_source"] == "written"
    kept = decide(flagged_comment(site), moderator, "keep")
    assert kept.rationale_source == RationaleSource.NONE


@pytest.mark.parametrize(
    "rationale",
    [
        "The comment contains profane or obscene language: “[evidence]”.",
        "The comment contains profane or obscene language: “{evidence}”.",
        "Unlawful conduct: [details].",
    ],
)
def test_service_refuses_a_rationale_with_a_blank(site, moderator, rationale):
    comment = flagged_comment(site)
    with pytest.raises(ActionRefused, match="blank to fill in"):
        decide(comment, moderator, "remove", ["profanity"], rationale)
    assert not Decision.objects.filter(comment=comment).exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REMOVED).exists()


def test_the_view_refuses_a_blank_too(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {"action": "remove", "categories": ["profanity"], "rationale": "Says “[evidence]”."},
    )
    assert response.status_code == 400
    assert "blank to fill in" in response.content.decode()
    assert not Decision.objects.exists()


def test_service_refuses_a_violation_template_on_a_keep(site, moderator):
    comment = flagged_comment(site)
    with pytest.raises(ActionRefused, match="A keep cannot carry"):
        decide(comment, moderator, "keep", [], PROFANITY_FILLED)
    assert not Decision.objects.exists()


def test_keep_from_the_prefilled_form_gets_the_keeps_own_wording(client, site, moderator):
    """Pressing keep (e) on the form as it opened: the violation template it was prefilled
    with is not what the keep records, nor the category ticked for a removal."""
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {
            "action": "keep",
            "categories": ["profanity"],
            "rationale": PROFANITY_FILLED,
            "rationale_started_from": "profanity",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(comment=comment)
    assert decision.action == "keep"
    assert decision.rationale == KEEP_RATIONALE
    assert decision.rationale_source == RationaleSource.TEMPLATE
    assert not decision.categories.exists()
    event = audit_for(decision)
    assert event.verb == AuditVerb.COMMENT_KEPT
    assert event.data["rationale"] == KEEP_RATIONALE and event.data["categories"] == []


def test_keep_with_own_words_keeps_them(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {"action": "keep", "rationale": "Mild, and about the road works.", "categories": []},
    )
    decision = Decision.objects.get(comment=comment)
    assert decision.rationale == "Mild, and about the road works."
    assert decision.rationale_source == RationaleSource.WRITTEN


def test_escalate_needs_a_reason_not_a_template(client, site, moderator):
    comment = flagged_comment(site)
    with pytest.raises(ActionRefused, match="Write a rationale"):
        decide(comment, moderator, "escalate", [], "")
    with pytest.raises(ActionRefused, match="why a supervisor should decide"):
        decide(comment, moderator, "escalate", [], PROFANITY_FILLED)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {"action": "escalate", "rationale": PROFANITY_FILLED, "categories": []},
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()
    decision = decide(comment, moderator, "escalate", [], "Could be a quote from a song.")
    assert decision.rationale_source == RationaleSource.WRITTEN
    assert audit_for(decision).verb == AuditVerb.COMMENT_ESCALATED


def test_a_template_edited_in_the_portal_with_a_new_blank_is_checked(site, moderator):
    category = PolicyCategory.objects.get(code="sexual")
    category.rationale_template = "Sexual content: {where_it_links}."
    category.save()
    comment = flagged_comment(site)
    with pytest.raises(ActionRefused, match="blank"):
        decide(comment, moderator, "remove", ["sexual"], "Sexual content: [where_it_links].")


def test_comment_history_and_package_show_the_source(
    client, site, moderator, supervisor, clerk, settings, tmp_path
):
    import json
    import zipfile

    from django.test import TestCase

    from records import services
    from records.selectors.search import SearchCriteria
    from tests.records.scene import make_request

    settings.MEDIA_ROOT = str(tmp_path)
    comment = flagged_comment(site)
    decision = decide(comment, moderator, "remove", ["profanity"], PROFANITY_FILLED)
    sign_in(client, supervisor)
    response = client.get(reverse("moderation:comment_history", args=[comment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-rationale-source="template"' in html
    assert "Category template, accepted unedited" in html
    log = client.get(reverse("moderation:audit_log")).content.decode()
    assert "<dt>Where the rationale came from</dt>" in log
    assert "<dd><bdi>Category template, accepted unedited</bdi></dd>" in log

    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=1,
    )
    request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    with zipfile.ZipFile(package.file.path) as zf:
        lines = [json.loads(line) for line in zf.read("records.jsonl").splitlines() if line]
    decisions = [r for r in lines if r.get("type") == "decision" or r.get("kind") == "decision"]
    found = [d for d in decisions if d.get("id") == decision.pk] or [
        d
        for r in lines
        for d in (r.get("decisions") or [])
        if isinstance(d, dict) and d.get("id") == decision.pk
    ]
    assert found and all(d["rationale_source"] == "template" for d in found)


def test_restore_needs_a_reason_not_a_template(site, moderator):
    comment = flagged_comment(site)
    decide(comment, moderator, "hide", ["profanity"], "Swearing at a neighbour.")
    flag(comment, word="damn", detector="second-look")  # flagged again while hidden
    with pytest.raises(ActionRefused, match="goes back up"):
        decide(comment, moderator, "restore", [], PROFANITY_FILLED)
    restored = decide(comment, moderator, "restore", [], "Hidden by mistake: it quotes a sign.")
    assert restored.rationale_source == RationaleSource.WRITTEN
    assert audit_for(restored).verb == AuditVerb.COMMENT_RESTORED
