"""The moderation queue: the list, one comment's detail (which claims it), its raw payload,
decisions one at a time or in bulk. Every action works as a plain form POST that redirects;
with htmx the same views answer with the partial to swap in."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import MODERATOR, SUPERVISOR, has_role, role_required
from moderation.comments.forms import CommentFlagForm
from moderation.comments.selectors import comment_context, get_comment_for_user, live_claim
from moderation.connectors.selectors import comment_platform_actions, comment_platform_status
from moderation.ingest.views import INLINE_TYPES
from moderation.models import Comment, Decision, DecisionAction, PolicyCategory, QueueState
from moderation.queue.claims import ClaimHeld, claim_release, claim_take
from moderation.queue.filters import QueueFilter
from moderation.queue.forms import (
    TAB_ALL,
    TAB_ESCALATED,
    TAB_FLAGGED,
    TAB_REPORTED,
    TABS,
    BulkDecisionForm,
    DecisionForm,
    QueueViewForm,
    QuickDecisionForm,
)
from moderation.queue.rationale import (
    KEEP_CODE,
    KEEP_RATIONALE,
    matching_template,
    offered_for,
    offered_templates,
    strongest_first,
)
from moderation.queue.selectors import (
    DEFAULT_PAGE_SIZE,
    SORT_PRIORITY,
    BadCursor,
    get_decision_for_user,
    queue_comments,
    queue_next_comment_id,
    queue_page,
    queue_rows,
    queue_tab_counts,
    reported_filter,
)
from moderation.queue.services import (
    comment_decide,
    comments_decide_bulk,
    decision_undo,
    undo_refusal,
)
from stanton.errors import ActionRefused

QUEUE_ROLES = (MODERATOR, SUPERVISOR)
# The page offers "Undo" this long after a decision (queue.js then withdraws the button; the
# service itself allows UNDO_SECONDS).
UNDO_OFFER_SECONDS = 10
UNDO_SESSION_KEY = "queue_undo_decision"


def _pending_undo(request: HttpRequest) -> Decision | None:
    """The decision the previous request made, if its maker may still undo it (after a plain
    form's redirect, the page that follows offers the undo)."""
    pk = request.session.pop(UNDO_SESSION_KEY, None)
    if not isinstance(pk, int):
        return None
    decision = Decision.objects.filter(pk=pk, actor=request.user).select_related("comment").first()
    if decision is None or undo_refusal(decision, request.user):
        return None
    return decision


def _tab_queryset(queryset, tab: str):
    if tab == TAB_FLAGGED:
        return queryset.filter(queue_state=QueueState.OPEN)
    if tab == TAB_ESCALATED:
        return queryset.filter(queue_state=QueueState.ESCALATED)
    if tab == TAB_REPORTED:
        return queryset.filter(reported_filter())
    return queryset


def _tabs(request: HttpRequest, params: QueryDict, current: str) -> list[dict]:
    counts = queue_tab_counts(request.user)
    tabs = []
    for code, label in TABS:
        query = params.copy()
        query.pop("after", None)
        query.pop("tab", None)
        if code != TAB_ALL:
            query["tab"] = code
        tabs.append(
            {
                "code": code,
                "label": label,
                "count": counts[code],
                "current": code == current,
                "query": query.urlencode(),
            }
        )
    return tabs


# --- the list ------------------------------------------------------------------------------------
def _queue_context(request: HttpRequest, params: QueryDict) -> dict:
    view_form = QueueViewForm(params)
    view_form.is_valid()
    tab = view_form.cleaned_data.get("tab") or TAB_ALL
    filterset = QueueFilter(
        params, queryset=_tab_queryset(queue_comments(request.user), tab), request=request
    )
    filterset.is_valid()
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
        "tab": tab,
        "tabs": _tabs(request, params, tab),
        "is_supervisor": has_role(request.user, SUPERVISOR),
        "undo": _undo_offer(_pending_undo(request)),
    }


@role_required(*QUEUE_ROLES)
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    context = _queue_context(request, request.GET)
    if request.htmx:
        return render(request, "moderation/queue/_results.html", context)
    return render(request, "moderation/queue/queue.html", context)


# --- one comment ------------------------------------------------------------------------------
def _offered(ctx) -> dict[str, str]:
    """The rationale templates this comment is offered, filled in (moderation.queue.rationale)."""
    return offered_templates(
        PolicyCategory.objects.order_by("position", "code"), strongest_first(ctx.open_flags)
    )


def _initial_decision(ctx, offered: dict[str, str]) -> dict:
    """Preselect the strongest open flag's category and offer its template, filled in (without
    JS this is the form's starting state); a template that cannot be completed is not offered,
    and the moderator writes the rationale."""
    flags = strongest_first(ctx.open_flags)
    if not flags:
        return {}
    code = flags[0].category.code
    initial: dict = {"categories": [code]}
    if code in offered:
        initial["rationale"] = offered[code]
        initial["rationale_started_from"] = code
    return initial


def _detail_context(
    request, comment: Comment, *, form=None, claim_error: str = "", undo: Decision | None = None
) -> dict:
    ctx = comment_context(comment=comment, user=request.user)
    offered = _offered(ctx)
    if form is None:
        form = DecisionForm(initial=_initial_decision(ctx, offered))
    platform_actions = comment_platform_actions(comment)
    return {
        "ctx": ctx,
        "comment": comment,
        "platform_actions": platform_actions,
        "platform_status": comment_platform_status(
            comment, [row["action"] for row in platform_actions]
        ),
        "form": form,
        "claim": live_claim(comment),
        "claim_error": claim_error,
        "flag_form": CommentFlagForm(),
        # Only templates whose blanks are filled; "keep" carries the keep's own wording.
        "templates": [{"code": code, "text": text} for code, text in offered.items()],
        "undo": _undo_offer(undo),
        # Stored copies only (never the platform's address); pictures inline, the rest as
        # downloads (moderation.ingest.views serves them with a safe type).
        "attachments": [
            {
                "row": a,
                "stored": bool(a.file),
                "inline": (a.media_type or "").split(";")[0].strip().lower() in INLINE_TYPES,
            }
            for a in ctx.attachments
        ],
    }


def _undo_offer(decision: Decision | None) -> dict | None:
    if decision is None:
        return None
    return {"decision": decision, "seconds": UNDO_OFFER_SECONDS}


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
    context = _detail_context(
        request, comment, claim_error=claim_error, undo=_pending_undo(request)
    )
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
        action = data["action"]
        categories = [c.code for c in data["categories"]]
        rationale, started_from = data["rationale"], data["rationale_started_from"]
        sub_reason = data["sub_reason"]
        if action == DecisionAction.KEEP:
            # A keep cites no category, and never carries the violation template the field
            # was prefilled with: left as offered, it becomes the keep's own wording.
            categories, sub_reason = [], ""
            offered, _names = offered_for(comment)
            if matching_template(rationale, offered) not in ("", KEEP_CODE):
                rationale, started_from = KEEP_RATIONALE, KEEP_CODE
        try:
            decision = comment_decide(
                comment=comment,
                actor=request.user,
                action=action,
                categories=categories,
                rationale=rationale,
                sub_reason=sub_reason,
                rationale_started_from=started_from,
                seen_decision_id=data.get("seen_decision"),
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{decision.get_action_display()}: comment {comment.pk} decided."
            )
            return _after_decision(request, comment, decision)
    context = _detail_context(request, comment, form=form)
    template = "moderation/queue/_detail.html" if request.htmx else "moderation/queue/detail.html"
    return render(request, template, context, status=200 if request.htmx else 400)


def _after_decision(request: HttpRequest, comment: Comment, decision: Decision) -> HttpResponse:
    """On to the next item in the queue (claimed as it opens), or back to the queue; either
    way with an offer to undo the decision just made (the session remembers it for the page
    that follows a redirect)."""
    request.session[UNDO_SESSION_KEY] = decision.pk
    next_id = queue_next_comment_id(user=request.user, after_comment=comment)
    if next_id is None:
        messages.info(request, "Nothing else is waiting for you in the queue.")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("moderation:queue")
            return response
        return redirect("moderation:queue")
    if request.htmx:
        request.session.pop(UNDO_SESSION_KEY, None)
        following = get_comment_for_user(request.user, next_id, for_action=True)
        context = _detail_context(
            request, following, claim_error=_open(request, following), undo=decision
        )
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


# --- one keystroke from a queue row, and undo ---------------------------------------------------
def _row_response(
    request: HttpRequest, comment: Comment, *, decision=None, error=""
) -> HttpResponse:
    """The row after a keystroke: what was decided with an undo offer, or why it was not;
    the tab counts are refreshed out of band."""
    return_query = QueryDict(request.POST.get("return_query", "")[:2000])
    context = {
        "comment": comment,
        "decision": decision,
        "error": error,
        "undo": _undo_offer(decision) if decision else None,
        "tabs": _tabs(request, return_query, return_query.get("tab") or TAB_ALL),
        "return_query": return_query.urlencode(),
        "oob_tabs": True,
    }
    return render(request, "moderation/queue/_row_decided.html", context)


@require_POST
def comment_quick_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep, hide or remove from the queue row: hide and remove cite the strongest open
    flag's category with its template filled in, as the row showed; keep its own wording."""
    comment = get_comment_for_user(request.user, pk, for_action=True)
    form = QuickDecisionForm(request.POST)
    decision, error = None, ""
    if not form.is_valid():
        error = "Choose keep, hide or remove."
    else:
        action = form.cleaned_data["quick_action"]
        row = next(iter(queue_rows([comment.pk])), None)
        categories: list[str] = []
        rationale, started_from = KEEP_RATIONALE, KEEP_CODE
        if action != DecisionAction.KEEP:
            if row is None or row.quick_category is None:
                error = (
                    "No rationale template can be completed for this comment: open it and "
                    "write the rationale."
                )
            else:
                categories = [row.quick_category.code]
                rationale, started_from = row.quick_rationale, row.quick_category.code
        if not error:
            try:
                decision = comment_decide(
                    comment=comment,
                    actor=request.user,
                    action=action,
                    categories=categories,
                    rationale=rationale,
                    rationale_started_from=started_from,
                )
            except ActionRefused as exc:
                error = str(exc)
    if request.htmx:
        return _row_response(request, comment, decision=decision, error=error)
    if decision is not None:
        request.session[UNDO_SESSION_KEY] = decision.pk
        messages.success(request, f"{decision.get_action_display()}: comment {comment.pk} decided.")
    else:
        messages.error(request, f"Comment {comment.pk} not decided: {error}")
    return _back_to_queue(request)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    url = reverse("moderation:queue")
    query = QueryDict(request.POST.get("return_query", "")[:2000]).urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_POST
def decision_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a decision just made: a new decision reversing it (moderation.queue.services)."""
    decision = get_decision_for_user(request.user, pk)
    comment = decision.comment
    try:
        decision_undo(decision=decision, actor=request.user)
    except ActionRefused as exc:
        error = str(exc)
        if request.htmx and request.POST.get("from") == "row":
            return _row_response(request, comment, decision=None, error=f"Not undone: {error}")
        messages.error(request, f"Not undone: {error}")
    else:
        messages.success(request, f"Undone: comment {comment.pk} is back as it was.")
        if request.htmx and request.POST.get("from") == "row":
            return_query = QueryDict(request.POST.get("return_query", "")[:2000])
            rows = queue_rows([comment.pk])
            context = {
                "row": rows[0] if rows else None,
                "comment": comment,
                "is_supervisor": has_role(request.user, SUPERVISOR),
                "tabs": _tabs(request, return_query, return_query.get("tab") or TAB_ALL),
                "oob_tabs": True,
            }
            return render(request, "moderation/queue/_row_restored.html", context)
    if request.POST.get("from") == "row":
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("moderation:queue")
            return response
        return _back_to_queue(request)
    target = reverse("moderation:comment_detail", args=[comment.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


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
