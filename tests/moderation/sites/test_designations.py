"""Administrators manage sites and, from each site's page, who is designated for it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Designation, Site
from moderation.sites.selectors import designated_site_ids
from tests.conftest import sign_in
from tests.factories import UserFactory

SITE_LIST = reverse("moderation:site_list")
SITE_CREATE = reverse("moderation:site_create")


def site_form(**overrides) -> dict:
    data = {
        "platform": "youtube",
        "name": "Stanton on YouTube",
        "slug": "youtube-main",
        "handle": "@CityofStanton",
        "url": "https://www.youtube.com/@CityofStanton",
        "platform_page_id": "UC000000000000000000001",
        "policy_link_posted": "on",
        "links_to_city_website": "on",
        "terms_of_use_url": "https://www.youtube.com/t/terms",
        "active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def detail_url(site) -> str:
    return reverse("moderation:site_detail", args=[site.slug])


def revoke_url(designation) -> str:
    return reverse("moderation:designation_revoke", args=[designation.site.slug, designation.pk])


# --- sites --------------------------------------------------------------------------------------
def test_administrator_creates_a_site(client, admin):
    sign_in(client, admin)

    response = client.post(SITE_CREATE, site_form())

    site = Site.objects.get(slug="youtube-main")
    assert response.status_code == 302
    assert response["Location"] == detail_url(site)
    assert (site.platform, site.name, site.policy_link_posted, site.active) == (
        "youtube",
        "Stanton on YouTube",
        True,
        True,
    )
    event = AuditEvent.objects.get(verb=AuditVerb.SITE_CREATED)
    assert (event.actor, event.target_type, event.target_id, event.site_id) == (
        admin,
        "moderation.site",
        str(site.pk),
        site.pk,
    )
    assert event.data["slug"] == "youtube-main"
    assert site.history.get().history_user == admin
    assert "Stanton on YouTube" in client.get(SITE_LIST).content.decode()


def test_site_form_refuses_a_duplicate_slug_and_page_id(client, admin, site):
    sign_in(client, admin)

    dup_slug = client.post(SITE_CREATE, site_form(slug=site.slug))
    dup_page = client.post(
        SITE_CREATE, site_form(platform=site.platform, platform_page_id=site.platform_page_id)
    )

    assert dup_slug.status_code == 200
    assert dup_page.status_code == 200
    assert Site.objects.count() == 1
    assert not AuditEvent.objects.filter(verb=AuditVerb.SITE_CREATED).exists()


def test_administrator_edits_a_site(client, admin, site):
    sign_in(client, admin)
    edit = reverse("moderation:site_edit", args=[site.slug])
    assert client.get(edit).status_code == 200

    response = client.post(
        edit,
        site_form(
            platform=site.platform,
            name="Stanton City Hall on Facebook",
            slug=site.slug,
            platform_page_id=site.platform_page_id,
            active=None,
        ),
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Stanton City Hall on Facebook"
    assert site.active is False
    event = AuditEvent.objects.get(verb=AuditVerb.SITE_UPDATED)
    assert event.actor == admin
    assert event.data["changes"]["name"] == ["Stanton on Facebook", "Stanton City Hall on Facebook"]
    assert event.data["changes"]["active"] == [True, False]
    latest = site.history.order_by("-history_date").first()
    assert (latest.history_user, latest.name) == (admin, "Stanton City Hall on Facebook")


def test_an_edit_that_changes_nothing_writes_nothing(client, admin):
    sign_in(client, admin)
    client.post(SITE_CREATE, site_form())
    site = Site.objects.get(slug="youtube-main")

    client.post(reverse("moderation:site_edit", args=[site.slug]), site_form())

    assert not AuditEvent.objects.filter(verb=AuditVerb.SITE_UPDATED).exists()
    assert site.history.count() == 1


def test_invalid_edit_changes_nothing(client, admin, site):
    sign_in(client, admin)

    response = client.post(
        reverse("moderation:site_edit", args=[site.slug]), site_form(name="", url="not a url")
    )

    assert response.status_code == 200
    site.refresh_from_db()
    assert site.name == "Stanton on Facebook"
    assert not AuditEvent.objects.filter(verb=AuditVerb.SITE_UPDATED).exists()


def test_renaming_the_slug_redirects_to_the_new_page(client, admin, site):
    sign_in(client, admin)

    response = client.post(
        reverse("moderation:site_edit", args=[site.slug]), site_form(slug="facebook-city-hall")
    )

    assert response.status_code == 302
    assert response["Location"] == "/sites/facebook-city-hall/"


# --- designations -------------------------------------------------------------------------------
def test_grant_from_the_site_page_and_revoke_with_a_reason(client, admin, site):
    person = UserFactory(
        email="new.mod@stanton.example", full_name="Nia Newmod", roles=["Moderator"]
    )
    theirs = sign_in(Client(), person)
    assert site.name not in theirs.get(reverse("home")).content.decode()
    sign_in(client, admin)

    response = client.post(
        detail_url(site),
        {
            "user": person.pk,
            "starts_on": timezone.localdate().isoformat(),
            "note": "Covering weekends",
        },
    )

    assert response.status_code == 302
    designation = Designation.objects.get(user=person, site=site)
    assert designation.designated_by == admin
    assert designation.note == "Covering weekends"
    granted = AuditEvent.objects.get(verb=AuditVerb.DESIGNATION_GRANTED)
    assert (granted.actor, granted.target_id, granted.site_id) == (
        admin,
        str(designation.pk),
        site.pk,
    )
    assert granted.data["user"] == "new.mod@stanton.example"
    assert site.pk in designated_site_ids(type(person).objects.get(pk=person.pk))
    assert site.name in theirs.get(reverse("home")).content.decode()

    response = client.post(revoke_url(designation), {"reason": "Reassigned to Parks"})

    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.revoked_at is not None
    assert (designation.revoked_by, designation.revoke_reason) == (admin, "Reassigned to Parks")
    revoked = AuditEvent.objects.get(verb=AuditVerb.DESIGNATION_REVOKED)
    assert (revoked.actor, revoked.site_id) == (admin, site.pk)
    assert revoked.data["reason"] == "Reassigned to Parks"
    assert revoked.seq > granted.seq
    # Takes effect on the person's very next request.
    assert site.pk not in designated_site_ids(type(person).objects.get(pk=person.pk))
    home = theirs.get(reverse("home")).content.decode()
    assert site.name not in home
    assert "not designated for any site" in home
    # Nothing is deleted: the row stays, and history names who granted and who revoked.
    history = list(designation.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [("+", admin), ("~", admin)]
    assert history[-1].revoke_reason == "Reassigned to Parks"
    page = client.get(detail_url(site)).content.decode()
    assert "Reassigned to Parks" in page
    assert str(admin) in page


def test_revoking_twice_is_refused(client, admin, moderator, site):
    sign_in(client, admin)
    designation = Designation.objects.get(user=moderator, site=site)
    client.post(revoke_url(designation), {"reason": "First"})

    response = client.post(revoke_url(designation), {"reason": "Second"}, follow=True)

    assert "already revoked" in response.content.decode()
    designation.refresh_from_db()
    assert designation.revoke_reason == "First"
    assert AuditEvent.objects.filter(verb=AuditVerb.DESIGNATION_REVOKED).count() == 1


def test_revoking_needs_a_reason(client, admin, moderator, site):
    sign_in(client, admin)
    designation = Designation.objects.get(user=moderator, site=site)

    response = client.post(revoke_url(designation), {"reason": ""}, follow=True)

    assert "Give a reason" in response.content.decode()
    designation.refresh_from_db()
    assert designation.revoked_at is None
    assert not AuditEvent.objects.filter(verb=AuditVerb.DESIGNATION_REVOKED).exists()


def test_a_designation_is_revoked_only_through_its_own_site(
    client, admin, moderator, site, other_site
):
    sign_in(client, admin)
    designation = Designation.objects.get(user=moderator, site=site)

    response = client.post(
        reverse("moderation:designation_revoke", args=[other_site.slug, designation.pk]),
        {"reason": "wrong page"},
    )

    assert response.status_code == 404
    designation.refresh_from_db()
    assert designation.revoked_at is None


def test_grant_refuses_a_second_designation_in_force_for_the_same_person(
    client, admin, moderator, site
):
    sign_in(client, admin)

    response = client.post(
        detail_url(site), {"user": moderator.pk, "starts_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 200
    assert "already has a designation" in response.content.decode()
    assert Designation.objects.filter(user=moderator, site=site).count() == 1
    assert not AuditEvent.objects.filter(verb=AuditVerb.DESIGNATION_GRANTED).exists()

    # After revoking, a new designation may be granted.
    client.post(revoke_url(Designation.objects.get(user=moderator, site=site)), {"reason": "x"})
    response = client.post(
        detail_url(site), {"user": moderator.pk, "starts_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    assert Designation.objects.filter(user=moderator, site=site).count() == 2


def test_grant_refuses_people_without_a_moderating_role(client, admin, clerk, site):
    sign_in(client, admin)

    response = client.post(
        detail_url(site), {"user": clerk.pk, "starts_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 200
    assert not Designation.objects.filter(user=clerk).exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.DESIGNATION_GRANTED).exists()


def test_grant_refuses_an_end_before_the_start(client, admin, site):
    person = UserFactory(roles=["Moderator"])
    sign_in(client, admin)

    response = client.post(
        detail_url(site), {"user": person.pk, "starts_on": "2026-05-10", "ends_on": "2026-05-01"}
    )

    assert response.status_code == 200
    assert "on or after the start date" in response.content.decode()
    assert not Designation.objects.filter(user=person).exists()


def test_a_designation_is_in_force_only_between_its_dates(client, admin, site):
    person = UserFactory(roles=["Moderator"])
    sign_in(client, admin)
    with time_machine.travel("2026-05-01 12:00 -0700", tick=False):
        client.post(
            detail_url(site),
            {"user": person.pk, "starts_on": "2026-05-04", "ends_on": "2026-05-08"},
        )
    designation = Designation.objects.get(user=person)

    def in_force_on(day: date) -> bool:
        with time_machine.travel(f"{day.isoformat()} 23:30 -0700", tick=False):
            return site.pk in designated_site_ids(type(person).objects.get(pk=person.pk))

    assert not in_force_on(date(2026, 5, 3))
    assert in_force_on(date(2026, 5, 4))
    # 23:30 in Stanton is already the next day in UTC: the end date is a Pacific date.
    assert in_force_on(date(2026, 5, 8))
    assert not in_force_on(date(2026, 5, 8) + timedelta(days=1))
    assert designation.ends_on == date(2026, 5, 8)


def test_a_deactivated_person_loses_their_sites(moderator, site):
    assert designated_site_ids(type(moderator).objects.get(pk=moderator.pk)) == {site.pk}

    moderator.is_active = False
    moderator.save()

    assert designated_site_ids(type(moderator).objects.get(pk=moderator.pk)) == frozenset()


def test_designations_cannot_be_deleted(moderator, site):
    from audit.retention import RetainedRecordError

    designation = Designation.objects.get(user=moderator)
    with pytest.raises(RetainedRecordError):
        designation.delete()
    with pytest.raises(RetainedRecordError):
        Designation.objects.filter(pk=designation.pk).delete()
    assert Designation.objects.filter(pk=designation.pk).exists()


# --- access and methods -------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["moderator", "supervisor", "clerk", "outsider"])
def test_non_administrators_cannot_manage_sites_or_designations(
    client, request, role, site, moderator
):
    sign_in(client, request.getfixturevalue(role))
    designation = Designation.objects.get(user=moderator, site=site)
    designations_before = Designation.objects.count()

    assert client.get(SITE_LIST).status_code == 403
    assert client.post(SITE_CREATE, site_form()).status_code == 403
    assert (
        client.post(
            reverse("moderation:site_edit", args=[site.slug]), site_form(name="Hijacked")
        ).status_code
        == 403
    )
    assert (
        client.post(detail_url(site), {"user": moderator.pk, "starts_on": "2026-01-01"}).status_code
        == 403
    )
    assert client.post(revoke_url(designation), {"reason": "x"}).status_code == 403

    site.refresh_from_db()
    designation.refresh_from_db()
    assert site.name == "Stanton on Facebook"
    assert designation.revoked_at is None
    assert not Site.objects.filter(slug="youtube-main").exists()
    assert Designation.objects.count() == designations_before
    assert not AuditEvent.objects.filter(verb__startswith="site.").exists()
    assert not AuditEvent.objects.filter(verb__startswith="designation.").exists()


def test_unknown_site_is_404_for_an_administrator(client, admin):
    sign_in(client, admin)

    assert client.get(reverse("moderation:site_detail", args=["nowhere"])).status_code == 404
    assert client.get(reverse("moderation:site_edit", args=["nowhere"])).status_code == 404


def test_wrong_methods_are_refused(client, admin, moderator, site):
    sign_in(client, admin)
    designation = Designation.objects.get(user=moderator, site=site)

    assert client.get(revoke_url(designation)).status_code == 405
    assert client.put(detail_url(site)).status_code == 405
    assert client.delete(reverse("moderation:site_edit", args=[site.slug])).status_code == 405
    assert client.put(SITE_CREATE).status_code == 405
    assert client.post(SITE_LIST).status_code == 405
    designation.refresh_from_db()
    assert designation.revoked_at is None


def test_site_page_lists_designations_in_few_queries(
    client, admin, site, moderator, supervisor, django_assert_max_num_queries
):
    sign_in(client, admin)

    # The compliance checklist (moderation/sites/compliance.py) adds a fixed handful: the
    # connection, API tokens, a webhook delivery, a recent comment.
    with django_assert_max_num_queries(16):
        page = client.get(detail_url(site))

    body = page.content.decode()
    assert str(moderator) in body
    assert str(supervisor) in body
