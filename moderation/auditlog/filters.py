"""The audit log's filters."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from audit.events import GROUP_PREFIX, event_choices, group_verbs, stored_verbs
from audit.subjects import subject_kinds
from moderation.auditlog.selectors import audit_sites_for, events_of_sites
from moderation.models import PolicyCategory
from stanton.forms import PortalForm


def _sites(request):
    return audit_sites_for(request.user) if request is not None else None


def _staff(request):
    return get_user_model().objects.order_by("full_name", "email")


def _start_of(day) -> datetime:
    """Midnight, Pacific time, of `day` (dates on the page are the City's dates)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _object_types():
    return [(kind.target_type, kind.label) for kind in subject_kinds()]


class AuditEventFilter(django_filters.FilterSet):
    """One row of filters: who, which event (by its label, grouped), what kind of object,
    the category, the site, and the City dates from and to."""

    actor = django_filters.ModelChoiceFilter(label="Who", queryset=_staff, empty_label="Anyone")
    # A select of labels; the value stays a free string so an old link (a legacy name such as
    # "comment.remove", or a prefix "ban.") still finds its rows.
    verb = django_filters.CharFilter(
        label="Event",
        method="filter_verb",
        widget=forms.Select(choices=[("", "Any event"), *event_choices()]),
    )
    target_type = django_filters.ChoiceFilter(
        label="Object", choices=_object_types, empty_label="Any object"
    )
    category = django_filters.ModelChoiceFilter(
        label="Policy category",
        queryset=PolicyCategory.objects.order_by("position"),
        to_field_name="code",
        method="filter_category",
        empty_label="Any category",
    )
    site = django_filters.ModelChoiceFilter(
        label="Site",
        queryset=_sites,
        field_name="site_id",
        method="filter_site",
        empty_label="Any site",
    )
    date_from = django_filters.DateFilter(
        label="From", method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To (inclusive)",
        method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = PortalForm
        fields: list[str] = []

    def filter_verb(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.startswith(GROUP_PREFIX):
            return queryset.filter(verb__in=group_verbs(value.removeprefix(GROUP_PREFIX)))
        if value.endswith("."):
            return queryset.filter(verb__startswith=value)
        # A name finds its rows under every spelling they were stored with (old rows keep
        # e.g. "comment.remove"; the chain hashes them, so they are never rewritten).
        return queryset.filter(Q(verb__in=stored_verbs(value)) | Q(verb__startswith=value + "."))

    def filter_category(self, queryset, name, value):
        # Events list their categories under "categories" (decisions, bans, reviews) or
        # "category". The quoted code matches a whole list element on PostgreSQL and SQLite.
        return queryset.filter(
            Q(data__categories__icontains=f'"{value.code}"') | Q(data__category=value.code)
        )

    def filter_site(self, queryset, name, value):
        return queryset.filter(events_of_sites([value.pk]))

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_start_of(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_start_of(value + timedelta(days=1)))
