"""Records pages for clerks and administrators. Each view: parse with a form, get objects
through one access helper, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK, role_required
from records import letters, pii, selection, services
from records.forms import (
    AssignForm,
    AssistanceForm,
    ClerkMessageForm,
    ClosureForm,
    ClosureWithdrawForm,
    DeterminationForm,
    ExemptionForm,
    ExtensionForm,
    HoldForm,
    LetterTemplateForm,
    PackageBuildForm,
    RecordsChoiceForm,
    RedactionForm,
    RequestFilterForm,
    RequestIntakeForm,
    SearchCriteriaForm,
    StatusForm,
    WithdrawForm,
    criteria_from_json,
)
from records.models import (
    RAW_PAYLOAD_PREFIX,
    CityClosure,
    Exemption,
    LegalHold,
    LetterKind,
    LetterTemplate,
    PackageDownload,
    PackageRelease,
    PackageStatus,
    Redaction,
    TargetType,
    field_label,
)
from records.selectors import highlight, review
from records.selectors import preview as preview_selectors
from records.selectors.access import (
    get_hold_for_user,
    get_package_for_user,
    get_redaction_for_user,
    get_request_for_user,
)
from records.selectors.packages import package_letter_gaps
from records.selectors.records import comment_revisions_to_review, record_get, texts_of
from records.selectors.requests import annotate_deadlines, open_requests_with_flags, requests_list
from records.selectors.search import (
    MATCHERS,
    PREVIEW_COUNT_CAP,
    CriteriaError,
    comments_preview,
    result_counts,
)
from stanton.errors import ActionRefused

PAGE_SIZE = 25
PREVIEW_SIZE = 20


def _error_text(exc: ActionRefused) -> str:
    return " ".join(exc.messages)


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def dashboard(request):
    open_requests = open_requests_with_flags()
    mine = [r for r in open_requests if r.assignee_id == request.user.pk]
    return render(
        request,
        "records/dashboard.html",
        {
            "mine": mine,
            "due_soon": [r for r in open_requests if r.due_soon],
            "overdue": [r for r in open_requests if r.overdue],
            "unassigned": [r for r in open_requests if r.assignee_id is None],
        },
    )


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_list(request):
    form = RequestFilterForm(request.GET or None)
    status, assignee = "", None
    if form.is_valid():
        status, assignee = form.cleaned_data["status"], form.cleaned_data["assignee"]
    page = Paginator(requests_list(status=status, assignee=assignee), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = annotate_deadlines(page.object_list)
    template = "records/_request_rows.html" if request.htmx else "records/request_list.html"
    return render(request, template, {"page": page, "rows": rows, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_create(request):
    form = RequestIntakeForm(request.POST or None, initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                f"{created.number} logged; determination due {created.due_on:%A, %B %d, %Y}.",
            )
            return redirect("records:request_detail", pk=created.pk)
    return render(request, "records/request_form.html", {"form": form})


def _saved_criteria(records_request):
    if not records_request.search_criteria:
        return None, None, ""
    try:
        criteria = criteria_from_json(records_request.search_criteria)
    except CriteriaError as exc:
        return None, None, str(exc)
    return criteria, result_counts(criteria), ""


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_detail(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    annotate_deadlines([records_request])
    criteria, counts, criteria_error = _saved_criteria(records_request)
    packages = records_request.packages.select_related("built_by").prefetch_related(
        Prefetch("downloads", queryset=PackageDownload.objects.select_related("user"))
    )
    redactions = records_request.redactions.select_related(
        "exemption", "created_by", "withdrawn_by"
    )
    return render(
        request,
        "records/request_detail.html",
        {
            "req": records_request,
            "status_form": StatusForm(initial={"determination": records_request.determination}),
            "assign_form": AssignForm(initial={"assignee": records_request.assignee_id}),
            "assistance_form": AssistanceForm(),
            "extension_form": ExtensionForm(initial={"notice_sent_on": None}),
            "assistance_log": records_request.assistance_log.select_related("given_by"),
            "notes": records_request.notes.select_related("written_by"),
            "messages_thread": records_request.messages.select_related("author"),
            "letters_sent": records_request.letters.select_related("sent_by"),
            "message_form": ClerkMessageForm(),
            "build_form": PackageBuildForm(initial={"include_pdf": records_request.wants_pdf}),
            "criteria": criteria,
            "counts": counts,
            "criteria_error": criteria_error,
            "packages": packages,
            "redactions": redactions,
            "excluded_count": records_request.exclusions.filter(
                included_again_at__isnull=True
            ).count(),
            "extension_limit": _extension_limit(records_request),
        },
    )


def _extension_limit(records_request):
    from records.deadlines import extension_limit_for

    return extension_limit_for(records_request.received_on)


def _bounce(request, pk, exc: ActionRefused | None = None, ok: str = ""):
    if exc is not None:
        messages.error(request, _error_text(exc))
    elif ok:
        messages.success(request, ok)
    return redirect("records:request_detail", pk=pk)


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_status(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _bounce(request, pk, ActionRefused("Choose a valid status."))
    try:
        services.request_transition(
            actor=request.user,
            request=records_request,
            status=form.cleaned_data["status"],
            determination=form.cleaned_data["determination"],
        )
    except ActionRefused as exc:
        return _bounce(request, pk, exc)
    return _bounce(request, pk, ok="Status changed.")


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_assign(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _bounce(request, pk, ActionRefused("Choose a records clerk or administrator."))
    services.request_assign(
        actor=request.user, request=records_request, assignee=form.cleaned_data["assignee"]
    )
    return _bounce(request, pk, ok="Assignment saved.")


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_assistance(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = AssistanceForm(request.POST)
    if not form.is_valid():
        return _bounce(request, pk, ActionRefused("Describe the help given."))
    services.assistance_log_add(
        actor=request.user, request=records_request, description=form.cleaned_data["description"]
    )
    return _bounce(request, pk, ok="Assistance logged.")


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_message(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = ClerkMessageForm(request.POST)
    if not form.is_valid():
        return _bounce(request, pk, ActionRefused("Write a message."))
    try:
        message = services.request_message_to_requester(
            actor=request.user, request=records_request, body=form.cleaned_data["body"]
        )
    except ActionRefused as exc:
        return _bounce(request, pk, exc)
    sent = f" and emailed to {message.emailed_to}" if message.emailed_to else ""
    return _bounce(request, pk, ok=f"Message kept on the request{sent}.")


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_archive(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    public = request.POST.get("public") == "1"
    try:
        services.request_archive_set(actor=request.user, request=records_request, public=public)
    except ActionRefused as exc:
        return _bounce(request, pk, exc)
    return _bounce(
        request,
        pk,
        ok="In the public archive." if public else "Taken out of the public archive.",
    )


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_acknowledge(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    letter = services.letter_send(
        actor=request.user, request=records_request, kind=LetterKind.ACKNOWLEDGMENT
    )
    where = f"emailed to {letter.sent_to}" if letter.sent_to else "kept on the request: post it"
    return _bounce(request, pk, ok=f"Acknowledgment {where}.")


@require_safe
@role_required(ADMINISTRATOR)
def letter_template_list(request):
    kinds = [
        (kind, label, letters.wording(kind), LetterTemplate.objects.filter(kind=kind).exists())
        for kind, label in LetterKind.choices
    ]
    return render(
        request,
        "records/letter_template_list.html",
        {"kinds": kinds, "placeholders": letters.PLACEHOLDERS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def letter_template_edit(request, kind: str):
    if kind not in LetterKind.values:
        raise Http404("No such letter.")
    subject, body = letters.wording(kind)
    form = LetterTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(actor=request.user, kind=kind, **form.cleaned_data)
        except ActionRefused as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, "Wording saved; letters already sent are unchanged.")
            return redirect("records:letter_template_list")
    template = LetterTemplate.objects.filter(kind=kind).first()
    history = (
        template.history.select_related("history_user").order_by("-history_date")
        if template
        else []
    )
    return render(
        request,
        "records/letter_template_form.html",
        {
            "form": form,
            "kind_label": LetterKind(kind).label,
            "placeholders": letters.PLACEHOLDERS,
            "history": history,
        },
    )


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def package_release(request, pk: int):
    package = get_package_for_user(request.user, pk)
    try:
        services.package_release(actor=request.user, package=package)
    except ActionRefused as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Released: the requester can download it from their page.")
    return redirect("records:package_detail", pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_determine(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = DeterminationForm(
        request.POST or None, initial={"determination": records_request.determination}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_determine(
                actor=request.user, request=records_request, **form.cleaned_data
            )
        except ActionRefused as exc:
            _form_errors_from(form, exc)
        else:
            return _bounce(request, pk, ok="Determination recorded.")
    annotate_deadlines([records_request])
    return render(
        request, "records/determination_form.html", {"req": records_request, "form": form}
    )


def _form_errors_from(form, exc: ActionRefused) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(exc))


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_extend(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extend(
                actor=request.user, request=records_request, **form.cleaned_data
            )
        except ActionRefused as exc:
            _form_errors_from(form, exc)
        else:
            return _bounce(request, pk, ok="Extension recorded.")
    return render(
        request,
        "records/extension_form.html",
        {
            "req": records_request,
            "form": form,
            "extension_limit": _extension_limit(records_request),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_search(request, pk: int):
    """Criteria form; GET previews the count and first results, POST saves the criteria."""
    records_request = get_request_for_user(request.user, pk)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "kinds" in request.GET else None)
    )
    initial = (
        SearchCriteriaForm.data_from_json(records_request.search_criteria)
        if records_request.search_criteria
        else {"kinds": list(MATCHERS)}
    )
    form = SearchCriteriaForm(data, initial=initial)
    counts = previews = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        if request.method == "POST":
            counts = result_counts(criteria)
            services.request_save_criteria(
                actor=request.user,
                request=records_request,
                criteria=criteria.to_json(),
                result_count=counts["total"],
            )
            messages.success(request, f"Search criteria saved: {counts['total']} record(s) match.")
            return redirect("records:request_detail", pk=pk)
        # The preview counts comments exactly up to PREVIEW_COUNT_CAP ("1,000+" above it):
        # saving the criteria counts them all.
        comments_found, comments_shown = comments_preview(
            criteria, size=PREVIEW_SIZE, cap=PREVIEW_COUNT_CAP
        )
        counts = result_counts(criteria, comments=comments_found)

        def first(kind: str, *related: str):
            # A kind counted as none needs no second query for its rows.
            if not counts[kind]:
                return []
            rows = MATCHERS[kind](criteria)
            return (rows.select_related(*related) if related else rows)[:PREVIEW_SIZE]

        previews = {
            # Ranked, only the page's rows loaded (records.selectors.search), each with why it
            # matched (its text, a revision or the City's reply).
            "comments": [
                (c, highlight.excerpts(criteria.keyword, review.match_texts("comments", c)))
                for c in review.with_match_texts(comments_shown)
            ],
            "posts": first("posts", "site"),
            "decisions": first("decisions", "comment"),
            "bans": first("bans", "account"),
            "posting_requests": first("posting_requests"),
        }
    return render(
        request,
        "records/search.html",
        {
            "req": records_request,
            "form": form,
            "counts": counts,
            "previews": previews,
        },
    )


def _redaction_form_initial(request, target_type: str, target_id: int, texts: dict[str, str]):
    """A suggestion link (?field=&start=&end=, offsets as the page shows them) fills the form
    with the text it names, as a selection would."""
    initial: dict = {"target_type": target_type, "target_id": target_id}
    name = request.GET.get("field", "")
    if name in texts:
        initial["field"] = name
        try:
            start, end = int(request.GET.get("start", "")), int(request.GET.get("end", ""))
        except ValueError:
            return initial
        span = selection.source_span(texts[name], start, end)
        if span is not None:
            initial.update(
                start=start,
                end=end,
                selected_text=selection.displayed(texts[name][span[0] : span[1]]),
            )
    return initial


def _mark(request, records_request, form) -> ActionRefused | None:
    data = form.cleaned_data
    try:
        services.redaction_mark(
            actor=request.user,
            request=records_request,
            target_type=data["target_type"],
            target_id=data["target_id"],
            field=data["field"] or "",
            selected_text=data["selected_text"] or "",
            start=data["start"],
            end=data["end"],
            occurrence=data["occurrence"],
            exemption=data["exemption"],
            note=data["note"],
        )
    except ActionRefused as exc:
        return exc
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def redaction_editor(request, pk: int, target_type: str, target_id: int):
    """Every redactable part of one record (text, names, platform ids, raw payload values),
    each marked with its redactions and shown as it will be released; the clerk selects text
    to redact it (or, without JavaScript, picks the part and pastes the text)."""
    records_request = get_request_for_user(request.user, pk)
    if target_type not in TargetType.values:
        raise Http404("No such kind of record.")
    obj = record_get(target_type, target_id)
    if obj is None:
        raise Http404("No such record.")
    texts = texts_of(target_type, obj)
    form = RedactionForm(
        request.POST or None,
        fields={name: field_label(name) for name in texts},
        initial=_redaction_form_initial(request, target_type, target_id, texts),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["target_type"] != target_type or data["target_id"] != target_id:
            raise PermissionDenied("The form does not match this record.")
        refused = _mark(request, records_request, form)
        if refused is not None:
            form.add_error(None, _error_text(refused))
        else:
            messages.success(request, "Redaction marked.")
            return redirect(
                "records:redaction_editor", pk=pk, target_type=target_type, target_id=target_id
            )
    existing = Redaction.objects.filter(
        request=records_request, target_type=target_type, target_id=target_id
    ).select_related("exemption", "created_by", "withdrawn_by")
    by_field: dict[str, list[Redaction]] = {}
    for r in existing:
        if r.withdrawn_at is None:
            by_field.setdefault(r.field, []).append(r)
    fields = []
    contacts = pii.city_contacts()
    for name, text in texts.items():
        reaching = preview_selectors.field_redactions(texts, by_field, name)
        suggestions = pii.suggestions_for(target_type, obj, name, text, contacts=contacts)
        fields.append(
            {
                "name": name,
                "label": field_label(name),
                "marked": preview_selectors.marked_html(text, reaching),
                "released": preview_selectors.released_html(text, reaching),
                "redacted": bool(reaching),
                "raw": name.startswith(RAW_PAYLOAD_PREFIX),
                "suggestions": [
                    {
                        "suggestion": s,
                        "start": selection.displayed_offset(text, s.start),
                        "end": selection.displayed_offset(text, s.end),
                    }
                    for s in suggestions
                ],
            }
        )
    revisions = (
        comment_revisions_to_review(obj, existing) if target_type == TargetType.COMMENT else []
    )
    return render(
        request,
        "records/redaction_editor.html",
        {
            "req": records_request,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": TargetType(target_type).label,
            "record_label": f"{TargetType(target_type).label} {target_id}",
            "fields": [f for f in fields if not f["raw"]],
            "raw_fields": [f for f in fields if f["raw"]],
            "withheld": by_field.get("", [None])[0],
            "form": form,
            "existing": existing,
            "exemptions": Exemption.objects.filter(active=True).order_by("name", "citation"),
            "withdraw_form": WithdrawForm(),
            "revisions": revisions,
        },
    )


def _review_url(pk: int, kind: str, page: str | int | None) -> str:
    url = reverse("records:request_review", args=[pk]) + f"?kind={kind}"
    return url + (f"&page={page}" if page else "")


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_review(request, pk: int):
    """The saved search's results, a page at a time per kind of record: the clerk includes
    or excludes each record, sees why it matched and how it will be released, and selects
    text in it to redact."""
    records_request = get_request_for_user(request.user, pk)
    criteria, counts, criteria_error = _saved_criteria(records_request)
    context: dict = {"req": records_request, "criteria_error": criteria_error}
    if criteria is not None and counts is not None:
        kind = request.GET.get("kind", "")
        if kind not in criteria.kinds:
            kind = next((k for k in criteria.kinds if counts.get(k)), criteria.kinds[0])
        page, rows = review.review_page(records_request, criteria, kind, request.GET.get("page"))
        context.update(
            criteria=criteria,
            counts=counts,
            kind=kind,
            kind_label=review.KIND_LABELS[kind],
            tabs=review.review_tabs(criteria, counts, records_request),
            page=page,
            rows=rows,
            redactable=kind in review.MAIN_FIELD,
            redaction_form=RedactionForm(),
            exemptions=Exemption.objects.filter(active=True).order_by("name", "citation"),
            here=_review_url(pk, kind, page.number),
        )
    return render(request, "records/review.html", context)


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def request_records_choose(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = RecordsChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The choice was not understood; nothing was changed.")
        return redirect("records:request_review", pk=pk)
    data = form.cleaned_data
    try:
        changes = services.request_records_choose(
            actor=request.user,
            request=records_request,
            kind=data["kind"],
            shown_ids=data["shown"],
            included_ids=data["include"],
        )
    except ActionRefused as exc:
        messages.error(request, _error_text(exc))
    else:
        excluded, included = len(changes["excluded"]), len(changes["included"])
        if excluded or included:
            messages.success(
                request,
                f"Saved: {excluded} record(s) excluded, {included} included again.",
            )
        else:
            messages.info(request, "Nothing changed on this page.")
    return redirect(_review_url(pk, data["kind"], data["page"]))


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def redaction_mark(request, pk: int):
    """The redaction panel of the review page: the selection made in one of its records."""
    records_request = get_request_for_user(request.user, pk)
    form = RedactionForm(request.POST)
    back = request.POST.get("next", "")
    if not (
        back.startswith(reverse("records:request_review", args=[pk]))
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = reverse("records:request_review", args=[pk])
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"The redaction was not marked: {problems}")
        return redirect(back)
    refused = _mark(request, records_request, form)
    if refused is not None:
        messages.error(request, f"The redaction was not marked: {_error_text(refused)}")
    else:
        messages.success(request, "Redaction marked.")
    data = form.cleaned_data
    kind = next(
        (k for k, t in review.TARGET_OF_KIND.items() if t == data["target_type"]), "comments"
    )
    return redirect(f"{back}#record-{kind}-{data['target_id']}")


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def redaction_withdraw(request, pk: int):
    redaction = get_redaction_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for withdrawing the redaction.")
    else:
        try:
            services.redaction_withdraw(
                actor=request.user, redaction=redaction, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Redaction withdrawn (it stays on record).")
    return redirect("records:request_detail", pk=redaction.request_id)


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def package_create(request, pk: int):
    records_request = get_request_for_user(request.user, pk)
    form = PackageBuildForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    package = services.package_request(
        actor=request.user,
        request=records_request,
        include_pdf=bool(form.cleaned_data.get("include_pdf")),
    )
    messages.success(request, "Package queued. This page shows its progress.")
    return redirect("records:package_detail", pk=package.pk)


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def package_detail(request, pk: int):
    package = get_package_for_user(request.user, pk)
    context = {
        "package": package,
        "letter_gaps": (
            package_letter_gaps(package) if package.status == PackageStatus.COMPLETE else []
        ),
        "downloads": package.downloads.select_related("user"),
        "release": PackageRelease.objects.filter(package=package)
        .select_related("released_by")
        .first(),
    }
    if request.htmx:
        return render(request, "records/_package_status.html", context)
    return render(request, "records/package_detail.html", context)


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def package_retry(request, pk: int):
    package = get_package_for_user(request.user, pk)
    try:
        services.package_retry(actor=request.user, package=package)
    except ActionRefused as exc:
        messages.error(request, _error_text(exc))
    return redirect("records:package_detail", pk=pk)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def package_download(request, pk: int):
    package = get_package_for_user(request.user, pk)
    if package.status != PackageStatus.COMPLETE or not package.file:
        raise Http404("This package is not ready.")
    try:
        handle = package.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The package file is missing from storage.") from exc
    services.package_download_log(actor=request.user, package=package, ip=_client_ip(request))
    filename = f"{package.request.number}-package-{package.pk}.zip"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def exemption_list(request):
    return render(
        request,
        "records/exemption_list.html",
        {"exemptions": Exemption.objects.order_by("-active", "citation")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def exemption_create(request):
    form = ExemptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                citation=form.cleaned_data["citation"],
                description=form.cleaned_data["description"],
            )
        except ActionRefused as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, "Exemption added.")
            return redirect("records:exemption_list")
    return render(request, "records/exemption_form.html", {"form": form, "exemption": None})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def exemption_edit(request, pk: int):
    exemption = get_object_or_404(Exemption, pk=pk)
    form = ExemptionForm(
        request.POST or None,
        editing=True,
        initial={
            "name": exemption.name,
            "citation": exemption.citation,
            "description": exemption.description,
            "active": exemption.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_update(actor=request.user, exemption=exemption, **form.cleaned_data)
        except ActionRefused as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, "Exemption saved.")
            return redirect("records:exemption_list")
    history = exemption.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "records/exemption_form.html",
        {"form": form, "exemption": exemption, "history": history},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def closure_list(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.closures_add(
                actor=request.user,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as exc:
            form.add_error("date", _error_text(exc))
        else:
            messages.success(
                request,
                f"{len(added)} closure day(s) added; open requests' due dates recomputed.",
            )
            return redirect("records:closure_list")
    closures = CityClosure.objects.select_related("entered_by", "withdrawn_by").order_by("-date")
    return render(
        request,
        "records/closure_list.html",
        {"form": form, "closures": closures},
    )


@require_POST
@role_required(ADMINISTRATOR)
def closure_withdraw(request, pk: int):
    closure = get_object_or_404(CityClosure, pk=pk)
    form = ClosureWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the closure day is withdrawn.")
        return redirect("records:closure_list")
    try:
        services.closure_withdraw(
            actor=request.user, closure=closure, reason=form.cleaned_data["reason"]
        )
    except ActionRefused as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Closure day withdrawn; open requests' due dates recomputed.")
    return redirect("records:closure_list")


@require_safe
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def hold_list(request):
    holds = LegalHold.objects.select_related("site", "account", "placed_by", "released_by")
    return render(
        request, "records/hold_list.html", {"holds": holds, "release_form": WithdrawForm()}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def hold_create(request):
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_place(actor=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Legal hold placed.")
            return redirect("records:hold_list")
    return render(request, "records/hold_form.html", {"form": form})


@require_POST
@role_required(RECORDS_CLERK, ADMINISTRATOR)
def hold_release(request, pk: int):
    hold = get_hold_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for releasing the hold.")
    else:
        try:
            services.hold_release(actor=request.user, hold=hold, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Hold released (it stays on record).")
    return redirect(reverse("records:hold_list"))
