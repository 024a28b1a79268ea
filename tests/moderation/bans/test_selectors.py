"""Who sees a ban."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from moderation.bans.selectors import get_ban_for_user
from tests.conftest import sign_in
from tests.factories import SiteFactory
from tests.moderation.bans.scene import propose, removed_comment

pytestmark = pytest.mark.django_db


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
