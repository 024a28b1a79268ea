"""Who changes which flag rule: City-wide rules need an administrator or a supervisor
designated for every active site; a site rule needs a designation in force for each of its
sites. Rule events carry their sites, so the audit log's site filter finds them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.roles import SUPERVISOR
from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import FlagRule, PolicyCategory
from moderation.rules.services import (
    flag_rule_create,
    flag_rule_set_active,
    flag_rule_update,
)
from tests.conftest import sign_in
from tests.factories import DesignationFactory, SiteFactory, UserFactory
from tests.moderation.flagging.support import default_rules_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    return default_rules_ensure()


@pytest.fixture
def undesignated_supervisor(db):
    return UserFactory(
        email="sup0@stanton.example", full_name="Una Undesignated", roles=[SUPERVISOR]
    )


@pytest.fixture
def nextdoor_supervisor(db, site, other_site, admin):
    """Designated for Nextdoor only; Facebook (`site`) is active too."""
    user = UserFactory(email="sup-nd@stanton.example", full_name="Ned Nextdoor", roles=[SUPERVISOR])
    DesignationFactory(user=user, site=other_site, designated_by=admin)
    return user


def _city_wide_rule() -> FlagRule:
    rule = FlagRule.objects.get(name="Profanity word list")
    assert not rule.sites.exists()
    return rule


def _site_rule(actor, site, name="Taco trucks") -> FlagRule:
    return flag_rule_create(
        actor=actor,
        category=PolicyCategory.objects.get(code="commerce"),
        name=name,
        kind="keywords",
        parameters={"terms": ["taco truck sale"]},
        sites=[site],
    )


def _post_data(**overrides):
    data = {
        "name": "Fireworks vendors",
        "category": PolicyCategory.objects.get(code="commerce").pk,
        "sub_reason": "",
        "kind": "keywords",
        "entries": "fireworks for sale\n",
        "pattern": "",
        "score": "0.7",
        "settings": "",
        "public_description": "Sellers.",
        "active": "on",
    }
    data.update(overrides)
    return data


# --- City-wide rules -------------------------------------------------------------------------
def test_a_supervisor_with_no_designation_cannot_switch_off_a_city_wide_rule(
    client, rules, undesignated_supervisor
):
    rule = _city_wide_rule()
    sign_in(client, undesignated_supervisor)
    response = client.post(reverse("moderation:rules_set_active", args=[rule.pk]))
    assert response.status_code == 403
    assert client.get(reverse("moderation:rules_edit", args=[rule.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        flag_rule_set_active(actor=undesignated_supervisor, rule=rule, active=False)
    rule.refresh_from_db()
    assert rule.active is True
    assert not AuditEvent.objects.filter(
        verb__startswith="flag_rule.", actor__isnull=False
    ).exists()
    # The management list shows nothing it would refuse.
    page = client.get(reverse("moderation:rules_manage"))
    assert page.status_code == 200 and rule.name not in page.content.decode()


def test_a_supervisor_designated_for_one_site_cannot_make_or_change_city_wide_rules(
    client, rules, nextdoor_supervisor
):
    sign_in(client, nextdoor_supervisor)
    response = client.post(reverse("moderation:rules_create"), _post_data())
    assert response.status_code == 200
    assert response.context["form"].errors["sites"]
    with pytest.raises(PermissionDenied, match="City-wide"):
        flag_rule_create(
            actor=nextdoor_supervisor,
            category=PolicyCategory.objects.get(code="commerce"),
            name="Fireworks vendors",
            kind="keywords",
            parameters={"terms": ["fireworks for sale"]},
        )
    with pytest.raises(PermissionDenied):
        flag_rule_update(actor=nextdoor_supervisor, rule=_city_wide_rule(), name="Renamed")
    assert not FlagRule.objects.filter(name__in=["Fireworks vendors", "Renamed"]).exists()
    assert not AuditEvent.objects.filter(
        verb__startswith="flag_rule.", actor__isnull=False
    ).exists()


def test_a_supervisor_designated_for_every_active_site_changes_city_wide_rules(
    client, rules, supervisor, site, other_site
):
    rule = _city_wide_rule()
    sign_in(client, supervisor)
    response = client.post(reverse("moderation:rules_set_active", args=[rule.pk]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.active is False
    event = AuditEvent.objects.get(verb="flag_rule.deactivated")
    assert event.actor == supervisor and event.target_id == str(rule.pk)
    assert event.site_id is None and event.data["city_wide"] is True
    assert event.data["sites"] == {}

    # A new active site the supervisor is not designated for: City-wide is no longer theirs.
    SiteFactory(name="Stanton on YouTube", slug="youtube-main", platform="youtube")
    sign_in(client, supervisor)  # a fresh request: designations are read again
    response = client.post(reverse("moderation:rules_set_active", args=[rule.pk]), {"active": "on"})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.active is False
    assert not AuditEvent.objects.filter(verb="flag_rule.activated").exists()


def test_an_administrator_changes_city_wide_rules(client, rules, admin):
    rule = _city_wide_rule()
    sign_in(client, admin)
    assert client.get(reverse("moderation:rules_manage")).status_code == 200
    response = client.post(reverse("moderation:rules_set_active", args=[rule.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="flag_rule.deactivated")
    assert event.actor == admin and event.data["city_wide"] is True


# --- site rules --------------------------------------------------------------------------------
def test_a_nextdoor_supervisor_cannot_make_a_rule_for_facebook(
    client, rules, nextdoor_supervisor, site
):
    sign_in(client, nextdoor_supervisor)
    response = client.post(reverse("moderation:rules_create"), _post_data(sites=[site.pk]))
    assert response.status_code == 200
    assert "sites" in response.context["form"].errors
    offered = list(response.context["form"].fields["sites"].queryset)
    assert site not in offered
    with pytest.raises(PermissionDenied, match="not designated"):
        _site_rule(nextdoor_supervisor, site)
    assert not FlagRule.objects.filter(name__in=["Fireworks vendors", "Taco trucks"]).exists()
    assert not AuditEvent.objects.filter(
        verb__startswith="flag_rule.", actor__isnull=False
    ).exists()


def test_a_nextdoor_supervisor_makes_and_changes_nextdoor_rules_with_the_site_audited(
    client, rules, nextdoor_supervisor, other_site
):
    sign_in(client, nextdoor_supervisor)
    response = client.post(reverse("moderation:rules_create"), _post_data(sites=[other_site.pk]))
    assert response.status_code == 302
    rule = FlagRule.objects.get(name="Fireworks vendors")
    created = AuditEvent.objects.get(verb="flag_rule.created", actor__isnull=False)
    assert created.actor == nextdoor_supervisor
    assert created.site_id == other_site.pk
    assert created.data["sites"] == {str(other_site.pk): other_site.name}
    assert created.data["city_wide"] is False

    response = client.post(reverse("moderation:rules_set_active", args=[rule.pk]))
    assert response.status_code == 302
    switched = AuditEvent.objects.get(verb="flag_rule.deactivated")
    assert switched.site_id == other_site.pk

    page = client.get(reverse("moderation:rules_manage")).content.decode()
    assert "Fireworks vendors" in page
    assert "Profanity word list" not in page  # City-wide: not theirs to change


def test_a_rule_cannot_be_moved_to_or_from_a_site_outside_the_designation(
    client, rules, nextdoor_supervisor, admin, site, other_site
):
    facebook_rule = _site_rule(admin, site, name="Facebook tacos")
    nextdoor_rule = _site_rule(admin, other_site, name="Nextdoor tacos")
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        flag_rule_update(actor=nextdoor_supervisor, rule=nextdoor_rule, sites=[site])
    with pytest.raises(PermissionDenied):
        flag_rule_update(actor=nextdoor_supervisor, rule=facebook_rule, sites=[other_site])
    with pytest.raises(PermissionDenied):
        flag_rule_update(actor=nextdoor_supervisor, rule=nextdoor_rule, sites=[])
    assert AuditEvent.objects.count() == before
    assert list(nextdoor_rule.sites.all()) == [other_site]

    sign_in(client, nextdoor_supervisor)
    assert client.get(reverse("moderation:rules_edit", args=[facebook_rule.pk])).status_code == 403
    assert client.get(reverse("moderation:rules_edit", args=[nextdoor_rule.pk])).status_code == 200
    page = client.get(reverse("moderation:rules_manage")).content.decode()
    assert "Nextdoor tacos" in page and "Facebook tacos" not in page


def test_a_revoked_designation_stops_rule_changes_at_once(
    client, rules, nextdoor_supervisor, admin, other_site
):
    from django.utils import timezone

    from moderation.models import Designation

    rule = _site_rule(admin, other_site)
    Designation.objects.filter(user=nextdoor_supervisor).update(revoked_at=timezone.now())
    sign_in(client, nextdoor_supervisor)
    assert client.post(reverse("moderation:rules_set_active", args=[rule.pk])).status_code == 403
    assert not AuditEvent.objects.filter(verb="flag_rule.deactivated").exists()


# --- the audit log finds rule events by site --------------------------------------------------
def test_the_audit_site_filter_finds_rule_events_of_several_sites(
    client, rules, admin, nextdoor_supervisor, site, other_site
):
    flag_rule_create(
        actor=admin,
        category=PolicyCategory.objects.get(code="commerce"),
        name="Both sites",
        kind="keywords",
        parameters={"terms": ["taco truck sale"]},
        sites=[site, other_site],
    )
    event = AuditEvent.objects.get(verb="flag_rule.created", actor__isnull=False)
    assert event.site_id is None
    assert event.data["sites"] == {str(site.pk): site.name, str(other_site.pk): other_site.name}
    url = reverse("moderation:audit_log")

    def shown(user, **params) -> bool:
        sign_in(client, user)
        html = client.get(url, params).content.decode()
        return f'data-label="What happened">{AuditVerb.FLAG_RULE_CREATED.label}<' in html

    assert shown(admin, site=other_site.pk)
    assert shown(admin, site=site.pk)
    # A supervisor reads the events of their sites: this one concerns Nextdoor too.
    assert shown(nextdoor_supervisor)
    assert shown(nextdoor_supervisor, site=other_site.pk)
