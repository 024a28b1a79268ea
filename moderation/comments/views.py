"""Acting on any comment, not only the flagged ones: the all-comments search, a staff flag
from the comment's page, the page of one public account (with staff notes), and the public's
report form (no sign-in)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.ratelimit import client_address, hit
from accounts.roles import MODERATOR, SUPERVISOR, role_required
from moderation.comments.filters import CommentSearchFilter
from moderation.comments.forms import AccountNoteForm, CommentFlagForm, PublicReportForm
from moderation.comments.selectors import (
    account_context,
    comment_for_public_report,
    comments_for_user,
    get_account_for_user,
    get_comment_for_user,
)
from moderation.comments.services import account_note_add, comment_flag, comment_report
from moderation.models import Comment
from stanton.errors import ActionRefused

STAFF_ROLES = (MODERATOR, SUPERVISOR)
PAGE_SIZE = 50
ACCOUNT_COMMENTS_PAGE_SIZE = 50


def _page_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- every comment ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
@require_safe
def comment_list(request: HttpRequest) -> HttpResponse:
    filterset = CommentSearchFilter(
        request.GET, queryset=comments_for_user(request.user), request=request
    )
    queryset = filterset.qs if filterset.is_valid() else Comment.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "page_query": _page_query(request),
        "filters_active": any(request.GET.get(name) for name in filterset.filters),
    }
    if request.htmx:
        return render(request, "moderation/comments/_list_results.html", context)
    return render(request, "moderation/comments/list.html", context)


# --- a staff flag -------------------------------------------------------------------------------
@require_POST
def comment_flag_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    form = CommentFlagForm(request.POST)
    if form.is_valid():
        try:
            flag = comment_flag(
                comment=comment,
                actor=request.user,
                category=form.cleaned_data["category"].code,
                note=form.cleaned_data["note"],
            )
        except ActionRefused as exc:
            messages.error(request, f"Not flagged: {exc}")
        else:
            messages.success(
                request, f"Flagged for {flag.category.name}: the comment is in the queue."
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Not flagged: {error}")
    return redirect("moderation:comment_detail", pk=comment.pk)


# --- one public account -------------------------------------------------------------------------
def _account_page(request: HttpRequest, pk: int, *, form=None, status: int = 200):
    account = get_account_for_user(request.user, pk)
    ctx = account_context(account=account, user=request.user)
    comments = comments_for_user(request.user).filter(account=account)
    page = Paginator(comments, ACCOUNT_COMMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/comments/account.html",
        {
            "account": account,
            "ctx": ctx,
            "page": page,
            "page_query": _page_query(request),
            "note_form": form or AccountNoteForm(),
        },
        status=status,
    )


@role_required(*STAFF_ROLES)
@require_safe
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_page(request, pk)


@role_required(*STAFF_ROLES)
@require_POST
def account_note_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, pk)
    form = AccountNoteForm(request.POST)
    if form.is_valid():
        try:
            account_note_add(account=account, actor=request.user, text=form.cleaned_data["text"])
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Note recorded.")
            return redirect("moderation:account_detail", pk=account.pk)
    return _account_page(request, pk, form=form, status=400)


# --- the public's reports -----------------------------------------------------------------------
def _too_many(request: HttpRequest) -> HttpResponse:
    window = settings.PUBLIC_REPORT_RATE_WINDOW
    response = render(
        request, "moderation/comments/report_limited.html", {"window": window}, status=429
    )
    response["Retry-After"] = str(window)
    return response


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """Anyone may report a comment on a City page. Counted per address (Redis, shared by
    every process), so one sender cannot flood the queue; the address is never stored."""
    if request.method != "POST":
        return render(request, "moderation/comments/report.html", {"form": PublicReportForm()})
    address = client_address(request)
    if not hit(
        "public-report",
        address,
        limit=settings.PUBLIC_REPORT_RATE_LIMIT,
        window=settings.PUBLIC_REPORT_RATE_WINDOW,
    ):
        return _too_many(request)
    form = PublicReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        comment = comment_for_public_report(data["comment"])
        if comment is None:
            # Says only that this reference matched nothing we can act on, never why.
            form.add_error(
                "comment",
                "We could not match this to a comment on one of the City's pages. Copy the "
                "comment's own link from the platform and try again.",
            )
        else:
            comment_report(
                comment=comment,
                category=data["category"].code,
                note=data["note"],
                contact=data["contact"],
                reporter_address=address,
            )
            return redirect("moderation:report_received")
    return render(request, "moderation/comments/report.html", {"form": form}, status=400)


@login_not_required
@require_safe
def report_received(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/comments/report_received.html")
