"""Sign-in: password, then a TOTP code (enrolled on first sign-in); lockout; redirects.

REQUIRE_MFA is on in the test settings, as in production. Codes are computed from the
device's key at a frozen time (time-machine), exactly as an authenticator app would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.events import AuditVerb
from audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

T0 = datetime(2026, 3, 2, 17, 0, 0, tzinfo=UTC)
LOGIN = reverse("accounts:login")
HOME = reverse("home")
MFA_SETUP = reverse("accounts:mfa_setup")
MFA_VERIFY = reverse("accounts:mfa_verify")


@pytest.fixture
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(db):
    return UserFactory(email="pat@stanton.example", full_name="Pat Person")


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows right now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that is not valid at this moment (nor within the drift tolerance)."""
    valid = set()
    for drift in range(-3, 4):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, drift)
        valid.add(f"{totp.token():06d}")
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def password_step(client, email, password=TEST_PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": email, "password": password, **extra.pop("data", {})}, **extra
    )


def session_key(client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def enrol(client, user) -> TOTPDevice:
    """Password step, enrolment page, correct code: the first sign-in of a new person."""
    password_step(client, user.email)
    client.get(MFA_SETUP)
    device = TOTPDevice.objects.get(user=user)
    client.post(MFA_SETUP, {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


# --- password step ------------------------------------------------------------------------------
def test_password_step_without_a_device_goes_to_enrolment_and_records_the_sign_in(client, staff):
    response = password_step(client, staff.email)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == MFA_SETUP
    assert client.session[SESSION_KEY] == str(staff.pk)
    event = AuditEvent.objects.get(verb=AuditVerb.AUTH_SIGNED_IN)
    assert event.actor == staff
    assert event.data == {"method": "password"}


def test_password_step_with_a_device_goes_to_the_code_page(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    response = password_step(client, staff.email)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == MFA_VERIFY


def test_email_is_not_case_sensitive(client, staff):
    response = password_step(client, "PAT@Stanton.Example")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_wrong_password_is_refused_with_a_message(client, staff):
    response = password_step(client, staff.email, "not the right passphrase")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "do not match an active staff account" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.AUTH_SIGNED_IN).exists()


def test_deactivated_account_cannot_sign_in(client, staff):
    staff.is_active = False
    staff.save()

    response = password_step(client, staff.email)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_password_step_alone_reaches_nothing_but_the_two_factor_pages(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    password_step(client, staff.email)

    for path in (HOME, reverse("accounts:staff_list"), reverse("moderation:site_list")):
        response = client.get(path)
        assert response.status_code == 302, path
        location = urlsplit(response["Location"])
        assert location.path == MFA_VERIFY
        assert parse_qs(location.query)["next"] == [path]
    assert client.get(MFA_VERIFY).status_code == 200


def test_unverified_htmx_request_gets_hx_redirect(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    password_step(client, staff.email)

    response = client.get(HOME, headers={"HX-Request": "true"})

    assert response.status_code == 302
    assert urlsplit(response["HX-Redirect"]).path == MFA_VERIFY


# --- enrolment ------------------------------------------------------------------------------------
def test_enrolment_with_the_right_code_confirms_the_device_and_reaches_home(client, staff, frozen):
    password_step(client, staff.email)
    page = client.get(MFA_SETUP)
    assert page.status_code == 200
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "")  # shown for typing in by hand

    response = client.post(MFA_SETUP, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == HOME
    device.refresh_from_db()
    assert device.confirmed
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Two-factor sign-in is set up." in home.content.decode()
    event = AuditEvent.objects.get(verb=AuditVerb.MFA_ENROLLED)
    assert (event.actor, event.target_id) == (staff, str(staff.pk))


def test_enrolment_page_keeps_one_pending_device(client, staff):
    password_step(client, staff.email)
    client.get(MFA_SETUP)
    client.get(MFA_SETUP)

    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_enrolment_with_a_wrong_code_is_refused(client, staff, frozen):
    password_step(client, staff.email)
    client.get(MFA_SETUP)
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(MFA_SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).status_code == 302
    assert not AuditEvent.objects.filter(verb=AuditVerb.MFA_ENROLLED).exists()


def test_code_that_is_not_six_digits_is_refused(client, staff):
    password_step(client, staff.email)
    client.get(MFA_SETUP)

    response = client.post(MFA_SETUP, {"code": "12ab"})

    assert response.status_code == 200
    assert "Enter the six digits" in response.content.decode()


def test_enrolled_person_cannot_enrol_again(client, staff, frozen):
    enrol(client, staff)

    response = client.get(MFA_SETUP)

    assert response.status_code == 302
    assert response["Location"] == MFA_VERIFY
    assert TOTPDevice.objects.filter(user=staff).count() == 1


# --- verification on later sign-ins -------------------------------------------------------------
def test_later_sign_in_verifies_a_code_and_reaches_home(client, staff, frozen):
    device = enrol(client, staff)
    client.post(reverse("accounts:logout"))
    frozen.shift(timedelta(minutes=5))

    password_step(client, staff.email)
    assert client.get(HOME)["Location"].startswith(MFA_VERIFY)
    response = client.post(MFA_VERIFY, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert list(
        AuditEvent.objects.filter(verb=AuditVerb.AUTH_SIGNED_IN).values_list("data", flat=True)
    ) == [{"method": "password"}, {"method": "totp"}, {"method": "password"}, {"method": "totp"}]


def test_wrong_code_is_refused_with_a_clear_message(client, staff, frozen):
    device = enrol(client, staff)
    client.post(reverse("accounts:logout"))
    frozen.shift(timedelta(minutes=5))
    password_step(client, staff.email)

    response = client.post(MFA_VERIFY, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "That code is not valid, or it has already been used" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_code_cannot_be_used_twice(client, staff, frozen):
    device = enrol(client, staff)
    used = code_for(device)
    client.post(reverse("accounts:logout"))

    # Same 30-second window: the code the app still shows has been used already.
    password_step(client, staff.email)
    response = client.post(MFA_VERIFY, {"code": used})

    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert client.get(HOME).status_code == 302

    # A new code, in a later window, is accepted.
    frozen.shift(timedelta(seconds=60))
    assert code_for(device) != used
    response = client.post(MFA_VERIFY, {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_code_used_by_another_session_is_refused(staff, frozen):
    """Replay across sessions (a shoulder-surfed code used elsewhere at the same moment)."""
    device = enrol(Client(), staff)
    attacker = Client()
    password_step(attacker, staff.email)

    response = attacker.post(MFA_VERIFY, {"code": code_for(device)})

    assert response.status_code == 200
    assert attacker.get(HOME).status_code == 302


def test_verified_session_reaches_home_and_an_unverified_one_does_not(client, staff, frozen):
    device = enrol(client, staff)
    assert client.get(HOME).status_code == 200

    other = Client()
    password_step(other, staff.email)
    response = other.get(HOME)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == MFA_VERIFY
    assert device.confirmed


@pytest.mark.parametrize("require_mfa", [True, False])
def test_session_key_rotates_at_sign_in(client, staff, frozen, settings, require_mfa):
    settings.REQUIRE_MFA = require_mfa
    client.get(LOGIN)
    before = client.session.session_key  # an anonymous session, as a fixation attacker plants
    assert before

    password_step(client, staff.email)

    after_password = session_key(client)
    assert after_password and after_password != before
    assert not Session.objects.filter(session_key=before).exists()
    if require_mfa:
        client.get(MFA_SETUP)
        device = TOTPDevice.objects.get(user=staff)
        client.post(MFA_SETUP, {"code": code_for(device)})
        # Gaining the second factor is a privilege change too (OWASP ASVS 3.2.1).
        after_code = session_key(client)
        assert after_code and after_code not in (before, after_password)
    assert client.get(HOME).status_code == 200


def test_sign_in_page_for_a_verified_person_goes_home(client, staff, frozen):
    enrol(client, staff)

    response = client.get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_sign_out_ends_the_session(client, staff, frozen):
    enrol(client, staff)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert client.get(HOME).status_code == 302


# --- lockout (django-axes, keyed on account and address) ----------------------------------------
def test_five_failures_lock_the_account_at_that_address_only(client, staff):
    for attempt in range(1, 5):
        response = password_step(client, staff.email, f"wrong passphrase {attempt}")
        assert response.status_code == 200, attempt
        assert "do not match" in response.content.decode()

    fifth = password_step(client, staff.email, "wrong passphrase 5")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Sign-in temporarily locked" in page
    assert "15 minutes" in page
    assert "PT15M" not in page

    # Even the right password is refused from this address while locked.
    locked = password_step(client, staff.email)
    assert locked.status_code == 429
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(verb=AuditVerb.AUTH_SIGNED_IN).exists()

    # The same account from another address is not locked: one attacker cannot lock a
    # colleague out from elsewhere.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = password_step(elsewhere, staff.email)
    assert response.status_code == 302
    assert elsewhere.session[SESSION_KEY] == str(staff.pk)

    # Another account from the locked address is not locked either.
    colleague = UserFactory(email="kim@stanton.example")
    response = password_step(Client(), colleague.email)
    assert response.status_code == 302


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, staff):
    for variant in (
        "pat@stanton.example",
        "Pat@stanton.example",
        "PAT@stanton.example",
        "pAt@Stanton.example",
    ):
        assert password_step(client, variant, "wrong passphrase").status_code == 200

    assert password_step(client, "PAT@STANTON.EXAMPLE", "wrong passphrase").status_code == 429
    assert password_step(client, staff.email).status_code == 429


def test_lockout_ends_after_the_cool_off(client, staff):
    with time_machine.travel(T0, tick=False) as traveller:
        for attempt in range(5):
            password_step(client, staff.email, f"wrong passphrase {attempt}")
        assert password_step(client, staff.email).status_code == 429

        traveller.shift(timedelta(minutes=14))
        # Still locked; and an attempt during the lock starts the 15 minutes again (axes'
        # AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so a guesser stays locked out.
        assert password_step(client, staff.email).status_code == 429

        traveller.shift(timedelta(minutes=14))
        assert password_step(client, staff.email).status_code == 429

        traveller.shift(timedelta(minutes=16))
        response = password_step(client, staff.email)

        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(staff.pk)


def test_success_resets_the_failure_count(client, staff):
    for attempt in range(4):
        password_step(client, staff.email, f"wrong passphrase {attempt}")
    assert password_step(client, staff.email).status_code == 302
    client.post(reverse("accounts:logout"))

    for attempt in range(4):
        response = password_step(client, staff.email, f"wrong again {attempt}")
    assert response.status_code == 200


# --- where sign-in leads (no open redirect) -------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://evil.example",
        "/\\evil.example",
    ],
)
def test_next_to_another_host_is_ignored(client, staff, frozen, target):
    response = password_step(client, staff.email, data={"next": target})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert urlsplit(response["Location"]).path == MFA_SETUP

    client.get(MFA_SETUP, {"next": target})
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(MFA_SETUP, {"code": code_for(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_next_to_another_host_is_ignored_without_mfa(client, staff, settings):
    settings.REQUIRE_MFA = False

    response = password_step(client, staff.email, data={"next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == HOME


def test_next_to_a_local_path_is_followed_through_enrolment(client, staff, frozen):
    target = "/sites/?platform=facebook&active=1"
    response = password_step(client, staff.email, data={"next": target})

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == MFA_SETUP
    assert parse_qs(location.query)["next"] == [target]

    page = client.get(response["Location"])
    assert page.context["next"] == target
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(response["Location"], {"code": code_for(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target


def test_next_to_a_local_path_is_followed_through_verification(client, staff, frozen):
    device = enrol(Client(), staff)
    frozen.shift(timedelta(minutes=1))

    response = password_step(client, staff.email, data={"next": "/accounts/staff/"})
    location = urlsplit(response["Location"])
    assert location.path == MFA_VERIFY
    response = client.post(
        response["Location"], {"code": code_for(device), "next": "/accounts/staff/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/staff/"


def test_next_to_a_local_path_is_followed_without_mfa(client, staff, settings):
    settings.REQUIRE_MFA = False

    response = password_step(client, staff.email, data={"next": "/accounts/staff/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/staff/"


def test_sign_in_pages_reject_other_methods(client, staff):
    assert client.put(LOGIN).status_code == 405
    password_step(client, staff.email)
    assert client.put(MFA_SETUP).status_code == 405
    assert client.delete(MFA_VERIFY).status_code == 405
