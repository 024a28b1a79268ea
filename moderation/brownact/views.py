"""The City Clerk's Brown Act alerts, and administrators registering bodies and members."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK, has_role, role_required
from moderation.brownact import services
from moderation.brownact.models import BrownActAlert, LegislativeBody
from moderation.models import Platform, PublicAccount


class CloseForm(forms.Form):
    note = forms.CharField(label="What you found or did", widget=forms.Textarea(attrs={"rows": 2}))


class BodyForm(forms.Form):
    name = forms.CharField(max_length=200)
    jurisdiction_terms = forms.CharField(
        label="Matters within its jurisdiction (one a line; empty: every matter)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MemberForm(forms.Form):
    name = forms.CharField(max_length=200)
    seat = forms.CharField(max_length=100, required=False)
    platform = forms.ChoiceField(choices=Platform.choices)
    account_ids = forms.CharField(
        label="Their accounts' platform ids or handles (one a line)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        wanted = [line.strip().lstrip("@") for line in data.get("account_ids", "").splitlines()]
        wanted = [w for w in wanted if w]
        found = list(
            PublicAccount.objects.filter(platform=data.get("platform"), external_id__in=wanted)
        ) + list(PublicAccount.objects.filter(platform=data.get("platform"), handle__in=wanted))
        accounts = {a.pk: a for a in found}
        known = {a.external_id for a in found} | {a.handle for a in found}
        missing = [w for w in wanted if w not in known]
        if missing:
            raise ValidationError(f"No such account on that platform: {', '.join(missing)}.")
        data["accounts"] = list(accounts.values())
        return data


def _clerk_only(user) -> None:
    if not has_role(user, RECORDS_CLERK, ADMINISTRATOR):
        raise PermissionDenied("Brown Act alerts are for the City Clerk's office.")


def get_alert_for_user(user, pk: int) -> BrownActAlert:
    _clerk_only(user)
    alert = (
        BrownActAlert.objects.select_related("body", "comment__site", "post").filter(pk=pk).first()
    )
    if alert is None:
        raise Http404("No such alert.")
    return alert


@require_http_methods(["GET", "HEAD"])
def alert_list(request):
    _clerk_only(request.user)
    alerts = BrownActAlert.objects.select_related(
        "body", "comment__site", "comment__account", "comment__parent__account", "post", "closed_by"
    ).order_by("state", "-created_at")[:300]
    return render(
        request, "moderation/brownact/alerts.html", {"alerts": alerts, "close_form": CloseForm()}
    )


@require_POST
def alert_close(request, pk: int):
    alert = get_alert_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.brown_act_alert_close(
                alert=alert, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, "Alert marked as reviewed.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Write what you found or did.")
    return redirect("moderation:brown_act_alerts")


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def body_list(request):
    body_form = BodyForm(request.POST if request.POST.get("form") == "body" else None)
    member_form = MemberForm(request.POST if request.POST.get("form") == "member" else None)
    if request.method == "POST":
        if request.POST.get("form") == "body" and body_form.is_valid():
            services.legislative_body_save(actor=request.user, **body_form.cleaned_data)
            messages.success(request, "Body registered.")
            return redirect("moderation:brown_act_bodies")
        if request.POST.get("form") == "member" and member_form.is_valid():
            body = LegislativeBody.objects.filter(pk=request.POST.get("body")).first()
            if body is None:
                raise Http404("No such body.")
            data = member_form.cleaned_data
            services.body_member_add(
                actor=request.user,
                body=body,
                name=data["name"],
                seat=data["seat"],
                accounts=data["accounts"],
            )
            messages.success(request, f"{data['name']} registered as a member of {body.name}.")
            return redirect("moderation:brown_act_bodies")
    bodies = LegislativeBody.objects.prefetch_related("members__accounts").order_by("name")
    return render(
        request,
        "moderation/brownact/bodies.html",
        {"bodies": bodies, "body_form": body_form, "member_form": member_form},
    )
