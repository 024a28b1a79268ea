"""Each rule kind's settings are described once (moderation/flagging/rule_settings.py) and that
description validates what is stored, explains the form and feeds the detectors. A stored rule
whose settings are bad costs that rule only."""

from __future__ import annotations

import json
import logging

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from audit.models import AuditEvent
from moderation.flagging.defaults import DEFAULT_RULES
from moderation.flagging.engine import classify_text
from moderation.flagging.rule_settings import (
    UnintelligibleSettings,
    rule_parameters_validate,
    rule_settings_read,
)
from moderation.flagging.rules import ruleset_load
from moderation.flagging.tasks import classify_comments
from moderation.migrations._frozen import frozen_data, rules_upgrade
from moderation.models import Flag, FlagRule, PolicyCategory
from tests.conftest import sign_in
from tests.moderation.flagging.support import comment_make, default_rules_ensure


def test_every_default_rule_validates():
    for data in DEFAULT_RULES:
        assert rule_parameters_validate(data["kind"], data["parameters"]) is not None, data


@pytest.mark.django_db
def test_every_rule_the_migrations_installed_validates():
    default_rules_ensure()
    rules = list(FlagRule.objects.select_related("category"))
    learned = [rule for rule in rules if rule.kind == FlagRule.Kind.LEARNED]
    assert len(rules) - len(learned) == len(DEFAULT_RULES)
    assert len(learned) == 11  # one per category the classifier may learn (migration 0015)
    for rule in rules:
        rule_settings_read(rule.kind, rule.parameters)
    assert ruleset_load().skipped == []


@pytest.mark.parametrize(
    ("kind", "parameters", "message"),
    [
        (
            "threshold",
            {"detector": "unintelligible", "mash_share": "abc"},
            "“mash_share” must be a number",
        ),
        (
            "threshold",
            {"detector": "unintelligible", "mash_share": 5},
            "“mash_share” must be between",
        ),
        (
            "threshold",
            {"detector": "unintelligible", "mash_shar": 0.5},
            "Unknown setting “mash_shar”",
        ),
        ("names", {"list": "x", "terms": ["Dana"], "mention_score": "high"}, "“mention_score”"),
        (
            "threshold",
            {"detector": "link_spam", "allow_domains": ["not a domain"]},
            "“allow_domains”",
        ),
        (
            "threshold",
            {"detector": "emails", "allow_domains": "stantonca.gov"},
            "“allow_domains” must be a list",
        ),
        ("threshold", {"detector": "phone_numbers", "region": "Mars"}, "“region” must be one of"),
        ("threshold", {"detector": "phone_numbers", "region": 1}, "“region”"),
        ("threshold", {"detector": "ssn", "min_links": 3}, "Unknown setting “min_links”"),
        ("threshold", {"detector": "profanity_model", "model_only_threshold": 0.2}, "between 0.5"),
        ("length", {}, "“max_chars” is required"),
        ("length", {"max_chars": 2500.5}, "“max_chars” must be a whole number"),
        ("repetition", {"similarity": float("nan")}, "“similarity” must be a finite number"),
        ("keywords", {"terms": ["ok"], "window": True}, "“window” must be a whole number"),
        ("keywords", {"terms": ["ok"], "signal": "yes"}, "“signal” must be true or false"),
        ("regex", {"pattern": "x", "exclude_context": "news"}, "“exclude_context”"),
        ("link_domains", {"domains": []}, "“domains”: give at least one entry"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(kind, parameters, message):
    with pytest.raises(ValidationError) as refused:
        rule_parameters_validate(kind, parameters)
    assert message in " ".join(refused.value.messages), refused.value.messages


def test_detectors_read_typed_settings_with_their_defaults():
    settings = rule_settings_read("threshold", {"detector": "unintelligible"})
    assert isinstance(settings, UnintelligibleSettings)
    assert (settings.mash_share, settings.min_letters, settings.score) == (0.6, 8, 0.8)
    tidied = rule_parameters_validate("threshold", {"detector": "unintelligible", "mash_share": 1})
    assert tidied == {"detector": "unintelligible", "mash_share": 1.0}  # only what was given


@pytest.mark.django_db
def test_the_form_explains_each_setting_and_puts_errors_on_the_settings(client, supervisor):
    default_rules_ensure()
    sign_in(client, supervisor)
    url = reverse("moderation:rules_create")
    page = client.get(url).content.decode()
    assert "mash_share" in page and "mention_score" in page and "allow_domains" in page
    response = client.post(
        url,
        {
            "name": "Mash",
            "category": PolicyCategory.objects.get(code="off_topic").pk,
            "sub_reason": "unintelligible",
            "kind": "threshold",
            "entries": "",
            "pattern": "",
            "score": "0.7",
            "settings": json.dumps({"detector": "unintelligible", "mash_share": "abc"}),
            "public_description": "Mashing.",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "“mash_share” must be a number" in " ".join(response.context["form"].errors["settings"])
    assert not FlagRule.objects.filter(name="Mash").exists()


@pytest.mark.django_db
def test_a_stored_rule_with_bad_settings_is_skipped_and_the_others_still_run(site, caplog):
    default_rules_ensure()
    # Stored past the service (an old row, a manual edit): the case the validator cannot stop.
    bad = FlagRule.objects.get(name="Unintelligible text")
    FlagRule.objects.filter(pk=bad.pk).update(
        parameters={"detector": "unintelligible", "mash_share": "abc"}
    )
    comments = [comment_make(site=site, body=f"what the fuck {i}") for i in range(3)]
    with caplog.at_level(logging.ERROR, logger="moderation.flagging.rules"):
        outcome = classify_comments(comment_ids=[c.pk for c in comments])
    assert outcome["classified"] == 3 and outcome["failed"] == 0
    assert outcome["rules_skipped"] == 1
    assert set(Flag.objects.values_list("comment_id", flat=True)) == {c.pk for c in comments}
    assert any("Unintelligible text" in r.getMessage() for r in caplog.records)
    rules = ruleset_load()
    assert [name for _, name, _ in rules.skipped] == ["Unintelligible text"]
    assert classify_text("asdfgh qwerty zxcvbn", rules=rules) == []  # that rule only is off


@pytest.mark.django_db
def test_the_rules_page_marks_a_stored_rule_that_no_longer_validates(client, supervisor):
    default_rules_ensure()
    FlagRule.objects.filter(name="Unintelligible text").update(
        parameters={"detector": "unintelligible", "mash_share": "abc"}
    )
    sign_in(client, supervisor)
    page = client.get(reverse("moderation:rules_manage")).content.decode()
    assert "Not applied until fixed" in page and "mash_share" in page


@pytest.mark.django_db
def test_migration_0011_gives_untouched_default_patterns_their_re2_form(supervisor):
    default_rules_ensure()
    previous = [
        {**u, "parameters": u["previous"]}
        for u in frozen_data("0011_default_patterns_re2")["upgrades"]
    ]
    untouched, edited = previous[0], previous[1]
    FlagRule.objects.filter(name=untouched["name"]).update(parameters=untouched["parameters"])
    edited_parameters = {**edited["parameters"], "score": 0.5}  # a supervisor's edit
    FlagRule.objects.filter(name=edited["name"]).update(parameters=edited_parameters)
    with transaction.atomic():
        assert rules_upgrade(django_apps, None, "0011_default_patterns_re2") == 1
    # What 0011 gives (a later migration may upgrade the same rule again: 0024 did).
    given = {
        u["name"]: u["parameters"] for u in frozen_data("0011_default_patterns_re2")["upgrades"]
    }
    upgraded = FlagRule.objects.get(name=untouched["name"])
    assert upgraded.parameters == given[untouched["name"]]
    assert FlagRule.objects.get(name=edited["name"]).parameters == edited_parameters
    event = AuditEvent.objects.filter(verb="flag_rule.updated", target_id=str(upgraded.pk)).latest(
        "seq"
    )
    assert event.actor is None
    assert event.data["name"] == untouched["name"]
    assert event.data["changes"]["parameters"][0] == untouched["parameters"]
    # The edited one still uses a look-ahead: skipped (and logged) until a supervisor fixes it.
    assert [name for _, name, _ in ruleset_load().skipped] == [edited["name"]]
