"""django-filter filter sets for moderation lists."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from moderation.models import (
    Comment,
    Flag,
    FlagSource,
    PlatformState,
    PolicyCategory,
    QueueState,
    Site,
)
from moderation.sites.selectors import designated_site_ids
from stanton.forms import PortalForm


def _user_sites(request):
    if request is None:
        return Site.objects.none()
    return Site.objects.filter(pk__in=designated_site_ids(request.user)).order_by("name")


def _open_flag_exists(**lookups) -> Exists:
    return Exists(Flag.objects.filter(comment=OuterRef("pk"), status=Flag.Status.OPEN, **lookups))


DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class QueueFilter(django_filters.FilterSet):
    """The queue's filters. Each narrows the indexed queue read; none changes its order."""

    site = django_filters.ModelChoiceFilter(
        label="Site", queryset=_user_sites, empty_label="All my sites"
    )
    category = django_filters.ModelChoiceFilter(
        label="Flagged category",
        queryset=PolicyCategory.objects.order_by("position"),
        to_field_name="code",
        method="filter_category",
        empty_label="Any category",
    )
    source = django_filters.ChoiceFilter(
        label="Flag source",
        choices=FlagSource.choices,
        method="filter_source",
        empty_label="Any source",
    )
    score_min = django_filters.NumberFilter(
        label="Score at least",
        field_name="queue_score",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    score_max = django_filters.NumberFilter(
        label="Score at most",
        field_name="queue_score",
        lookup_expr="lte",
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    flagged_from = django_filters.DateFilter(
        label="Flagged on or after",
        field_name="flagged_at",
        lookup_expr="date__gte",
        widget=DATE_WIDGET,
    )
    flagged_to = django_filters.DateFilter(
        label="Flagged on or before",
        field_name="flagged_at",
        lookup_expr="date__lte",
        widget=DATE_WIDGET,
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
    account = django_filters.CharFilter(
        label="Account handle contains",
        field_name="account__handle",
        lookup_expr="icontains",
        max_length=200,
    )
    platform_state = django_filters.ChoiceFilter(
        label="Platform state", choices=PlatformState.choices, empty_label="Any state"
    )
    queue_state = django_filters.ChoiceFilter(
        label="Queue state",
        choices=[(QueueState.OPEN, "Open"), (QueueState.ESCALATED, "Escalated")],
        empty_label="Open or escalated",
    )

    class Meta:
        model = Comment
        fields: list[str] = []
        form = PortalForm

    def filter_category(self, queryset, name, value):
        # The comment's own list of its open flags' categories (kept by the flag services),
        # in the words of that category's partial index: a range scan in queue order.
        return queryset.filter(queue_categories__contains=f",{value.code},") if value else queryset

    def filter_source(self, queryset, name, value):
        return queryset.filter(_open_flag_exists(source=value)) if value else queryset
