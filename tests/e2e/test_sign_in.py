"""Sign-in in a real browser with a TOTP code, and the pages it visits are accessible."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import assert_accessible, current_totp, sign_in_with_totp
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_totp_code(page, moderator):
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    assert page.url.endswith("/")
    assert page.get_by_role("heading", name="Welcome").is_visible() or page.locator(
        "h1"
    ).first.inner_text().startswith("Welcome")
    assert_accessible(page)
    assert not page.dialogs_seen


def test_first_sign_in_enrols_an_authenticator(page, outsider):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(outsider.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/mfa/setup/**")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=outsider, confirmed=False)
    page.get_by_label("Six-digit code from your authenticator app").fill(current_totp(device))
    page.get_by_role("button", name="Confirm and continue").click()
    page.wait_for_load_state()
    device.refresh_from_db()
    assert device.confirmed
    assert page.locator("h1").first.inner_text().startswith("Welcome")


def test_wrong_code_is_refused(page, moderator):
    TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(moderator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/mfa/**")
    page.get_by_label("Six-digit code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_text("That code is not valid").is_visible()
    assert_accessible(page)


def test_the_accessibility_check_is_not_vacuous(page):
    """assert_accessible must fail on a page with known serious violations."""
    page.set_content(
        '<html><head><title>t</title></head><body><main><img src="x.png">'
        '<input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt|label"):
        assert_accessible(page)
