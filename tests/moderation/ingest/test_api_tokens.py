"""API tokens: the administrators' pages, the command, hashing and revocation."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.tokens import api_token_create, api_token_for_raw, api_token_revoke
from moderation.models import ApiToken
from stanton.errors import ActionRefused
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LIST = "moderation:api_token_list"
CREATE = "moderation:api_token_create"


def test_a_token_is_stored_hashed_and_shown_once(site, admin):
    token, raw = api_token_create(name="Export job", sites=[site], actor=admin)

    assert raw.startswith("stn_") and len(raw) > 40
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.prefix == raw[:12]
    assert api_token_for_raw(raw) == token
    assert api_token_for_raw(raw + "x") is None
    event = AuditEvent.objects.get(verb=AuditVerb.API_TOKEN_CREATED)
    assert event.actor == admin and event.site_id == site.pk
    assert event.data == {"name": "Export job", "prefix": token.prefix, "sites": [site.slug]}
    assert raw not in str(event.data)


def test_a_token_needs_a_name_and_a_site(site, admin):
    with pytest.raises(ActionRefused, match="name"):
        api_token_create(name="  ", sites=[site], actor=admin)
    with pytest.raises(ActionRefused, match="site"):
        api_token_create(name="x", sites=[], actor=admin)
    assert not ApiToken.objects.exists()


def test_revoking_stamps_who_and_when_once(site, admin):
    token, _ = api_token_create(name="Export job", sites=[site], actor=admin)
    api_token_revoke(token=token, actor=admin)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin
    assert AuditEvent.objects.filter(verb=AuditVerb.API_TOKEN_REVOKED, actor=admin).count() == 1
    with pytest.raises(ActionRefused, match="already"):
        api_token_revoke(token=token, actor=admin)


# --- pages ---------------------------------------------------------------------------------------
def test_the_list_shows_tokens_without_secrets(client, admin, site, other_site):
    token, raw = api_token_create(name="Export job <b>", sites=[site, other_site], actor=admin)
    sign_in(client, admin)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Export job &lt;b&gt;" in html
    assert token.prefix in html and raw not in html and token.token_hash not in html
    assert site.name in html and other_site.name in html


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_keeps_a_constant_number_of_queries(
    client, admin, site, other_site, count, django_assert_max_num_queries
):
    for n in range(count):
        api_token_create(name=f"Job {n}", sites=[site, other_site], actor=admin)
    sign_in(client, admin)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(LIST)).status_code == 200


def test_creating_a_token_shows_it_once(client, admin, site):
    sign_in(client, admin)
    assert client.get(reverse(CREATE)).status_code == 200
    response = client.post(reverse(CREATE), {"name": "Facebook export", "sites": [site.pk]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Facebook export")
    raw = response.context["raw"]
    assert api_token_for_raw(raw) == token
    assert raw in response.content.decode()
    assert token.created_by == admin
    assert list(token.sites.all()) == [site]
    # Never again: the list shows the prefix only.
    assert raw not in client.get(reverse(LIST)).content.decode()


def test_an_invalid_create_form_shows_errors_and_saves_nothing(client, admin):
    sign_in(client, admin)
    response = client.post(reverse(CREATE), {"name": "", "sites": []})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "sites"}
    assert not ApiToken.objects.exists()


def test_revoking_from_the_list(client, admin, site):
    token, raw = api_token_create(name="Export job", sites=[site], actor=admin)
    sign_in(client, admin)
    url = reverse("moderation:api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(LIST)
    token.refresh_from_db()
    assert token.revoked_by == admin
    # Revoking twice says so instead of failing.
    response = client.post(url, follow=True)
    assert "already revoked" in response.content.decode()
    assert client.post(reverse("moderation:api_token_revoke", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["moderator", "supervisor", "clerk", "outsider"])
def test_only_administrators_manage_tokens(client, request, site, admin, who):
    token, _ = api_token_create(name="Export job", sites=[site], actor=admin)
    sign_in(client, request.getfixturevalue(who))
    assert client.get(reverse(LIST)).status_code == 403
    assert client.post(reverse(CREATE), {"name": "x", "sites": [site.pk]}).status_code == 403
    assert client.post(reverse("moderation:api_token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


# --- the command ---------------------------------------------------------------------------
def test_the_command_prints_the_token_once(site, other_site):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token",
        "--site",
        site.slug,
        "--site",
        other_site.slug,
        "--name",
        "Nightly import",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    token = api_token_for_raw(raw)
    assert token.name == "Nightly import"
    assert set(token.sites.all()) == {site, other_site}
    assert raw not in err.getvalue() and token.prefix in err.getvalue()
    assert AuditEvent.objects.get(verb=AuditVerb.API_TOKEN_CREATED).actor is None


def test_the_command_refuses_unknown_sites(site):
    with pytest.raises(CommandError, match="nope"):
        call_command("create_api_token", "--site", "nope", "--name", "x", stdout=StringIO())
    assert not ApiToken.objects.exists()
