"""Pages for answering the public: the needs-response list, a comment's reply page (draft,
check, send, ask for an exception), a supervisor's exception, the saved replies and the
staff directory; a platform report on a decision; the log of outside posting requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, MODERATOR, SUPERVISOR, has_role, role_required
from moderation.comments.selectors import get_comment_for_user
from moderation.models import CommentReply, ResponseNeed, SavedReply, StaffDirectoryEntry
from moderation.responses.forms import (
    ASK_EXCEPTION,
    SEND,
    DismissForm,
    ExceptionApproveForm,
    PlatformReportForm,
    PostingDecisionForm,
    PostingRequestForm,
    ReplyForm,
    SavedReplyForm,
    StaffDirectoryForm,
)
from moderation.responses.selectors import (
    TABS,
    due_marks,
    get_decision_for_user,
    get_directory_entry_for_user,
    get_posting_request_for_user,
    get_reply_for_user,
    get_saved_reply_for_user,
    needs_for_user,
    posting_policy_answer,
    posting_requests_list,
    replies_of,
    reply_refusals_of,
    require_posting_reader,
    require_reply_manager,
    saved_replies_offered,
    tab_counts,
)
from moderation.responses.services import (
    POSTING_DECIDERS,
    POSTING_ROLES,
    ReplyRefused,
    platform_report_record,
    posting_request_decide,
    posting_request_log,
    reply_draft_save,
    reply_exception_approve,
    reply_exception_request,
    reply_refusal_record,
    reply_send,
    response_need_dismiss,
    saved_reply_save,
    staff_directory_save,
)
from stanton.errors import ActionRefused

PAGE_SIZE = 50
STAFF = (MODERATOR, SUPERVISOR)


# --- the needs-response list ---------------------------------------------------------------------
@role_required(*STAFF)
@require_safe
def response_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "open")
    if tab not in dict(TABS):
        tab = "open"
    page = Paginator(needs_for_user(request.user, tab=tab), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"need": need, **due_marks(need)} for need in page.object_list]
    counts = tab_counts(request.user)
    return render(
        request,
        "moderation/responses/list.html",
        {
            "tabs": [{"key": k, "label": v, "count": counts.get(k)} for k, v in TABS],
            "tab": tab,
            "page": page,
            "rows": rows,
        },
    )


# --- one comment's replies -------------------------------------------------------------------
def _reply_page(request, comment, *, form=None, findings=None, status=200):
    need = ResponseNeed.objects.filter(comment=comment).first()
    replies = replies_of(comment)
    draft = next((r for r in reversed(replies) if r.state != CommentReply.State.SENT), None)
    offered = saved_replies_offered(need.topic if need else "")
    if form is None:
        initial = {}
        chosen = request.GET.get("saved", "")
        saved = next((s for s in offered if chosen.isdigit() and s.pk == int(chosen)), None)
        if saved is not None:
            initial = {"text": saved.text, "saved_reply": saved.pk}
        elif draft is not None:
            initial = {"text": draft.text, "saved_reply": draft.saved_reply_id}
        if draft is not None:
            initial["reply"] = draft.pk
        form = ReplyForm(initial=initial)
    return render(
        request,
        "moderation/responses/reply.html",
        {
            "comment": comment,
            "need": need,
            "marks": due_marks(need) if need else {},
            "replies": replies,
            "refusals": reply_refusals_of(comment),
            "draft": draft,
            "saved_replies": offered,
            "form": form,
            # A draft a supervisor excepted keeps its findings on record, not as an error.
            "findings": findings
            or (draft.findings if draft and not draft.exception_approved_by_id else []),
            "dismiss_form": DismissForm(),
            "approve_form": ExceptionApproveForm(),
            "may_approve": bool(
                draft
                and draft.state == CommentReply.State.AWAITING_EXCEPTION
                and has_role(request.user, SUPERVISOR)
                and draft.author_id != request.user.pk
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    if request.method != "POST":
        return _reply_page(request, comment)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _reply_page(request, comment, form=form, status=400)
    data = form.cleaned_data
    action = request.POST.get("action", "save")
    reply = None
    if data["reply"]:
        reply = CommentReply.objects.filter(pk=data["reply"], comment=comment).first()
    saved = (
        SavedReply.objects.filter(pk=data["saved_reply"]).first() if data["saved_reply"] else None
    )
    kwargs = {
        "comment": comment,
        "actor": request.user,
        "text": data["text"],
        "reply": reply,
        "saved_reply": saved,
    }
    try:
        if action == SEND:
            sent = reply_send(**kwargs)
            manual = sent.platform_action and sent.platform_action.state == "manual"
            messages.success(
                request,
                "Reply sent: it is on the worklist to post by hand."
                if manual
                else "Reply sent: it goes out through the platform connection.",
            )
        elif action == ASK_EXCEPTION:
            reply_exception_request(**kwargs, reason=data["exception_reason"])
            messages.success(request, "Kept for a supervisor: the reply waits for an exception.")
        else:
            reply_draft_save(**kwargs)
            messages.success(request, "Draft saved.")
    except ReplyRefused as exc:
        reply_refusal_record(comment=comment, actor=request.user, refusal=exc)
        form.add_error("text", str(exc))
        findings = [f.as_dict() for f in exc.findings]
        return _reply_page(request, comment, form=form, findings=findings, status=400)
    except ActionRefused as exc:
        form.add_error(None, exc)
        return _reply_page(request, comment, form=form, status=400)
    return redirect("moderation:reply", pk=comment.pk)


@role_required(*STAFF)
@require_POST
def response_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request.user, pk, for_action=True)
    need = ResponseNeed.objects.filter(comment=comment).first()
    form = DismissForm(request.POST)
    if need is None:
        messages.error(request, "This comment is not on the needs-response list.")
    elif form.is_valid():
        try:
            response_need_dismiss(need=need, actor=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Taken off the needs-response list.")
    else:
        messages.error(request, "Say why no response is needed.")
    return redirect("moderation:reply", pk=comment.pk)


@role_required(SUPERVISOR)
@require_POST
def reply_exception_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_reply_for_user(request.user, pk)
    form = ExceptionApproveForm(request.POST)
    if form.is_valid():
        try:
            reply_exception_approve(
                reply=reply, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Exception approved: the writer may send this text.")
    else:
        messages.error(request, "Give the reason for the exception.")
    return redirect("moderation:reply", pk=reply.comment_id)


# --- saved replies and the staff directory -------------------------------------------------------
def _managed_list(request, *, rows, form, template, status=200):
    return render(request, template, {"rows": rows, "form": form}, status=status)


@role_required(SUPERVISOR, ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def saved_reply_list(request: HttpRequest) -> HttpResponse:
    require_reply_manager(request.user)
    rows = SavedReply.objects.select_related("created_by").order_by("topic", "title")
    form = SavedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved_reply_save(actor=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error("text" if isinstance(exc, ReplyRefused) else None, str(exc))
        else:
            messages.success(request, "Saved reply added.")
            return redirect("moderation:saved_reply_list")
    status = 400 if request.method == "POST" else 200
    return _managed_list(
        request,
        rows=rows,
        form=form,
        template="moderation/responses/saved_replies.html",
        status=status,
    )


@role_required(SUPERVISOR, ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def saved_reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_saved_reply_for_user(request.user, pk)
    form = SavedReplyForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        row.refresh_from_db()  # the form wrote its values onto the instance
        try:
            saved_reply_save(actor=request.user, saved_reply=row, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error("text" if isinstance(exc, ReplyRefused) else None, str(exc))
        else:
            messages.success(request, "Saved reply changed.")
            return redirect("moderation:saved_reply_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/responses/edit.html",
        {"form": form, "title": f"Saved reply: {row.title}", "back": "moderation:saved_reply_list"},
        status=status,
    )


@role_required(SUPERVISOR, ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_directory(request: HttpRequest) -> HttpResponse:
    require_reply_manager(request.user)
    rows = StaffDirectoryEntry.objects.order_by("department", "name")
    form = StaffDirectoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_directory_save(actor=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Directory entry added.")
            return redirect("moderation:staff_directory")
    status = 400 if request.method == "POST" else 200
    return _managed_list(
        request,
        rows=rows,
        form=form,
        template="moderation/responses/staff_directory.html",
        status=status,
    )


@role_required(SUPERVISOR, ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_directory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_directory_entry_for_user(request.user, pk)
    form = StaffDirectoryForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        row.refresh_from_db()
        try:
            staff_directory_save(actor=request.user, entry=row, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Directory entry changed.")
            return redirect("moderation:staff_directory")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/responses/edit.html",
        {
            "form": form,
            "title": f"Staff directory: {row.name}",
            "back": "moderation:staff_directory",
        },
        status=status,
    )


# --- a report to the platform ------------------------------------------------------------------
@role_required(*STAFF)
@require_POST
def platform_report_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    form = PlatformReportForm(request.POST)
    if form.is_valid():
        try:
            platform_report_record(decision=decision, actor=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            messages.error(request, f"Not recorded: {exc}")
        else:
            messages.success(request, "Report to the platform recorded.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Not recorded: {error}")
    return redirect("moderation:comment_detail", pk=decision.comment_id)


# --- outside posting requests ----------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def posting_request_list(request: HttpRequest) -> HttpResponse:
    require_posting_reader(request.user)
    may_log = has_role(request.user, *POSTING_ROLES)
    form = PostingRequestForm(request.POST or None) if may_log else None
    if request.method == "POST":
        if form is None:
            return HttpResponseNotAllowed(["GET", "HEAD"])  # a reader of the log only
        if form.is_valid():
            try:
                row = posting_request_log(actor=request.user, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Posting request logged.")
                return redirect("moderation:posting_request_detail", pk=row.pk)
    page = Paginator(posting_requests_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/responses/posting_requests.html",
        {"page": page, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def posting_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_posting_request_for_user(request.user, pk)
    answer = posting_policy_answer(row.requester_type)
    may_decide = has_role(request.user, *POSTING_DECIDERS) and not row.decision
    initial = {} if answer.may_post else {"decision": "decline", "reason": answer.suggestion}
    form = PostingDecisionForm(request.POST or None, initial=initial) if may_decide else None
    if request.method == "POST":
        if form is None:
            return HttpResponseNotAllowed(["GET", "HEAD"])  # readers, and answered requests
        if form.is_valid():
            try:
                posting_request_decide(posting_request=row, actor=request.user, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Answer recorded.")
                return redirect("moderation:posting_request_detail", pk=row.pk)
    return render(
        request,
        "moderation/responses/posting_request.html",
        {"row": row, "answer": answer, "form": form},
        status=400 if request.method == "POST" else 200,
    )
