from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import (
    OTPCodeForm,
    SignInForm,
    StaffActiveForm,
    StaffCreateForm,
    StaffUpdateForm,
)
from accounts.middleware import session_stamp_sign_in
from accounts.models import User
from accounts.ratelimit import rate_limited
from accounts.roles import ADMINISTRATOR, role_required
from accounts.selectors import (
    get_staff_for_admin,
    totp_qr_svg_data_uri,
    totp_secret_for_display,
)
from stanton.errors import ActionRefused


def safe_next(request, default: str = "home") -> str:
    """Where to go after sign-in: `next` only when it points at this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # login() rotates the session key
        session_stamp_sign_in(self.request)
        services.sign_in_record(user=form.get_user(), method="password")
        if settings.REQUIRE_MFA:
            has_device = TOTPDevice.objects.filter(user=form.get_user(), confirmed=True).exists()
            target = reverse("accounts:mfa_verify" if has_device else "accounts:mfa_setup")
            nxt = self.get_redirect_url()
            return redirect(f"{target}?{urlencode({'next': nxt})}" if nxt else target)
        return response


# Per-address limit across all accounts (credential stuffing); axes locks account+address pairs.
sign_in = login_not_required(
    rate_limited(
        scope="sign-in", limit_setting="SIGN_IN_RATE_LIMIT", window_setting="SIGN_IN_RATE_WINDOW"
    )(require_http_methods(["GET", "HEAD", "POST"])(SignInView.as_view()))
)


def _second_factor_passed(request, device) -> None:
    """Mark the session verified, with a new session key: gaining the second factor is a
    change of privilege (OWASP ASVS 3.2.1), so a key seen before it must not carry it."""
    otp_login(request, device)
    request.session.cycle_key()
    services.sign_in_record(user=request.user, method="totp")


@require_http_methods(["GET", "HEAD", "POST"])
def mfa_verify(request):
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("accounts:mfa_setup")
    if request.user.is_verified():
        return redirect(safe_next(request))
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # verify_token refuses a code at or before the last one accepted (no replay) and
        # throttles repeated failures.
        device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            _second_factor_passed(request, device)
            return redirect(safe_next(request))
        form.add_error(
            "code",
            "That code is not valid, or it has already been used. Wait for "
            "the next code and try again.",
        )
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": safe_next(request)})


@require_http_methods(["GET", "HEAD", "POST"])
def mfa_setup(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:mfa_verify")
    device = services.mfa_device_pending(user=request.user)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.mfa_device_confirm(user=request.user, device=device)
            _second_factor_passed(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(safe_next(request))
        form.add_error(
            "code",
            "That code does not match. Check the time on your phone and enter the current code.",
        )
    context = {
        "form": form,
        "qr": totp_qr_svg_data_uri(device),
        "secret": totp_secret_for_display(device),
        "next": safe_next(request),
    }
    return render(request, "accounts/mfa_setup.html", context)


sign_out = auth_views.LogoutView.as_view()


@role_required(ADMINISTRATOR)
@require_safe
def staff_list(request):
    users = User.objects.prefetch_related("groups").order_by("full_name", "email")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page})


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.staff_create(
            actor=request.user,
            email=data["email"],
            full_name=data["full_name"],
            title=data["title"],
            roles=data["roles"],
            password=data["password"],
        )
        messages.success(request, f"Staff account created for {user.email}.")
        return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_detail(request, pk: int):
    person = get_staff_for_admin(request.user, pk)
    initial = {"roles": list(person.groups.values_list("name", flat=True))}
    form = StaffUpdateForm(request.POST or None, instance=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.staff_update(
            actor=request.user,
            user=person,
            full_name=form.cleaned_data["full_name"],
            title=form.cleaned_data["title"],
            roles=form.cleaned_data["roles"],
        )
        messages.success(request, "Staff account updated.")
        return redirect("accounts:staff_detail", pk=person.pk)
    history = person.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "accounts/staff_form.html",
        {"form": form, "person": person, "active_form": StaffActiveForm(), "history": history},
    )


@role_required(ADMINISTRATOR)
@require_POST
def staff_set_active(request, pk: int):
    person = get_staff_for_admin(request.user, pk)
    form = StaffActiveForm(request.POST)
    activate = request.POST.get("activate") == "1"
    if not form.is_valid():
        messages.error(request, "Give a reason for the change.")
    else:
        try:
            services.staff_set_active(
                actor=request.user, user=person, active=activate, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            done = "reactivated" if activate else "deactivated"
            messages.success(request, f"{person.email} {done}.")
    return redirect("accounts:staff_detail", pk=person.pk)
