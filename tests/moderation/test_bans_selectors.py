"""Reads other features use: the active-ban marker, an account's bans, who sees a ban."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from moderation.selectors.bans import (
    active_bans_for_accounts,
    bans_for_account,
    get_ban_for_user,
)
from moderation.services.bans import ban_approve
from tests.conftest import sign_in
from tests.factories import SiteFactory
from tests.moderation.bans_scene import propose, removed_comment

pytestmark = pytest.mark.django_db


def test_active_bans_for_accounts_covers_site_and_platform_scope(
    moderator, supervisor, site, other_site, django_assert_num_queries
):
    second = SiteFactory(platform=site.platform)
    site_ban = propose(moderator, site, removed_comment(site))
    platform_ban = propose(moderator, site, removed_comment(site), scope="platform")
    proposed_only = propose(moderator, site, removed_comment(site))
    for ban in (site_ban, platform_ban):
        ban_approve(ban=ban, actor=supervisor, note="")
    accounts = [site_ban.account_id, platform_ban.account_id, proposed_only.account_id]

    with django_assert_num_queries(1):
        here = active_bans_for_accounts(accounts, [site.pk])
    assert {k: [b.pk for b in v] for k, v in here.items()} == {
        site_ban.account_id: [site_ban.pk],
        platform_ban.account_id: [platform_ban.pk],
    }
    there = active_bans_for_accounts(accounts, [second.pk])
    assert list(there) == [platform_ban.account_id]  # only the platform-wide ban covers it
    assert active_bans_for_accounts(accounts, [other_site.pk]) == {}  # another platform
    assert active_bans_for_accounts([], [site.pk]) == {}

    # A ban past its end counts no more, even before beat has marked it expired.
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert active_bans_for_accounts(accounts, [site.pk]) == {}


def test_bans_for_account_lists_every_state(moderator, supervisor, site):
    comment = removed_comment(site)
    first = propose(moderator, site, comment)
    from moderation.services.bans import ban_reject

    ban_reject(ban=first, actor=supervisor, note="Not yet.")
    second = propose(moderator, site, comment)
    assert [b.pk for b in bans_for_account(comment.account)] == [second.pk, first.pk]
    assert bans_for_account(comment.account, site_ids=[]) == []


def test_get_ban_for_user(moderator, other_moderator, supervisor, clerk, site):
    ban = propose(moderator, site, removed_comment(site))
    assert get_ban_for_user(moderator, ban.pk) == ban
    assert get_ban_for_user(supervisor, ban.pk) == ban
    with pytest.raises(PermissionDenied):
        get_ban_for_user(other_moderator, ban.pk)
    with pytest.raises(PermissionDenied):
        get_ban_for_user(clerk, ban.pk)
    with pytest.raises(Http404):
        get_ban_for_user(moderator, ban.pk + 1000)


def test_platform_ban_is_visible_from_every_covered_site(
    client, moderator, supervisor, site, admin
):
    from accounts.roles import MODERATOR
    from tests.factories import DesignationFactory, UserFactory

    second = SiteFactory(platform=site.platform, name="Stanton Parks on Facebook")
    parks_moderator = UserFactory(roles=[MODERATOR])
    DesignationFactory(user=parks_moderator, site=second, designated_by=admin)
    ban = propose(moderator, site, removed_comment(site), scope="platform")
    assert get_ban_for_user(parks_moderator, ban.pk) == ban

    # The list's site filter: a platform-wide ban shows under each covered site, a site ban
    # only under its own.
    DesignationFactory(user=moderator, site=second, designated_by=admin)
    parks_only = propose(moderator, second, removed_comment(second))
    sign_in(client, moderator)
    url = reverse("moderation:ban_list")
    html = client.get(url, {"site": site.pk}).content.decode()
    assert f"Ban #{ban.pk}<" in html and f"Ban #{parks_only.pk}<" not in html
    assert "Stanton Parks on Facebook" in html  # the covered sites are listed
    html = client.get(url, {"site": second.pk}).content.decode()
    assert f"Ban #{ban.pk}<" in html and f"Ban #{parks_only.pk}<" in html
