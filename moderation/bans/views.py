"""Ban pages: list, propose, detail; supervisors approve, reject and lift (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import MODERATOR, SUPERVISOR, role_required
from moderation.bans.filters import BanFilter
from moderation.bans.forms import (
    AccountSearchForm,
    BanDecideForm,
    BanLiftForm,
    BanProposeForm,
    evidence_seen_token,
)
from moderation.bans.selectors import (
    accounts_with_removed_comments,
    ban_account_history,
    ban_covered_site_names,
    ban_detail_context,
    bans_visible_to,
    get_ban_for_user,
)
from moderation.bans.services import (
    APPROVE,
    LIFT,
    ban_approve,
    ban_lift,
    ban_propose,
    ban_refusal,
    ban_reject,
)
from moderation.comments.selectors import get_account_for_user
from moderation.models import Ban, BanState, Comment
from moderation.sites.selectors import designated_site_ids
from stanton.errors import ActionRefused

PAGE_SIZES = (25, 50, 100)


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _may(user, ban: Ban, doing: str) -> bool:
    """Whether to offer the button: the services' own rule (bans/services.py, ban_refusal)."""
    return not ban_refusal(ban=ban, actor=user, doing=doing, site_ids=designated_site_ids(user))


def _back(request, ban: Ban):
    """Back to the page the form was on (the list or the detail), never off-site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("moderation:ban_detail", pk=ban.pk)


@role_required(MODERATOR, SUPERVISOR)
@require_safe
def ban_list(request):
    bans = BanFilter(request.GET or None, queryset=bans_visible_to(request.user), request=request)
    if bans.is_bound and not bans.is_valid():
        queryset = Ban.objects.none()
    else:
        queryset = bans.qs.order_by("-proposed_at", "-id")
    page = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    covered = ban_covered_site_names(rows)
    for ban in rows:
        ban.covered_site_names = covered[ban.pk]
        ban.can_decide = _may(request.user, ban, APPROVE)
    return render(
        request,
        "moderation/bans/list.html",
        {"filter": bans, "page": page, "bans": rows, "next": request.get_full_path()},
    )


@role_required(MODERATOR, SUPERVISOR)
@require_http_methods(["GET", "HEAD", "POST"])
def ban_propose_view(request):
    account_id = request.GET.get("account", "")
    if not account_id.isdigit():
        search = AccountSearchForm(request.GET or None)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        return render(
            request,
            "moderation/bans/choose_account.html",
            {
                "search": search,
                "accounts": accounts_with_removed_comments(request.user, search=query),
            },
        )
    account = get_account_for_user(request.user, int(account_id))

    initial = {}
    comment_id = request.GET.get("comment", "")
    if comment_id.isdigit():
        comment = Comment.objects.filter(
            pk=int(comment_id), account=account, site_id__in=designated_site_ids(request.user)
        ).first()
        if comment is not None:
            initial = {"site": comment.site_id, "evidence": [comment.pk]}
    form = BanProposeForm(request.POST or None, user=request.user, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ban = ban_propose(
                account=account,
                site=data["site"],
                scope=data["scope"],
                categories=[c.code for c in data["categories"]],
                findings=data["findings"],
                evidence_comment_ids=[c.pk for c in data["evidence"]],
                duration_days=form.duration_days(),
                actor=request.user,
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Ban proposed. It takes effect only when a supervisor approves it."
            )
            return redirect("moderation:ban_detail", pk=ban.pk)
    return render(request, "moderation/bans/propose.html", {"form": form, "account": account})


@require_safe
@role_required(MODERATOR, SUPERVISOR)
def ban_detail(request, pk: int):
    ban = get_ban_for_user(request.user, pk)
    can_decide = _may(request.user, ban, APPROVE)
    context = {
        "ban": ban,
        **ban_detail_context(ban),
        **ban_account_history(ban, request.user),
        "can_decide": can_decide,
        # Signed here, beside the evidence, and required by `ban_decide` (bans/forms.py).
        "evidence_seen": evidence_seen_token(ban_id=ban.pk, user_id=request.user.pk)
        if can_decide
        else "",
        "can_lift": _may(request.user, ban, LIFT),
        "lift_form": BanLiftForm(),
        "next": reverse("moderation:ban_detail", args=[ban.pk]),
    }
    return render(request, "moderation/bans/detail.html", context)


@require_POST
@role_required(SUPERVISOR)
def ban_decide(request, pk: int):
    ban = get_ban_for_user(request.user, pk)
    form = BanDecideForm(request.POST, ban_id=ban.pk, user_id=request.user.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if "evidence_seen" in form.errors:
            # Decided from anywhere but the ban's page: go there, to the evidence.
            return redirect("moderation:ban_detail", pk=ban.pk)
        return _back(request, ban)
    service = ban_approve if form.cleaned_data["decision"] == "approve" else ban_reject
    try:
        ban = service(ban=ban, actor=request.user, note=form.cleaned_data["note"])
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        outcome = "approved: it is now active" if ban.state == BanState.ACTIVE else "rejected"
        messages.success(request, f"Ban #{ban.pk} {outcome}.")
    return _back(request, ban)


@require_POST
@role_required(SUPERVISOR)
def ban_lift_view(request, pk: int):
    ban = get_ban_for_user(request.user, pk)
    form = BanLiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for lifting the ban early.")
        return redirect("moderation:ban_detail", pk=ban.pk)
    try:
        ban_lift(ban=ban, actor=request.user, reason=form.cleaned_data["reason"])
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Ban #{ban.pk} lifted.")
    return redirect("moderation:ban_detail", pk=ban.pk)
