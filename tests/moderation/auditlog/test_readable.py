"""The readable audit log (issue 13): every event and category by its label, the object each
event is about named in words with a link (in a constant number of queries), the data folded
away in labelled details, the filters in one row, and one date format with the time zone in the
log and in a comment's history."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from audit.events import EVENT_GROUPS, AuditVerb, event_choices, verb_group
from audit.services import audit_record
from audit.subjects import subject_kinds, subjects_for
from moderation.models import FlagRule, PolicyCategory
from moderation.templatetags.record_time import format_when
from tests.conftest import sign_in
from tests.factories import PublicAccountFactory
from tests.moderation.bans.scene import decided_comment, propose
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


class _VisibleText(HTMLParser):
    """The text a reader sees: text nodes only, not attributes (an option's value, a
    data-field), and not the contents of <script> or <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_verbs_in(html: str) -> list[str]:
    text = visible_text(html)
    return [v.value for v in AuditVerb if re.search(rf"(?<![\w.]){re.escape(v.value)}\b", text)]


def test_the_raw_verb_check_can_fail():
    assert raw_verbs_in("<td>Ban approved <code>ban.approved</code></td>") == ["ban.approved"]
    assert raw_verbs_in('<option value="ban.approved">Ban approved</option>') == []


# --- labels -----------------------------------------------------------------------------------
@pytest.mark.parametrize("verb", list(AuditVerb), ids=str)
def test_every_registered_event_has_a_label_and_a_group(verb):
    assert str(verb.label).strip() and verb.label != verb.value
    assert verb_group(verb.value) in EVENT_GROUPS


def test_the_event_filter_offers_every_event_once_by_label():
    offered = [value for _group, options in event_choices() for value, _label in options]
    events = [v for v in offered if not v.startswith("group:")]
    assert sorted(events) == sorted(AuditVerb.values)
    assert {v.removeprefix("group:") for v in offered if v.startswith("group:")} == set(
        EVENT_GROUPS
    )
    labels = {label for _group, options in event_choices() for _value, label in options}
    assert AuditVerb.BAN_APPROVED.label in labels


def test_no_page_shows_a_raw_verb(client, admin, moderator, site):
    """One event of every registered name, about a real comment, on the log and on the
    comment's history: each shown by its label, none by its name."""
    comment, decision = decided_comment(site, moderator, action="remove")
    with transaction.atomic():
        for verb in AuditVerb:
            audit_record(actor=moderator, verb=verb, target=comment, site_id=site.pk)
    sign_in(client, admin)
    pages = [
        reverse("moderation:audit_log") + "?per_page=200",
        reverse("moderation:comment_history", args=[comment.pk]),
        reverse("moderation:comment_detail", args=[comment.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert raw_verbs_in(html) == [], url
    log = visible_text(client.get(pages[0]).content.decode())
    history = visible_text(client.get(pages[1]).content.decode())
    for verb in AuditVerb:
        assert verb.label in log and verb.label in history, verb.value


def test_categories_are_shown_by_name(client, supervisor, moderator, site):
    decided_comment(site, moderator, action="remove", category="profanity")
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    name = PolicyCategory.objects.get(code="profanity").name
    assert f'data-label="Categories">{name}</td>' in html
    assert 'data-label="Categories">profanity</td>' not in html


# --- the object each event is about ------------------------------------------------------------
def test_each_event_names_its_object_in_words_and_links_to_it(
    client, admin, moderator, supervisor, site
):
    account = PublicAccountFactory(platform=site.platform, handle="pat.resident")
    comment, decision = decided_comment(site, moderator, action="remove", account=account)
    ban = propose(moderator, site, comment)
    request = make_request(admin)
    with transaction.atomic():  # as a review writes it (moderation/review), about the decision
        audit_record(actor=supervisor, verb=AuditVerb.DECISION_UPHELD, target=decision)
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log"), {"per_page": 200}).content.decode()
    comment_url = reverse("moderation:comment_detail", args=[comment.pk])
    history_url = reverse("moderation:comment_history", args=[comment.pk])
    assert (
        f'<a class="usa-link" href="{comment_url}">Comment #{comment.pk} by '
        f"<bdi>@pat.resident</bdi> on {site.name}</a>"
    ) in html
    assert f'<a class="usa-link" href="{history_url}">History of comment #{comment.pk}</a>' in html
    assert (
        f'<a class="usa-link" href="{history_url}">Decision #{decision.pk} (Remove) on comment '
        f"#{comment.pk} by <bdi>@pat.resident</bdi> on {site.name}</a>"
    ) in html
    ban_url = reverse("moderation:ban_detail", args=[ban.pk])
    assert (
        f'<a class="usa-link" href="{ban_url}">Ban of <bdi>@pat.resident</bdi> on {site.name}</a>'
    ) in html
    request_url = reverse("records:request_detail", args=[request.pk])
    assert f'<a class="usa-link" href="{request_url}">Records request {request.number}</a>' in html
    assert re.fullmatch(r"PRA-\d{4}-\d{4}", request.number)


def test_an_object_without_a_describer_is_named_by_its_kind_and_id(client, admin):
    with transaction.atomic():
        audit_record(actor=None, verb="test.unknown", target_type="moderation.claim", target_id=7)
        audit_record(
            actor=None, verb="test.gone", target_type="moderation.comment", target_id=999999
        )
    found = subjects_for([("moderation.claim", "7"), ("moderation.comment", "999999")])
    assert str(found[("moderation.claim", "7")].name) == "moderation.claim #7"
    assert found[("moderation.claim", "7")].url is None
    assert str(found[("moderation.comment", "999999")].name) == "Comment #999999"
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert "Comment #999999" in html


def test_names_escape_and_isolate_platform_text(client, admin, moderator, site):
    account = PublicAccountFactory(platform=site.platform, handle=SCRIPT)
    decided_comment(site, moderator, action="remove", account=account)
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert SCRIPT not in html
    assert "<bdi>@&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in html


def _events_of_many_kinds(n: int, *, site, moderator, admin) -> None:
    """n rounds of events about comments, decisions, bans, sites, staff, flag rules and
    records requests (each object its own row, so a describer has n ids to load)."""
    rule = FlagRule.objects.first()
    for _ in range(n):
        comment, decision = decided_comment(site, moderator, action="remove")
        ban = propose(moderator, site, comment)
        request = make_request(admin)
        with transaction.atomic():
            for target in (comment, decision, ban, site, moderator, rule, request):
                audit_record(
                    actor=admin,
                    verb=AuditVerb.SITE_UPDATED,
                    target=target,
                    site_id=site.pk,
                    data={"note": "x", "nested": {"a": [1, 2]}},
                )


def _log_queries(client, per_page: int) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("moderation:audit_log"), {"per_page": per_page})
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_naming_the_objects_costs_the_same_queries_for_any_page_size(
    client, admin, moderator, site, django_assert_max_num_queries
):
    _events_of_many_kinds(8, site=site, moderator=moderator, admin=admin)
    sign_in(client, admin)
    client.get(reverse("moderation:audit_log"))  # the first view after sign-in saves the session
    small, html = _log_queries(client, 50)
    assert html.count('<th scope="row" data-label="Event">') == 50
    _events_of_many_kinds(24, site=site, moderator=moderator, admin=admin)
    large, html = _log_queries(client, 200)
    assert html.count('<th scope="row" data-label="Event">') == 200
    assert large == small
    # The page's fixed queries (session, user, device, roles, the events, site and category
    # names, the chain status, the filter's choices), then one per kind of object: seven here.
    with django_assert_max_num_queries(12 + 7):
        client.get(reverse("moderation:audit_log"), {"per_page": 200})


def test_every_kind_of_object_is_offered_in_the_object_filter(client, admin):
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    for kind in subject_kinds():
        assert f'<option value="{kind.target_type}">{escape(kind.label)}</option>' in html
    assert {k.target_type for k in subject_kinds()} >= {
        "moderation.comment",
        "moderation.decision",
        "moderation.ban",
        "records.recordsrequest",
        "accounts.user",
    }


# --- details folded away ------------------------------------------------------------------------
def test_event_data_is_folded_away_labelled_and_escaped(client, admin, site):
    with transaction.atomic():
        event = audit_record(
            actor=None,
            verb=AuditVerb.SITE_UPDATED,
            target=site,
            site_id=site.pk,
            data={
                "categories": ["threat", "profanity"],
                "note": f"Quoted {SCRIPT}",
                "changes": {"name": {"from": SCRIPT, "to": "New"}},
                "active": False,
            },
        )
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    match = re.search(r"<details>(.*?)</details>", html, re.S)
    assert match, "the event's data is not in a <details> element"
    details = match.group(1)
    assert "<details open" not in html  # folded by default
    assert f"<summary>Details of event #{event.seq}</summary>" in details
    threat, profanity = (PolicyCategory.objects.get(code=c).name for c in ("threat", "profanity"))
    assert "<dt>Policy categories</dt>" in details
    assert f"<dd><bdi>{threat}, {profanity}</bdi></dd>" in details
    assert "<dt>Note</dt>" in details and "<dd><bdi>Quoted &lt;script&gt;" in details
    assert "<dt>Active</dt>" in details and "<dd><bdi>No</bdi></dd>" in details
    # A nested value: indented JSON, escaped, in a <pre>.
    assert '<pre class="portal-mono"><bdi>{\n  &quot;name&quot;: {' in details
    assert SCRIPT not in html


# --- filters in one row ---------------------------------------------------------------------------
def test_the_filters_sit_in_one_row(client, admin):
    sign_in(client, admin)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    form = re.search(r'<form[^>]*aria-label="Filter the audit log">(.*?)</form>', html, re.S)
    assert form
    body = form.group(1)
    assert body.count('class="grid-row') == 1
    names = re.findall(r'<(?:select|input)[^>]*name="([a-z_]+)"', body)
    assert names[:7] == [
        "actor",
        "verb",
        "target_type",
        "category",
        "site",
        "date_from",
        "date_to",
    ]
    # The event select shows labels, grouped; its values are the registry's names.
    assert f'<optgroup label="{EVENT_GROUPS["bans"]}">' in body
    assert f'<option value="{AuditVerb.BAN_APPROVED.value}">Ban approved</option>' in body


# --- one date format with the time zone ------------------------------------------------------
def test_the_record_format_carries_the_zone_in_winter_and_summer():
    assert format_when(datetime(2026, 12, 3, 22, 5, tzinfo=UTC)) == "3 Dec 2026, 14:05 PST"
    assert format_when(datetime(2026, 7, 3, 21, 5, tzinfo=UTC)) == "3 Jul 2026, 14:05 PDT"
    assert format_when(None) == ""


def test_log_and_history_show_moments_in_the_record_format(client, supervisor, moderator, site):
    # A moment after today (the designations begin today): 3 December of next year, 14:05
    # in Stanton (PST), whatever day the test runs.
    year = datetime.now(UTC).year + 1
    moment = f"3 Dec {year}, 14:05 PST"
    with time_machine.travel(datetime(year, 12, 3, 22, 5, tzinfo=UTC), tick=False):
        comment, _decision = decided_comment(site, moderator, action="remove")
    sign_in(client, supervisor)
    for url in (
        reverse("moderation:audit_log"),
        reverse("moderation:comment_history", args=[comment.pk]),
    ):
        text = visible_text(client.get(url).content.decode())
        assert moment in text, url
        # No other way of writing a moment on these pages.
        assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text), url
    detail = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    decisions = detail.split("<h2>Decisions on this comment</h2>")[1].split("</ul>")[0]
    assert moment in decisions
