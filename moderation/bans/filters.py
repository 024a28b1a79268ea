"""The ban list's filters: state, a site the ban covers, the account."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from moderation.bans.selectors import covering_sites
from moderation.models import Ban, BanState, Site
from moderation.sites.selectors import sites_for_user
from stanton.forms import PortalForm


def _user_sites(request):
    if request is None:
        return Site.objects.none()
    return sites_for_user(request.user)


class BanFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="State", choices=BanState.choices, empty_label="Any state"
    )
    site = django_filters.ModelChoiceFilter(
        label="Site", queryset=_user_sites, method="filter_site", empty_label="Any of my sites"
    )
    account = django_filters.CharFilter(label="Account", method="filter_account")

    class Meta:
        model = Ban
        fields = ["state", "site", "account"]
        form = PortalForm

    def filter_site(self, queryset, name, value):
        return queryset.filter(covering_sites([value.pk])) if value else queryset

    def filter_account(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(account__handle__icontains=value) | Q(account__display_name__icontains=value)
        if value.isdigit():
            match |= Q(account_id=int(value))
        return queryset.filter(match)
