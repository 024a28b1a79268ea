"""Supervisors maintain flag rules in the portal; the public reads every active rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import FlagRule, PolicyCategory
from moderation.rules.services import flag_rule_create
from tests.conftest import sign_in
from tests.moderation.flagging.support import default_rules_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    return default_rules_ensure()


def _post_data(**overrides):
    data = {
        "name": "Fireworks vendors",
        "category": PolicyCategory.objects.get(code="commerce").pk,
        "sub_reason": "",
        "kind": "keywords",
        "entries": "fireworks for sale\nsparklers $5\n",
        "pattern": "",
        "score": "0.7",
        "settings": "",
        "public_description": "Sellers.",
        "active": "on",
    }
    data.update(overrides)
    return data


# --- the public page ----------------------------------------------------------------------
def test_public_page_lists_every_active_rule_in_full_without_sign_in(client, rules):
    response = client.get(reverse("moderation:rules_public"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "PETA" in page or "Ethical Treatment of Animals" in page
    assert "motherfucker" in page  # the full word list, not a summary
    assert "Measure A" in page and "Dana Whitfield" in page
    assert "People only" in page  # human-only categories are said to be so
    for rule in FlagRule.objects.filter(active=True):
        assert rule.name in page or rule.name.replace("'", "&#x27;") in page


def test_public_page_hides_inactive_rules_and_escapes_everything(client, rules, supervisor):
    category = PolicyCategory.objects.get(code="commerce")
    flag_rule_create(
        actor=supervisor,
        category=category,
        name="<script>x</script>",
        kind="keywords",
        parameters={"terms": ["<b>bold</b> sale"]},
        public_description="<img src=x onerror=alert(1)>",
    )
    flag_rule_create(
        actor=supervisor,
        category=category,
        name="Switched off rule",
        kind="keywords",
        parameters={"terms": ["zzsecretzz"]},
        active=False,
    )
    page = client.get(reverse("moderation:rules_public")).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;b&gt;bold&lt;/b&gt; sale" in page
    assert "zzsecretzz" not in page and "Switched off rule" not in page


def test_public_page_rejects_post(client, rules):
    assert client.post(reverse("moderation:rules_public")).status_code == 405


# --- the supervisors' list ----------------------------------------------------------------
def test_manage_list_keeps_a_constant_number_of_queries(
    client, rules, supervisor, django_assert_max_num_queries
):
    sign_in(client, supervisor)
    url = reverse("moderation:rules_manage")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    category = PolicyCategory.objects.get(code="commerce")
    for i in range(30):
        flag_rule_create(
            actor=supervisor,
            category=category,
            name=f"Extra {i}",
            kind="keywords",
            parameters={"terms": [f"extra term {i}"]},
        )
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    # the rules are listed by category, so the new ones may be on a later page
    pages = [response.content.decode()]
    pages += [client.get(url, {"page": n}).content.decode() for n in range(2, 6)]
    assert any("Extra 1" in page for page in pages)


def test_moderators_cannot_manage_rules(client, rules, moderator):
    sign_in(client, moderator)
    assert client.get(reverse("moderation:rules_manage")).status_code == 403
    response = client.post(reverse("moderation:rules_create"), _post_data())
    assert response.status_code == 403
    assert not FlagRule.objects.filter(name="Fireworks vendors").exists()


# --- create, edit, switch ------------------------------------------------------------------
def test_supervisor_creates_a_rule_with_history_and_audit(client, rules, supervisor, site):
    sign_in(client, supervisor)
    response = client.post(reverse("moderation:rules_create"), _post_data(sites=[site.pk]))
    rule = FlagRule.objects.get(name="Fireworks vendors")
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:rules_edit", args=[rule.pk])
    assert rule.parameters == {"terms": ["fireworks for sale", "sparklers $5"], "score": 0.7}
    assert list(rule.sites.all()) == [site]
    assert rule.created_by == supervisor
    assert rule.history.get().history_user == supervisor
    event = AuditEvent.objects.get(verb=AuditVerb.FLAG_RULE_CREATED, actor__isnull=False)
    assert event.actor == supervisor and event.target_id == str(rule.pk)
    assert event.data["parameters"]["terms"] == ["fireworks for sale", "sparklers $5"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "regex", "pattern": "vote(?! no)"}, "pattern", "Look-ahead"),
        ({"kind": "regex", "pattern": "(?<!not )sale"}, "pattern", "look-behind"),
        ({"kind": "regex", "pattern": "buy (now"}, "pattern", "not a valid pattern"),
        ({"kind": "regex", "pattern": r"(\w)\1"}, "pattern", "Back-references"),
        ({"kind": "regex", "pattern": "a" * 2001}, "pattern", "at most 2000"),
        ({"entries": "\n  \n"}, "entries", "at least one entry"),
        ({"entries": "x\n"}, "entries", "too short"),
        (
            {"kind": "length", "entries": "", "settings": '{"max_chars": 5}'},
            "settings",
            "between 100",
        ),
        ({"settings": "{not json"}, "settings", "not valid JSON"),
        ({"kind": "link_domains", "entries": "not a domain"}, "entries", "not a domain"),
        ({"kind": "threshold", "settings": '{"detector": "nope"}'}, "settings", "detector"),
        ({"sub_reason": "spam"}, "sub_reason", "no sub-reasons"),
    ],
)
def test_bad_rules_get_a_clear_error_and_nothing_is_saved(
    client, rules, supervisor, overrides, field, message
):
    sign_in(client, supervisor)
    count = FlagRule.objects.count()
    response = client.post(reverse("moderation:rules_create"), _post_data(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert FlagRule.objects.count() == count
    assert not AuditEvent.objects.filter(
        verb=AuditVerb.FLAG_RULE_CREATED, actor__isnull=False
    ).exists()


def test_supervisor_edits_a_rule_and_the_change_is_audited(client, rules, supervisor):
    sign_in(client, supervisor)
    rule = FlagRule.objects.get(name="Current candidates and ballot measures")
    url = reverse("moderation:rules_edit", args=[rule.pk])
    form = client.get(url).context["form"]
    assert "Measure A" in form.initial["entries"]
    data = {
        **{k: v for k, v in form.initial.items() if k not in ("category", "sites", "active")},
        "category": rule.category.pk,
        "active": "on",
        "entries": "Measure Z\nJordan Reyes",
        "score": "0.8",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    rule.refresh_from_db()
    assert rule.parameters["terms"] == ["Measure Z", "Jordan Reyes"]
    assert rule.parameters["list"] == "campaign_subjects"  # other settings kept
    event = AuditEvent.objects.get(verb=AuditVerb.FLAG_RULE_UPDATED, actor__isnull=False)
    assert event.actor == supervisor
    assert event.data["changes"]["parameters"][1]["terms"] == ["Measure Z", "Jordan Reyes"]
    assert rule.history.first().history_user == supervisor
    page = client.get(url).content.decode()
    assert "History" in page and supervisor.full_name in page


def test_switching_a_rule_off_and_on(client, rules, supervisor):
    sign_in(client, supervisor)
    rule = FlagRule.objects.get(name="Profanity word list")
    url = reverse("moderation:rules_set_active", args=[rule.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    rule.refresh_from_db()
    assert rule.active is False
    assert AuditEvent.objects.filter(
        verb=AuditVerb.FLAG_RULE_DEACTIVATED, target_id=str(rule.pk)
    ).exists()
    client.post(url, {"active": "on"})
    rule.refresh_from_db()
    assert rule.active is True
    assert AuditEvent.objects.filter(verb=AuditVerb.FLAG_RULE_ACTIVATED).count() == 1


def test_edit_of_unknown_rule_is_404(client, rules, supervisor):
    sign_in(client, supervisor)
    assert client.get(reverse("moderation:rules_edit", args=[999_999])).status_code == 404


def test_nav_shows_flag_rules_to_supervisors_only(client, rules, supervisor, moderator):
    link = reverse("moderation:rules_manage")
    sign_in(client, moderator)
    assert link not in client.get(reverse("home")).content.decode()
    sign_in(client, supervisor)
    assert link in client.get(reverse("home")).content.decode()
