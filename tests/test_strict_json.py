"""Non-finite numbers (NaN, Infinity, and 1e400, which Python reads as infinity) are refused
wherever the portal reads JSON it did not write: PostgreSQL's jsonb cannot store them, and a
payload holding one used to pass validation and fail at INSERT with a 500."""

from __future__ import annotations

import base64
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from moderation.ingest.schemas import ItemInvalid
from moderation.ingest.services import comments_ingest_batch, subscriber_snapshot_record
from moderation.ingest.tokens import api_token_create
from moderation.models import Comment, FlagRule, PolicyCategory, SubscriberSnapshot
from moderation.queue.selectors import BadCursor, cursor_decode
from records.packages.verify import verify_package_file
from stanton.strictjson import BodyInvalidUTF8, BodyMalformed, loads_strict
from tests.conftest import sign_in
from tests.factories import SiteFactory
from tests.fixtures.ingest import load, sign

pytestmark = pytest.mark.django_db

NON_FINITE = [b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity", b"1.5e999999"]


# --- the shared reader --------------------------------------------------------------------
@pytest.mark.parametrize("number", NON_FINITE)
def test_the_strict_reader_refuses_non_finite_numbers(number):
    with pytest.raises(BodyMalformed, match="number"):
        loads_strict(b'{"a": [1, ' + number + b"]}")


def test_the_strict_reader_reads_ordinary_json():
    assert loads_strict(b'\xef\xbb\xbf{"a": [1, 2.5e10, -0.0, 1e308, null, "x"]}') == {
        "a": [1, 2.5e10, -0.0, 1e308, None, "x"]
    }
    assert loads_strict('{"a": 1}') == {"a": 1}
    with pytest.raises(BodyInvalidUTF8):
        loads_strict(b'{"a": "\xff"}')


# --- the API ------------------------------------------------------------------------------
@pytest.fixture
def token(site, admin):
    _, raw = api_token_create(name="export job", sites=[site], actor=admin)
    return raw


def _post(client, url, body: bytes, token: str):
    return client.generic(
        "POST", url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


@pytest.mark.parametrize("number", NON_FINITE)
def test_a_subscriber_list_with_a_non_finite_number_is_400(client, site, token, number):
    body = (
        b'{"site": "' + site.slug.encode() + b'", "captured_at": "2026-03-01T08:00:00Z", '
        b'"subscribers": [{"external_id": "1", "followers": ' + number + b"}]}"
    )
    response = _post(client, "/api/v1/subscribers/", body, token)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_json"
    assert "number" in error["message"]
    assert not SubscriberSnapshot.objects.exists()


def test_a_comment_batch_with_a_non_finite_number_is_400(client, site, token):
    item = load("api_batch.json")["comments"][0]
    body = json.dumps({"site": site.slug, "comments": [item]}).encode()
    body = body.replace(b'"external_id"', b'"score": 1e400, "external_id"', 1)
    response = _post(client, "/api/v1/comments/", body, token)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_json"
    assert not Comment.objects.exists()


def test_drf_default_parser_is_the_strict_one(rf):
    """Any API view that reads `request.data` gets the same refusal (a 400 ParseError)."""
    django_request = rf.post("/api/v1/x/", data=b'{"a": 1e400}', content_type="application/json")
    request = Request(django_request, parsers=[p() for p in api_settings.DEFAULT_PARSER_CLASSES])
    with pytest.raises(ParseError, match="1e400"):
        request.data  # noqa: B018 - parsing happens on access


# --- the services (callers passing Python floats) -----------------------------------------
def test_the_services_refuse_a_non_finite_float_from_any_caller(site):
    item = {**load("api_batch.json")["comments"][0], "score": float("inf")}
    [outcome] = comments_ingest_batch(site=site, items=[item], source="api").results
    assert outcome.status == "rejected"
    assert "not finite" in outcome.reason
    with pytest.raises(ItemInvalid, match="not finite"):
        subscriber_snapshot_record(
            site=site,
            captured_at=datetime(2026, 3, 1, tzinfo=UTC),
            subscribers=[{"external_id": "1", "followers": float("nan")}],
            source="api",
        )
    assert not Comment.objects.exists() and not SubscriberSnapshot.objects.exists()


# --- the Meta webhook ---------------------------------------------------------------------
def test_a_signed_webhook_with_a_non_finite_number_is_400(client, settings):
    settings.META_APP_SECRET = "secret-0123"
    SiteFactory(slug="fb", platform="facebook", platform_page_id="104857600123456")
    body = json.dumps(load("meta_feed_add.json")).encode()
    body = body.replace(b'"time": 1772409600', b'"time": 1e400', 1)
    assert b"1e400" in body
    response = client.generic(
        "POST",
        reverse("webhooks-meta"),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, "secret-0123"),
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_json"
    assert not Comment.objects.exists()


# --- the importer -------------------------------------------------------------------------
def test_an_import_line_with_a_non_finite_number_is_rejected_alone(site, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    good = load("api_batch.json")["comments"]
    bad = json.dumps(good[1]).encode().replace(b'"external_id"', b'"n": -1e400, "external_id"', 1)
    export = tmp_path / "export.jsonl"
    export.write_bytes(json.dumps(good[0]).encode() + b"\n" + bad + b"\n")
    out = StringIO()
    call_command("import_comments", str(export), "--site", site.slug, "--no-progress", stdout=out)
    assert "created 1, revised 0, unchanged 0, rejected 1" in out.getvalue()
    assert "line 2: rejected: The JSON holds a number that cannot be stored" in out.getvalue()


# --- rule settings typed by a supervisor --------------------------------------------------
@pytest.mark.parametrize("number", [b"1e400", b"NaN"])
def test_rule_settings_with_a_non_finite_number_are_a_form_error(client, supervisor, number):
    sign_in(client, supervisor)
    count = FlagRule.objects.count()
    response = client.post(
        reverse("moderation:rules_create"),
        {
            "name": "Long posts",
            "category": PolicyCategory.objects.get(code="off_topic").pk,
            "sub_reason": "",
            "kind": "length",
            "entries": "",
            "pattern": "",
            "score": "0.5",
            "settings": '{"max_chars": ' + number.decode() + "}",
            "public_description": "Very long posts.",
            "active": "on",
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("settings", []))
    assert "not valid JSON" in errors and "number" in errors, errors
    assert FlagRule.objects.count() == count


# --- the queue's page marker (from the URL) -----------------------------------------------
@pytest.mark.parametrize("score", ["NaN", "1e400", '"nan"', '"inf"'])
def test_a_page_marker_with_a_non_finite_score_is_refused(score):
    raw = '{"sort":"priority","key":[1,' + score + ',"2026-03-01T00:00:00+00:00",3]}'
    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    with pytest.raises(BadCursor):
        cursor_decode("priority", cursor)


# --- a package offered to verify_package --------------------------------------------------
def test_a_manifest_with_a_non_finite_number_is_not_a_valid_manifest(tmp_path):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("records.jsonl", "")
        zf.writestr(
            "manifest.json",
            '{"files": {"records.jsonl": {"size": NaN, "sha256": "e3b0c44298fc1c149afbf4c8996fb9'
            '2427ae41e4649b934ca495991b7852b855"}}}',
        )
    problems = verify_package_file(archive).problems
    assert any("not a valid manifest" in p for p in problems), problems
