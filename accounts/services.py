"""Every change to staff accounts, each with its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import ALL_ROLES
from audit.events import AuditVerb
from audit.services import audit_record
from stanton.errors import ActionRefused


def _set_roles(user: User, roles: Iterable[str]) -> list[str]:
    wanted = sorted(set(roles))
    unknown = set(wanted) - set(ALL_ROLES)
    if unknown:
        raise ActionRefused(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user.groups.set(Group.objects.filter(name__in=wanted))
    user.__dict__.pop("_stanton_roles", None)
    return wanted


@transaction.atomic
def staff_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    title: str,
    roles: Iterable[str],
    password: str,
) -> User:
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, title=title
    )
    granted = _set_roles(user, roles)
    audit_record(
        actor=actor,
        verb=AuditVerb.STAFF_CREATED,
        target=user,
        data={"email": user.email, "roles": granted, "title": title},
    )
    return user


@transaction.atomic
def staff_update(
    *, actor: User, user: User, full_name: str, title: str, roles: Iterable[str]
) -> User:
    before = sorted(user.groups.values_list("name", flat=True))
    user.full_name = full_name
    user.title = title
    user.save(update_fields=["full_name", "title"])
    after = _set_roles(user, roles)
    audit_record(
        actor=actor,
        verb=AuditVerb.STAFF_UPDATED,
        target=user,
        data={"roles_before": before, "roles_after": after, "full_name": full_name, "title": title},
    )
    return user


@transaction.atomic
def staff_set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    """Deactivation takes effect on the person's next request: the auth backend refuses
    inactive accounts, so every open session of theirs becomes anonymous."""
    if user.pk == actor.pk and not active:
        raise ActionRefused("You cannot deactivate your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        verb=AuditVerb.STAFF_ACTIVATED if active else AuditVerb.STAFF_DEACTIVATED,
        target=user,
        data={"reason": reason},
    )
    return user


@transaction.atomic
def mfa_device_confirm(*, user: User, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, verb=AuditVerb.MFA_ENROLLED, target=user, data={"device": device.name})


@transaction.atomic
def sign_in_record(*, user: User, method: str) -> None:
    audit_record(actor=user, verb=AuditVerb.AUTH_SIGNED_IN, target=user, data={"method": method})


def mfa_device_pending(*, user: User):
    """The unconfirmed authenticator being enrolled (made once, kept until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device
