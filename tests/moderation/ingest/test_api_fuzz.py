"""Property-based fuzzing of the ingestion endpoints (hypothesis): whatever arrives, the answer
is never a 500, and what is refused or rejected leaves nothing behind.

schemathesis was considered; these in-process hypothesis tests drive the same Django test
client with nastier inputs than a schema-derived generator would (NULs, lone surrogates,
huge numbers, invalid UTF-8, wrong types at every level) and need no extra dependency.
"""

from __future__ import annotations

import copy
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.ingest.tokens import api_token_create
from moderation.models import Attachment, Comment, CommentRevision, Post, PublicAccount
from outbox.models import OutboxMessage
from tests.factories import SiteFactory
from tests.fixtures.ingest import load, sign

pytestmark = pytest.mark.django_db

URL = "/api/v1/comments/"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Every example comes from one address (and token): without this, the rate limits
    would answer 429 before the input is parsed. They are tested in test_api_throttling."""
    settings.API_RATE_LIMIT = ""
    settings.API_FAILED_ATTEMPT_RATE_LIMIT = ""
    settings.WEBHOOK_RATE_LIMIT = ""


nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ud800",
            "x\udfff",
            "\u202e",
            "😀" * 10,
            "<script>",
            "javascript:alert(1)",
            "https://example.com/ok",
            "2026-03-01T00:00:00Z",
            "2026-03-01T00:00:00",
            "9999-12-31T23:59:59+14:00",
            "0001-01-01T00:00:00-12:00",
            "visible",
            "hidden",
            "deleted",
            "removed",
            "x" * 201,
            "y" * 100_001,
        ]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text,
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(nasty_text, children, max_size=4)
    ),
    max_leaves=12,
)
ITEM_FIELDS = [
    "external_id",
    "post",
    "parent_external_id",
    "author",
    "body",
    "posted_at",
    "permalink",
    "attachments",
    "platform_state",
]
NESTED = {
    "post": ["external_id", "body", "permalink", "posted_at"],
    "author": ["external_id", "handle", "display_name"],
}

_ids = itertools.count(1)


@st.composite
def mutated_items(draw):
    """A valid comment with some fields replaced, removed or nested fields broken."""
    item = copy.deepcopy(draw(st.sampled_from(load("api_batch.json")["comments"])))
    item["external_id"] = f"fuzz-{next(_ids)}"
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        name = draw(st.sampled_from(ITEM_FIELDS))
        action = draw(st.sampled_from(["replace", "delete", "nested", "extra"]))
        if action == "delete":
            item.pop(name, None)
        elif action == "extra":  # unknown keys are kept in the raw payload: must be storable
            target = item.get(name) if isinstance(item.get(name), dict) else item
            target[draw(nasty_text)] = draw(json_values)
        elif action == "nested" and name in NESTED and isinstance(item.get(name), dict):
            item[name][draw(st.sampled_from(NESTED[name]))] = draw(json_values)
        else:
            item[name] = draw(json_values)
    return item


def counts():
    return (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        Attachment.objects.count(),
        PublicAccount.objects.count(),
        Post.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.fixture
def auth(site, admin):
    _, raw = api_token_create(name="Fuzzer", sites=[site], actor=admin)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, body: bytes, auth, content_type="application/json"):
    return client.generic("POST", URL, body, content_type=content_type, **auth)


@FUZZ
@given(items=st.lists(mutated_items(), min_size=1, max_size=5))
def test_fuzzed_items_never_500_and_rejected_items_leave_nothing(client, auth, site, items):
    before = counts()
    response = post(client, json.dumps({"site": site.slug, "comments": items}).encode(), auth)

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert len(results) == len(items)
    created = [r for r in results if r["status"] == "created"]
    for item, result in zip(items, results, strict=True):
        assert result["status"] in ("created", "rejected"), result  # every id is fresh
        if result["status"] == "rejected":
            assert result["reason"]
            ext = item.get("external_id")
            if isinstance(ext, str) and "\x00" not in ext:
                assert not Comment.objects.filter(site=site, external_id=ext).exists()
    after = counts()
    # Exactly the created comments and their first revisions are new; nothing else of a
    # rejected item (its account, post or attachments could only come with a comment).
    assert after[0] - before[0] == len(created)
    assert after[1] - before[1] == len(created)
    # One classification task and one needs-response task, and one attachment-copy task if
    # attachments were kept.
    assert after[5] - before[5] == (2 if created else 0) + (1 if after[2] > before[2] else 0)
    if not created:
        assert after == before


@FUZZ
@given(body=json_values)
def test_fuzzed_envelopes_never_500(client, auth, site, body):
    before = counts()
    response = post(client, json.dumps(body).encode(), auth)
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert response.json()["error"]["code"]
        assert counts() == before


@FUZZ
@given(
    site_value=json_values,
    comments=st.one_of(json_values, st.lists(json_values, max_size=3)),
)
def test_fuzzed_envelope_fields_never_500(client, auth, site, site_value, comments):
    before = counts()
    body = json.dumps({"site": site_value, "comments": comments}).encode()
    response = post(client, body, auth)
    assert response.status_code < 500, response.content
    if response.status_code != 200:
        assert counts() == before


@FUZZ
@given(
    body=st.binary(max_size=300),
    content_type=st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "text/plain", ""]
    ),
)
def test_fuzzed_bytes_never_500(client, auth, body, content_type):
    before = counts()
    response = post(client, body, auth, content_type=content_type)
    assert response.status_code < 500, response.content
    if response.status_code != 200:
        assert counts() == before


@FUZZ
@given(
    header=st.one_of(
        st.text(max_size=60),
        st.just("Bearer "),
        st.builds(lambda t: f"Bearer {t}", st.text(max_size=300)),
    ),
    query=st.sampled_from(["", "?token=x", "?access_token=stn_abc", "?api_key=1", "?q=1"]),
)
def test_fuzzed_credentials_never_500(client, site, header, query):
    body = json.dumps(load("api_batch.json")).encode()
    try:
        response = client.generic(
            "POST", URL + query, body, content_type="application/json", HTTP_AUTHORIZATION=header
        )
    except ValueError:
        return  # the test client itself refuses some header values (e.g. newlines)
    assert response.status_code in (400, 401), response.content
    assert not Comment.objects.exists()


@pytest.fixture
def meta_site(db):
    return SiteFactory(platform="facebook", platform_page_id="424242")


@FUZZ
@given(
    payload=st.one_of(
        json_values,
        st.builds(lambda e: {"object": "page", "entry": e}, json_values),
        st.builds(
            lambda value: {
                "object": "page",
                "entry": [
                    {
                        "id": "424242",
                        "time": 1772409600,
                        "changes": [{"field": "feed", "value": value}],
                    }
                ],
            },
            st.dictionaries(
                st.sampled_from(
                    [
                        "item",
                        "verb",
                        "comment_id",
                        "post_id",
                        "parent_id",
                        "message",
                        "created_time",
                        "from",
                        "sender_id",
                    ]
                ),
                json_values,
                max_size=8,
            )
            | st.builds(
                lambda v: {
                    **v,
                    "item": "comment",
                    "verb": "add",
                    "comment_id": "c1",
                    "from": {"id": "u1"},
                },
                st.dictionaries(
                    st.sampled_from(["message", "created_time", "post_id", "parent_id", "photo"]),
                    json_values,
                ),
            ),
        ),
    )
)
def test_fuzzed_signed_webhook_payloads_never_500(client, settings, meta_site, payload):
    settings.META_APP_SECRET = "fuzz-secret"
    body = json.dumps(payload).encode()
    response = client.generic(
        "POST",
        "/webhooks/meta/",
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, "fuzz-secret"),
    )
    assert response.status_code < 500, response.content
