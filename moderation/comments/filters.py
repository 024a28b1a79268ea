"""The all-comments search: every comment on the sites the moderator is designated for,
flagged or not, narrowed by text, account, post, state, date and whether it was flagged."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from moderation.models import (
    Comment,
    CommentReply,
    CommentRevision,
    Flag,
    PlatformState,
    QueueState,
    Site,
)
from moderation.sites.selectors import designated_site_ids
from stanton.forms import PortalForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})

FLAGGED_OPEN = "open"
FLAGGED_EVER = "ever"
FLAGGED_NEVER = "never"


def _user_sites(request):
    if request is None:
        return Site.objects.none()
    return Site.objects.filter(pk__in=designated_site_ids(request.user)).order_by("name")


def text_match_ids(model, keyword: str, value_field: str = "pk"):
    """Rows of `model` whose body matches `keyword`: on PostgreSQL a full-text search
    (websearch syntax: words, "quoted phrases", -exclusions) over the same expression the
    GIN indexes of records migration 0002 hold; elsewhere (the SQLite demo) a substring."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return (
            model.objects.annotate(fts=SearchVector("body", config="english"))
            .filter(fts=SearchQuery(keyword, config="english", search_type="websearch"))
            .values(value_field)
        )
    return model.objects.filter(body__icontains=keyword).values(value_field)


class CommentSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words in the text",
        method="filter_text",
        max_length=200,
        help_text='Any revision counts. Use "quotes" for a phrase, -word to leave one out.',
    )
    site = django_filters.ModelChoiceFilter(
        label="Site", queryset=_user_sites, empty_label="All my sites"
    )
    account = django_filters.CharFilter(
        label="Account (handle, name or platform id)",
        method="filter_account",
        max_length=200,
    )
    post = django_filters.NumberFilter(
        label="Post number",
        field_name="post_id",
        widget=forms.NumberInput(attrs={"min": "1"}),
    )
    post_text = django_filters.CharFilter(
        label="The City's post contains",
        field_name="post__body",
        lookup_expr="icontains",
        max_length=200,
    )
    platform_state = django_filters.ChoiceFilter(
        label="Platform state", choices=PlatformState.choices, empty_label="Any state"
    )
    queue_state = django_filters.ChoiceFilter(
        label="Queue state", choices=QueueState.choices, empty_label="Any"
    )
    flagged = django_filters.ChoiceFilter(
        label="Flagged",
        method="filter_flagged",
        empty_label="Flagged or not",
        choices=[
            (FLAGGED_OPEN, "Has an open flag"),
            (FLAGGED_EVER, "Flagged at some time"),
            (FLAGGED_NEVER, "Never flagged"),
        ],
    )
    posted_from = django_filters.DateFilter(
        label="Posted on or after",
        field_name="posted_at",
        lookup_expr="date__gte",
        widget=DATE_WIDGET,
    )
    posted_to = django_filters.DateFilter(
        label="Posted on or before",
        field_name="posted_at",
        lookup_expr="date__lte",
        widget=DATE_WIDGET,
    )

    class Meta:
        model = Comment
        fields: list[str] = []
        form = PortalForm

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The latest text or any earlier one: an edit does not hide what was said. The City's
        # sent replies are found with the comment they answer.
        replies = CommentReply.objects.filter(
            state=CommentReply.State.SENT, text__icontains=value
        ).values("comment_id")
        return queryset.filter(
            Q(pk__in=text_match_ids(Comment, value))
            | Q(pk__in=text_match_ids(CommentRevision, value, "comment_id"))
            | Q(pk__in=replies)
        )

    def filter_account(self, queryset, name, value):
        value = value.strip().lstrip("@")
        if not value:
            return queryset
        return queryset.filter(
            Q(account__handle__icontains=value)
            | Q(account__display_name__icontains=value)
            | Q(account__external_id=value)
        )

    def filter_flagged(self, queryset, name, value):
        any_flag = Exists(Flag.objects.filter(comment=OuterRef("pk")))
        if value == FLAGGED_OPEN:
            return queryset.filter(
                Exists(Flag.objects.filter(comment=OuterRef("pk"), status=Flag.Status.OPEN))
            )
        if value == FLAGGED_EVER:
            return queryset.filter(any_flag)
        if value == FLAGGED_NEVER:
            return queryset.filter(~any_flag)
        return queryset
