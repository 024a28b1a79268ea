"""Session limits: 30 minutes idle, 12 hours in all; deactivation ends sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD

T0 = datetime(2026, 3, 2, 16, 0, 0, tzinfo=UTC)
HOME = reverse("home")
LOGIN = reverse("accounts:login")


@pytest.fixture
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def assert_signed_out_with(client, response, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert message in page.content.decode()


def test_idle_for_30_minutes_signs_out_with_a_message(client, moderator, frozen):
    sign_in(client, moderator)
    assert client.get(HOME).status_code == 200

    frozen.shift(timedelta(minutes=29))
    assert client.get(HOME).status_code == 200  # activity restarts the idle clock

    frozen.shift(timedelta(minutes=29))
    assert client.get(HOME).status_code == 200

    frozen.shift(timedelta(minutes=30, seconds=1))
    response = client.get(HOME)

    assert_signed_out_with(client, response, "30 minutes without activity")
    assert client.get(HOME).status_code == 302


def test_idle_sign_out_keeps_where_the_person_was(client, admin, frozen):
    sign_in(client, admin)
    client.get(HOME)
    frozen.shift(timedelta(minutes=31))

    response = client.get(reverse("accounts:staff_list"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/accounts/staff/"


def test_an_htmx_request_after_the_idle_limit_is_told_to_go_to_sign_in(client, moderator, frozen):
    sign_in(client, moderator)
    client.get(HOME)
    frozen.shift(timedelta(minutes=31))

    response = client.get(HOME, headers={"HX-Request": "true"})

    assert response.status_code == 302
    assert response["HX-Redirect"].startswith(LOGIN)


def test_twelve_hours_in_all_signs_out_even_when_active(client, moderator, frozen):
    sign_in(client, moderator)
    assert client.get(HOME).status_code == 200

    # Active every 25 minutes (never idle) for 11 h 40 min: still signed in.
    for _ in range(28):
        frozen.shift(timedelta(minutes=25))
        assert client.get(HOME).status_code == 200

    frozen.shift(timedelta(minutes=25))  # 12 h 05 min after sign-in
    response = client.get(HOME)

    assert_signed_out_with(client, response, "12-hour limit")


def test_limits_follow_the_settings(client, moderator, frozen, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    sign_in(client, moderator)
    client.get(HOME)
    frozen.shift(timedelta(minutes=11))

    response = client.get(HOME)

    assert_signed_out_with(client, response, "10 minutes without activity")


def test_session_limits_apply_to_a_real_sign_in(client, moderator, frozen, settings):
    settings.REQUIRE_MFA = False
    response = client.post(LOGIN, {"username": moderator.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200

    frozen.shift(timedelta(minutes=31))

    assert_signed_out_with(client, client.get(HOME), "30 minutes without activity")


def test_deactivating_a_person_ends_their_session_on_the_next_request(client, admin, moderator):
    theirs = sign_in(Client(), moderator)
    assert theirs.get(HOME).status_code == 200
    sign_in(client, admin)

    response = client.post(
        reverse("accounts:staff_set_active", args=[moderator.pk]),
        {"reason": "Left City employment", "activate": "0"},
    )

    assert response.status_code == 302
    moderator.refresh_from_db()
    assert not moderator.is_active
    next_request = theirs.get(HOME)
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(LOGIN)
    assert theirs.get(reverse("accounts:mfa_verify")).status_code == 302
    event = AuditEvent.objects.get(verb=AuditVerb.STAFF_DEACTIVATED)
    assert (event.actor, event.target_id) == (admin, str(moderator.pk))
    assert event.data == {"reason": "Left City employment"}
    # The administrator's own session is untouched.
    assert client.get(HOME).status_code == 200
