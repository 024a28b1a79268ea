"""The moderation queue: the list, one comment's detail (which claims it), its raw payload,
decisions one at a time or in bulk. Every action works as a plain form POST that redirects;
with htmx the same views answer with the partial to swap in."""

from __future__ import annotations

import json
from string import Formatter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import MODERATOR, SUPERVISOR, role_required
from moderation.comments.forms import CommentFlagForm
from moderation.comments.selectors import comment_context, get_comment_for_user, live_claim
from moderation.models import Comment, QueueState
from moderation.queue.claims import ClaimHeld, claim_release, claim_take
from moderation.queue.filters import QueueFilter
from moderation.queue.forms import BulkDecisionForm, DecisionForm, QueueViewForm
from moderation.queue.selectors import (
    DEFAULT_PAGE_SIZE,
    SORT_PRIORITY,
    BadCursor,
    queue_comments,
    queue_next_comment_id,
    queue_page,
)
from moderation.queue.services import comment_decide, comments_decide_bulk
from stanton.errors import ActionRefused

QUEUE_ROLES = (MODERATOR, SUPERVISOR)


# --- the list ------------------------------------------------------------------------------------
def _queue_context(request: HttpRequest, params: QueryDict) -> dict:
    filterset = QueueFilter(params, queryset=queue_comments(request.user), request=request)
    filterset.is_valid()
    view_form = QueueViewForm(params)
    view_form.is_valid()
    sort = view_form.cleaned_data.get("sort") or SORT_PRIORITY
    size = view_form.cleaned_data.get("size") or DEFAULT_PAGE_SIZE
    after = view_form.cleaned_data.get("after") or None
    chosen_site = filterset.form.cleaned_data.get("site") if filterset.form.is_valid() else None
    site_ids = [chosen_site.pk] if chosen_site else None
    cursor_error = ""
    try:
        page = queue_page(
            user=request.user,
            queryset=filterset.qs,
            site_ids=site_ids,
            sort=sort,
            after=after,
            size=size,
        )
    except BadCursor as exc:
        cursor_error = f"{exc} Showing the first page."
        page = queue_page(
            user=request.user, queryset=filterset.qs, site_ids=site_ids, sort=sort, size=size
        )
    current = params.copy()
    current.pop("after", None)
    next_query = ""
    if page.next_cursor:
        following = current.copy()
        following["after"] = page.next_cursor
        next_query = following.urlencode()
    return {
        "filters_active": any(params.get(name) for name in [*filterset.filters, "sort", "size"]),
        "filterset": filterset,
        "view_form": view_form,
        "page": page,
        "cursor_error": cursor_error,
        "next_query": next_query,
        "return_query": params.urlencode(),
        "first_page_query": current.urlencode(),
        "bulk_form": BulkDecisionForm(user=request.user),
    }


@role_required(*QUEUE_ROLES)
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    context = _queue_context(request, request.GET)
    if request.htmx:
        return render(request, "moderation/queue/_results.html", context)
    return render(request, "moderation/queue/queue.html", context)


# --- one comment ------------------------------------------------------------------------------
class _KeepUnknown(dict):
    """Leaves a template's placeholders it cannot fill for the moderator to complete."""

    def __missing__(self, key: str) -> str:
        return "[" + key + "]"


def _rationale_template(template: str, *, evidence: str = "", sub_reason: str = "") -> str:
    values = _KeepUnknown()
    if evidence:
        values["evidence"] = evidence
    if sub_reason:
        values["sub_reason"] = sub_reason
    try:
        # Only plain {name} fields: a template is staff-written text, not a format program.
        if any(
            spec or conv or "." in (name or "") or "[" in (name or "")
            for _lit, name, spec, conv in Formatter().parse(template)
        ):
            return template
        return template.format_map(values)
    except (ValueError, IndexError, KeyError):
        return template


def _initial_decision(ctx) -> dict:
    """Offer the first flagged category's rationale template, filled with the first matched
    words; the moderator edits it (without JS this is the textarea's starting text)."""
    if not ctx.open_flags:
        return {}
    flag = ctx.open_flags[0]
    spans = (flag.evidence or {}).get("spans") or []
    evidence = next((s.get("text", "") for s in spans if isinstance(s, dict)), "")
    # The category itself is left for the moderator to tick: a removal is a person's
    # judgment, not the flagger's, so it never goes through on one keystroke.
    return {
        "rationale": _rationale_template(
            flag.category.rationale_template,
            evidence=str(evidence)[:200],
            sub_reason=flag.sub_reason,
        ),
    }


def _detail_context(request, comment: Comment, *, form=None, claim_error: str = "") -> dict:
    ctx = comment_context(comment=comment, user=request.user)
    if form is None:
        form = DecisionForm(initial=_initial_decision(ctx))
    categories = form.fields["categories"].queryset
    return {
        "ctx": ctx,
        "comment": comment,
        "form": form,
        "claim": live_claim(comment),
        "claim_error": claim_error,
        "flag_form": CommentFlagForm(),
        "templates": [
            {"code": c.code, "text": _rationale_template(c.rationale_template)} for c in categories
        ],
    }


def _open(request, comment: Comment) -> str:
    """Opening an item claims it (the point of opening it). Returns why it could not be."""
    if comment.queue_state == QueueState.NONE:
        return ""
    try:
        claim_take(comment=comment, user=request.user)
    except ClaimHeld as exc:
        return str(exc)
    return ""


@require_safe
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    claim_error = _open(request, comment)
    context = _detail_context(request, comment, claim_error=claim_error)
    template = "moderation/queue/_detail.html" if request.htmx else "moderation/queue/detail.html"
    return render(request, template, context)


@require_safe
def comment_raw(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk)
    revisions = comment.revisions.order_by("number")
    return render(
        request,
        "moderation/queue/raw.html",
        {
            "comment": comment,
            # Pretty-printed here; the template escapes it (platform text is hostile).
            "payload": json.dumps(
                comment.raw_payload, indent=2, sort_keys=True, ensure_ascii=False
            ),
            "revisions": [
                (rev, json.dumps(rev.raw_payload, indent=2, sort_keys=True, ensure_ascii=False))
                for rev in revisions
            ],
        },
    )


@require_POST
def comment_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = comment_decide(
                comment=comment,
                actor=request.user,
                action=data["action"],
                categories=[c.code for c in data["categories"]],
                rationale=data["rationale"],
                sub_reason=data["sub_reason"],
                seen_decision_id=data.get("seen_decision"),
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{decision.get_action_display()}: comment {comment.pk} decided."
            )
            return _after_decision(request, comment)
    context = _detail_context(request, comment, form=form)
    template = "moderation/queue/_detail.html" if request.htmx else "moderation/queue/detail.html"
    return render(request, template, context, status=200 if request.htmx else 400)


def _after_decision(request: HttpRequest, comment: Comment) -> HttpResponse:
    """On to the next item in the queue (claimed as it opens), or back to the queue."""
    next_id = queue_next_comment_id(user=request.user, after_comment=comment)
    if next_id is None:
        messages.info(request, "Nothing else is waiting for you in the queue.")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("moderation:queue")
            return response
        return redirect("moderation:queue")
    if request.htmx:
        following = get_comment_for_user(request.user, next_id, for_action=True)
        context = _detail_context(request, following, claim_error=_open(request, following))
        response = render(request, "moderation/queue/_detail.html", context)
        response["HX-Push-Url"] = reverse("moderation:comment_detail", args=[next_id])
        return response
    return redirect("moderation:comment_detail", pk=next_id)


@require_POST
def comment_release(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    if claim_release(comment=comment, user=request.user):
        messages.success(request, f"You released comment {comment.pk} for others to take.")
    return redirect("moderation:queue")


# --- bulk ---------------------------------------------------------------------------------------
@role_required(*QUEUE_ROLES)
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkDecisionForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        decided, refused = comments_decide_bulk(
            comment_ids=[c.pk for c in data["comments"]],
            actor=request.user,
            action=data["action"],
            category=data["category"].code if data["category"] else None,
            rationale=data["rationale"],
        )
        if decided:
            messages.success(
                request, f"{len(decided)} comment{'s' if len(decided) != 1 else ''} decided."
            )
        for refusal in refused:
            messages.error(request, f"Comment {refusal.comment_id} not decided: {refusal.reason}")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return_query = QueryDict(request.POST.get("return_query", "")[:2000])
    if request.htmx:
        return render(
            request,
            "moderation/queue/_results.html",
            {**_queue_context(request, return_query), "oob_messages": True},
        )
    url = reverse("moderation:queue")
    query = return_query.urlencode()
    return redirect(f"{url}?{query}" if query else url)
