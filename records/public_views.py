"""The public side of records requests (no sign-in): the request form, the receipt, and the
requester's private tracking page with its messages and released files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.ratelimit import rate_limited
from records import services
from records.forms import PublicRequestForm, RequesterMessageForm
from records.models import (
    ArchiveCopy,
    DisclosurePackage,
    PackageRelease,
    PackageStatus,
    RecordsRequest,
)
from records.packages.archive_copy import identifiers_by_request, withhold
from records.selectors.requests import annotate_deadlines
from records.services.portal import tracking_token_hash
from stanton.errors import ActionRefused

RECEIPT_SESSION_KEY = "records_public_receipt"


def _request_for_token(token: str) -> RecordsRequest:
    """The request a tracking link opens; 404 for anything else (no hint which part is wrong)."""
    if not token or len(token) > 100:
        raise Http404("No such request.")
    request = (
        RecordsRequest.objects.filter(tracking_token_sha256=tracking_token_hash(token))
        .exclude(tracking_token_sha256="")
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited(
    scope="records-public-request",
    limit_setting="RECORDS_PUBLIC_REQUEST_RATE_LIMIT",
    window_setting="RECORDS_PUBLIC_REQUEST_RATE_WINDOW",
)
def public_request(request):
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records_request, token = services.request_submit_public(
            description=form.cleaned_data["description"],
            requester_name=form.cleaned_data["requester_name"],
            requester_contact=form.cleaned_data["requester_contact"],
            wants_pdf=form.cleaned_data["wants_pdf"],
            tracking_url=lambda t: request.build_absolute_uri(reverse("records:track", args=[t])),
        )
        # The token is shown once, on the next page, and is then forgotten.
        request.session[RECEIPT_SESSION_KEY] = {"number": records_request.number, "token": token}
        return redirect("records:public_request_received")
    status = 400 if request.method == "POST" else 200
    return render(request, "records/public/request_form.html", {"form": form}, status=status)


@login_not_required
@require_safe
def public_request_received(request):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if receipt is None:
        return redirect("records:public_request")
    link = request.build_absolute_uri(reverse("records:track", args=[receipt["token"]]))
    return render(
        request,
        "records/public/request_received.html",
        {"number": receipt["number"], "link": link},
    )


@login_not_required
@require_safe
def track(request, token: str):
    return _track_page(request, _request_for_token(token), token, RequesterMessageForm())


def _track_page(request, records_request, token: str, form, status: int = 200):
    annotate_deadlines([records_request])
    releases = (
        PackageRelease.objects.filter(package__request=records_request)
        .select_related("package")
        .order_by("released_at")
    )
    response = render(
        request,
        "records/public/track.html",
        {
            "req": records_request,
            "token": token,
            "messages_thread": records_request.messages.order_by("sent_at", "id"),
            # The letters as sent (acknowledgment, extension notice, determination).
            "letters": records_request.letters.order_by("sent_at", "id"),
            "releases": releases,
            "form": form,
        },
        status=status,
    )
    # The token is in the URL: no other site may see it in a Referer. "same-origin", not
    # "no-referrer": under no-referrer the browser sends `Origin: null` with the page's own
    # message form, and Django's CSRF check (rightly) refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@require_POST
@rate_limited(
    scope="records-public-message",
    limit_setting="RECORDS_PUBLIC_REQUEST_RATE_LIMIT",
    window_setting="RECORDS_PUBLIC_REQUEST_RATE_WINDOW",
)
def track_message(request, token: str):
    records_request = _request_for_token(token)
    form = RequesterMessageForm(request.POST)
    if form.is_valid():
        try:
            services.request_message_from_requester(
                request=records_request, body=form.cleaned_data["body"]
            )
        except ActionRefused as exc:
            form.add_error(None, exc)
        else:
            return redirect("records:track", token=token)
    return _track_page(request, records_request, token, form, status=400)


@login_not_required
@require_safe
def archive(request):
    closed = (
        RecordsRequest.objects.filter(in_public_archive=True)
        .prefetch_related(
            Prefetch(
                "packages",
                queryset=DisclosurePackage.objects.filter(release__isnull=False).select_related(
                    "release", "release__archive_copy"
                ),
                to_attr="released_packages",
            )
        )
        .order_by("-closed_on", "-sequence")
    )
    page = Paginator(closed, 25).get_page(request.GET.get("page"))
    # A requester may have named themselves in the description: withheld here as in the copy.
    identifiers = identifiers_by_request(page.object_list)
    for r in page.object_list:
        r.public_description, _count = withhold(r.description, identifiers[r.pk])
    return render(request, "records/public/archive.html", {"page": page})


@login_not_required
@require_safe
def archive_download(request, pk: int):
    """The archive copy of a release (the requester's name and contact withheld), never the
    release itself: see records/packages/archive_copy.py."""
    copy = (
        ArchiveCopy.objects.filter(
            release__pk=pk, release__package__request__in_public_archive=True
        )
        .select_related("release__package__request")
        .first()
    )
    if copy is None:
        raise Http404("No such file, or it is still being prepared.")
    package = copy.release.package
    return _zip_response(
        copy.file, package, f"{package.request.number}-public-release-{copy.release.pk}.zip"
    )


def _release_response(release: PackageRelease):
    package = release.package
    return _zip_response(
        package.file, package, f"{package.request.number}-release-{release.pk}.zip"
    )


def _zip_response(file, package: DisclosurePackage, filename: str):
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The file is missing.") from exc
    services.package_download_log(actor=None, package=package, ip=None)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@require_safe
def track_download(request, token: str, pk: int):
    records_request = _request_for_token(token)
    release = (
        PackageRelease.objects.filter(pk=pk, package__request=records_request)
        .select_related("package", "package__request")
        .first()
    )
    if release is None or release.package.status != PackageStatus.COMPLETE:
        raise Http404("No such file.")
    return _release_response(release)
