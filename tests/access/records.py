"""Records pages: records clerks and administrators only; closure days are administrators'.
POST-only URLs answer a GET with 405 (the method is checked before the role)."""

from tests.access.common import ADMIN_ONLY, PUBLIC, expect

RECORDS_STAFF = expect(403, anonymous="login", clerk=200, admin=200)
POST_ONLY = expect(405, anonymous="login")

EXPECTATIONS = {
    # The public's side: no sign-in; the tracking link's token is the key.
    "records:public_request": ({}, PUBLIC),
    "records:public_request_received": ({}, expect("redirect")),
    "records:archive": ({}, PUBLIC),
    "records:archive_download": ({"pk": "records_release"}, expect(404)),
    "records:track": ({"token": "records_token"}, PUBLIC),
    "records:track_message": ({"token": "records_token"}, expect(405)),
    "records:track_download": ({"token": "records_token", "pk": "records_release"}, PUBLIC),
    "records:dashboard": ({}, RECORDS_STAFF),
    "records:request_list": ({}, RECORDS_STAFF),
    "records:request_create": ({}, RECORDS_STAFF),
    "records:request_detail": ({"pk": "records_request"}, RECORDS_STAFF),
    "records:request_status": ({"pk": "records_request"}, POST_ONLY),
    "records:request_assign": ({"pk": "records_request"}, POST_ONLY),
    "records:request_assistance": ({"pk": "records_request"}, POST_ONLY),
    "records:request_extend": ({"pk": "records_request"}, RECORDS_STAFF),
    "records:request_determine": ({"pk": "records_request"}, RECORDS_STAFF),
    "records:request_message": ({"pk": "records_request"}, POST_ONLY),
    "records:request_acknowledge": ({"pk": "records_request"}, POST_ONLY),
    "records:request_archive": ({"pk": "records_request"}, POST_ONLY),
    "records:letter_template_list": ({}, ADMIN_ONLY),
    "records:letter_template_edit": ({"kind": "letter_kind"}, ADMIN_ONLY),
    "records:package_release": ({"pk": "records_package"}, POST_ONLY),
    "records:request_search": ({"pk": "records_request"}, RECORDS_STAFF),
    "records:request_review": ({"pk": "records_request"}, RECORDS_STAFF),
    "records:request_records_choose": ({"pk": "records_request"}, POST_ONLY),
    "records:redaction_mark": ({"pk": "records_request"}, POST_ONLY),
    "records:redaction_editor": (
        {"pk": "records_request", "target_type": "comment", "target_id": "records_comment"},
        RECORDS_STAFF,
    ),
    "records:package_create": ({"pk": "records_request"}, POST_ONLY),
    "records:redaction_withdraw": ({"pk": "records_redaction"}, POST_ONLY),
    "records:package_detail": ({"pk": "records_package"}, RECORDS_STAFF),
    "records:package_retry": ({"pk": "records_package"}, POST_ONLY),
    "records:package_download": ({"pk": "records_package"}, RECORDS_STAFF),
    "records:exemption_list": ({}, RECORDS_STAFF),
    "records:exemption_create": ({}, expect(403, anonymous="login", admin=200)),
    "records:exemption_edit": (
        {"pk": "records_exemption"},
        expect(403, anonymous="login", admin=200),
    ),
    "records:closure_list": ({}, expect(403, anonymous="login", admin=200)),
    "records:closure_withdraw": ({"pk": "records_closure"}, POST_ONLY),
    "records:hold_list": ({}, RECORDS_STAFF),
    "records:hold_create": ({}, RECORDS_STAFF),
    "records:hold_release": ({"pk": "records_hold"}, POST_ONLY),
}


def build_scene(scene):
    from django.utils import timezone

    from records import services
    from records.models import Exemption
    from records.packages.builder import package_build
    from tests.factories import CommentFactory, SiteFactory

    clerk = scene["users"]["clerk"]
    comment = CommentFactory(site=SiteFactory())
    request = services.request_create(
        actor=clerk,
        received_on=timezone.localdate(),
        description="Access scene",
        channel="email",
        assignee=clerk,
    )
    redaction = services.redaction_create(
        actor=clerk,
        request=request,
        target_type="comment",
        target_id=comment.pk,
        field="body",
        start=None,
        end=None,
        exemption=Exemption.objects.get(code="employee-home-contact"),
    )
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    package_build(package_id=package.pk)
    hold = services.hold_place(actor=clerk, reason="Claim", keyword="pool")
    portal_request, token = services.request_submit_public(
        description="Access scene (portal)", tracking_url=lambda t: f"/records/track/{t}/"
    )
    released = services.package_request(actor=clerk, request=portal_request, enqueue=False)
    package_build(package_id=released.pk)
    release = services.package_release(actor=clerk, package=released)
    closure = services.closure_add(
        actor=scene["users"]["admin"], day=timezone.localdate().replace(year=2099), reason="Scene"
    )
    return {
        "records_request": request.pk,
        "records_comment": comment.pk,
        "records_redaction": redaction.pk,
        "records_package": package.pk,
        "records_hold": hold.pk,
        "records_closure": closure.pk,
        "records_token": token,
        "letter_kind": "acknowledgment",
        "records_release": release.pk,
        "records_exemption": Exemption.objects.get(code="pending-litigation").pk,
    }
