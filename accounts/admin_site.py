"""Django's admin, reached only through the portal's own sign-in.

The stock admin has its own login form: it checks the password with no per-address limit, no
`auth.signed_in` audit event and no second factor. Here its login page only forwards to the
portal's sign-in (rate limit, lockout, TOTP, audit), and the admin itself admits only a staff
account whose session has passed the second factor (django-otp's OTPAdminSite).
"""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice


class PortalAdminSite(OTPAdminSite):
    """The admin site with the portal's sign-in. Installed on `django.contrib.admin.site` by
    stanton/urls.py, so models registered with `@admin.register` keep their place."""

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Never checks a password: anything posted here is ignored, and the person is sent
        where sign-in really happens, coming back to the admin page they asked for."""
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = index
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, reverse("accounts:login"))
        if user.is_active and user.is_staff:
            # Signed in with the password only (REQUIRE_MFA off, as in the demo): the admin
            # still wants the second factor, so ask for it rather than refuse.
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            step = "accounts:mfa_verify" if has_device else "accounts:mfa_setup"
            return redirect_to_login(target, reverse(step))
        # Signed in, but not a technical administrator: sending them to sign in again would
        # only bring them back here.
        raise PermissionDenied("Django admin is for the technical administrator only.")
