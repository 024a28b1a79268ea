"""The compiled rule set is kept per process and built again only when the active rules'
fingerprint (one query) changes: a supervisor's edit still takes effect on the next batch."""

from __future__ import annotations

import pytest

from moderation.flagging import rules as rules_module
from moderation.flagging.batch import comments_classify
from moderation.flagging.rules import ruleset_load
from moderation.models import Flag, FlagRule
from moderation.rules.services import flag_rule_set_active, flag_rule_update
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _keyword_rule() -> FlagRule:
    return FlagRule.objects.filter(active=True, kind="keywords").order_by("pk").first()


def test_an_unchanged_rule_set_costs_one_query(django_assert_num_queries):
    first = ruleset_load()
    with django_assert_num_queries(1):
        assert ruleset_load() is first


def test_a_supervisors_word_takes_effect_on_the_next_batch(supervisor, site):
    word = "zorblaxian"
    before = CommentFactory(site=site, body=f"The {word} proposal again.")
    comments_classify(comment_ids=[before.pk])  # the set is built and kept
    assert not Flag.objects.filter(comment=before, detector="keywords").exists()
    rule = _keyword_rule()
    terms = [*rule.parameters["terms"], word]
    flag_rule_update(actor=supervisor, rule=rule, parameters={**rule.parameters, "terms": terms})
    after = CommentFactory(site=site, body=f"The {word} proposal again.")
    comments_classify(comment_ids=[after.pk])
    flag = Flag.objects.get(comment=after, rule=rule)
    assert word in flag.evidence["explanation"] or any(
        word in span["text"].lower() for span in flag.evidence["spans"]
    )


def test_deactivating_and_moving_a_rule_each_rebuild_the_set(supervisor, site):
    first = ruleset_load()
    rule = _keyword_rule()
    flag_rule_set_active(actor=supervisor, rule=rule, active=False)
    without = ruleset_load()
    assert without is not first and rule.pk not in {r.id for r in without.rules}
    flag_rule_set_active(actor=supervisor, rule=rule, active=True)
    again = ruleset_load()
    assert rule.pk in {r.id for r in again.rules}
    flag_rule_update(actor=supervisor, rule=rule, sites=[site])
    moved = ruleset_load()
    assert next(r for r in moved.rules if r.id == rule.pk).site_ids == {site.pk}


def test_a_change_made_outside_the_services_is_seen_too():
    """The fingerprint is of the rows, not of an announcement: a migration's or a manual
    UPDATE's change is picked up as well."""
    first = ruleset_load()
    rule = _keyword_rule()
    FlagRule.objects.filter(pk=rule.pk).update(name=rule.name + " (renamed)")
    renamed = ruleset_load()
    assert renamed is not first
    assert next(r for r in renamed.rules if r.id == rule.pk).name.endswith("(renamed)")


def test_off_postgresql_the_rows_are_compared(monkeypatch):
    monkeypatch.setattr(rules_module, "_rules_fingerprint", lambda: None)
    first = ruleset_load()
    assert ruleset_load() is first
    rule = _keyword_rule()
    FlagRule.objects.filter(pk=rule.pk).update(sub_reason="changed")
    assert ruleset_load() is not first
