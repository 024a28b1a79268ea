"""Django admin signs nobody in itself: /django-admin/login/ forwards to the portal's sign-in,
so its per-address limit, lockout, TOTP step and audit event apply, and the admin admits only
a staff session that has passed the second factor."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_INDEX = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
PORTAL_LOGIN = reverse("accounts:login")
MFA_VERIFY = reverse("accounts:mfa_verify")


@pytest.fixture
def technician():
    """The technical administrator: the only kind of account Django admin is for."""
    return User.objects.create_superuser(email="tech@stanton.example", password=TEST_PASSWORD)


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def split(location: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(location)
    return parts.path, parse_qs(parts.query)


def test_posting_credentials_to_the_admin_login_signs_nobody_in(client, technician):
    response = client.post(
        ADMIN_LOGIN,
        {"username": technician.email, "password": TEST_PASSWORD, "next": ADMIN_INDEX},
    )

    assert response.status_code == 302
    assert split(response["Location"]) == (PORTAL_LOGIN, {"next": [ADMIN_INDEX]})
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(verb="auth.signed_in").exists()
    assert client.get(ADMIN_INDEX).status_code == 302


@override_settings(SIGN_IN_RATE_LIMIT=2, SIGN_IN_RATE_WINDOW=60)
def test_the_admin_login_is_no_way_around_the_sign_in_limit(client, technician):
    for n in range(2):
        client.post(PORTAL_LOGIN, {"username": technician.email, "password": f"guess {n}"})
    assert client.post(PORTAL_LOGIN, {"username": technician.email}).status_code == 429

    client.post(ADMIN_LOGIN, {"username": technician.email, "password": TEST_PASSWORD})

    assert SESSION_KEY not in client.session
    assert client.get(ADMIN_INDEX).status_code == 302


def test_the_admin_is_reached_through_the_portal_sign_in_and_its_second_factor(client, technician):
    device = TOTPDevice.objects.create(user=technician, name="phone", confirmed=True)
    with time_machine.travel(datetime(2026, 3, 2, 17, 0, tzinfo=UTC), tick=False):
        to_login = client.get(ADMIN_INDEX)
        assert split(to_login["Location"])[0] == ADMIN_LOGIN
        to_portal = client.get(to_login["Location"])
        assert split(to_portal["Location"]) == (PORTAL_LOGIN, {"next": [ADMIN_INDEX]})

        password = client.post(
            to_portal["Location"],
            {"username": technician.email, "password": TEST_PASSWORD, "next": ADMIN_INDEX},
        )
        assert split(password["Location"]) == (MFA_VERIFY, {"next": [ADMIN_INDEX]})
        assert client.get(ADMIN_INDEX).status_code == 302  # the password alone is not enough
        verified = client.post(password["Location"], {"code": code_for(device)})

        assert verified["Location"] == ADMIN_INDEX
        assert client.get(ADMIN_INDEX).status_code == 200
        assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert list(
        AuditEvent.objects.filter(verb="auth.signed_in", actor=technician).values_list(
            "data", flat=True
        )
    ) == [{"method": "password"}, {"method": "totp"}]


def test_without_required_mfa_the_admin_still_asks_for_the_second_factor(
    client, technician, settings
):
    settings.REQUIRE_MFA = False
    TOTPDevice.objects.create(user=technician, name="phone", confirmed=True)
    client.post(PORTAL_LOGIN, {"username": technician.email, "password": TEST_PASSWORD})
    assert client.session[SESSION_KEY] == str(technician.pk)

    to_login = client.get(ADMIN_INDEX)
    to_mfa = client.get(to_login["Location"])

    assert split(to_mfa["Location"]) == (MFA_VERIFY, {"next": [ADMIN_INDEX]})


def test_signed_in_staff_without_admin_access_are_refused_not_sent_round(client, admin):
    """A portal administrator is not a technical administrator (is_staff is off)."""
    sign_in(client, admin)

    assert split(client.get(ADMIN_INDEX)["Location"])[0] == ADMIN_LOGIN
    assert client.get(ADMIN_LOGIN).status_code == 403
    assert client.post(ADMIN_LOGIN, {"username": admin.email}).status_code == 403


def test_the_admin_login_follows_no_next_off_this_site(client, technician):
    response = client.get(ADMIN_LOGIN, {"next": "https://evil.example/"})

    assert split(response["Location"]) == (PORTAL_LOGIN, {"next": [ADMIN_INDEX]})
