"""The one access check per records object kind: records clerks and
administrators only. Records are City-wide, so there is no per-site designation check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK, has_role
from records.models import DisclosurePackage, LegalHold, RecordsRequest, Redaction


def is_records_staff(user) -> bool:
    return has_role(user, RECORDS_CLERK, ADMINISTRATOR)


def require_records_staff(user) -> None:
    if not is_records_staff(user):
        raise PermissionDenied("Only records clerks and administrators may use records pages.")


def get_request_for_user(user, pk: int) -> RecordsRequest:
    require_records_staff(user)
    try:
        return RecordsRequest.objects.select_related("assignee", "created_by", "extended_by").get(
            pk=pk
        )
    except RecordsRequest.DoesNotExist as exc:
        raise Http404("No such records request.") from exc


def get_package_for_user(user, pk: int) -> DisclosurePackage:
    require_records_staff(user)
    try:
        return DisclosurePackage.objects.select_related("request", "built_by").get(pk=pk)
    except DisclosurePackage.DoesNotExist as exc:
        raise Http404("No such package.") from exc


def get_redaction_for_user(user, pk: int) -> Redaction:
    require_records_staff(user)
    try:
        return Redaction.objects.select_related("request", "exemption").get(pk=pk)
    except Redaction.DoesNotExist as exc:
        raise Http404("No such redaction.") from exc


def get_hold_for_user(user, pk: int) -> LegalHold:
    require_records_staff(user)
    try:
        return LegalHold.objects.select_related("site", "account").get(pk=pk)
    except LegalHold.DoesNotExist as exc:
        raise Http404("No such hold.") from exc
