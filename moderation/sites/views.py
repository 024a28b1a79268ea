"""Administrators manage sites and, from each site's page, its designations."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, role_required
from moderation.models import Site
from moderation.sites import services
from moderation.sites.compliance import site_compliance
from moderation.sites.forms import DesignationGrantForm, DesignationRevokeForm, SiteForm
from moderation.sites.selectors import get_designation_for_admin, get_site_for_admin
from stanton.errors import ActionRefused


@role_required(ADMINISTRATOR)
@require_safe
def site_list(request):
    sites = Site.objects.order_by("name")
    return render(request, "moderation/site_list.html", {"sites": sites})


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def site_create(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = services.site_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Site “{site.name}” added.")
        return redirect("moderation:site_detail", slug=site.slug)
    return render(request, "moderation/site_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def site_edit(request, slug: str):
    site = get_site_for_admin(request.user, slug)
    form = SiteForm(request.POST or None, instance=Site.objects.get(pk=site.pk))
    if request.method == "POST" and form.is_valid():
        site = services.site_update(actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, "Site updated.")
        return redirect("moderation:site_detail", slug=site.slug)
    return render(request, "moderation/site_form.html", {"form": form, "site": site})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def site_detail(request, slug: str):
    site = get_site_for_admin(request.user, slug)
    form = DesignationGrantForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.designation_grant(
                actor=request.user,
                user=data["user"],
                site=site,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{data['user']} designated for {site.name}.")
            return redirect("moderation:site_detail", slug=site.slug)
    designations = site.designations.select_related("user", "designated_by", "revoked_by").order_by(
        "revoked_at", "-starts_on"
    )
    history = (
        site.designations.model.history.filter(site_id=site.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:30]
    )
    return render(
        request,
        "moderation/site_detail.html",
        {
            "site": site,
            "designations": designations,
            "form": form,
            "history": history,
            "revoke_form": DesignationRevokeForm(),
            "compliance": site_compliance(site),
        },
    )


@require_POST
@role_required(ADMINISTRATOR)
def designation_revoke(request, slug: str, pk: int):
    site = get_site_for_admin(request.user, slug)
    designation = get_designation_for_admin(request.user, site, pk)
    form = DesignationRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for revoking the designation.")
    else:
        try:
            services.designation_revoke(
                actor=request.user, designation=designation, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Designation of {designation.user} revoked.")
    return redirect("moderation:site_detail", slug=site.slug)
