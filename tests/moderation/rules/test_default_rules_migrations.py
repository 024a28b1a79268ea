"""The data migrations install frozen data, with history and audit rows, whatever today's code
says: migrations are history."""

from __future__ import annotations

import ast
import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from moderation.flagging.defaults import DATA, DEFAULT_RULES
from moderation.migrations._frozen import FROZEN, frozen_data
from moderation.models import FlagRule, PolicyCategory
from moderation.policy.categories import CATEGORIES
from tests.conftest import (
    FLAG_RULE_DESCRIPTION_UPGRADES,
    FLAG_RULE_MIGRATIONS,
    FLAG_RULE_UPGRADES,
)

MIGRATIONS = Path(import_module("moderation.migrations").__file__).parent


def canonical(items: list[dict]) -> list[str]:
    return sorted(json.dumps(item, sort_keys=True) for item in json.loads(json.dumps(items)))


def test_frozen_rules_together_are_todays_defaults():
    """A change to a default rule must come with a new data migration (and its frozen file)."""
    frozen = {
        (rule["category"], rule["name"]): rule
        for name in FLAG_RULE_MIGRATIONS
        for rule in frozen_data(name)["rules"]
    }
    for name in FLAG_RULE_UPGRADES:
        for upgrade in frozen_data(name)["upgrades"]:
            rule = frozen[(upgrade["category"], upgrade["name"])]
            assert rule["parameters"] == upgrade["previous"]
            rule["parameters"] = upgrade["parameters"]
    for name in FLAG_RULE_DESCRIPTION_UPGRADES:
        for upgrade in frozen_data(name)["descriptions"]:
            rule = frozen[(upgrade["category"], upgrade["name"])]
            assert rule["kind"] == upgrade["kind"]
            assert rule["public_description"] == upgrade["previous"]
            rule["public_description"] = upgrade["public_description"]
    assert canonical(list(frozen.values())) == canonical(DEFAULT_RULES)


def test_frozen_categories_are_todays_catalogue():
    assert frozen_data("0005_policy_categories")["categories"] == json.loads(json.dumps(CATEGORIES))


@pytest.mark.parametrize(
    "migration",
    [
        "0005_policy_categories",
        *FLAG_RULE_MIGRATIONS,
        "0010_default_rules_history",
        *FLAG_RULE_UPGRADES,
        *FLAG_RULE_DESCRIPTION_UPGRADES,
    ],
)
def test_data_migrations_import_no_application_code(migration):
    tree = ast.parse((MIGRATIONS / f"{migration}.py").read_text(encoding="utf-8"))
    imported = [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [m for m in imported if not m.startswith(("django", "moderation.migrations"))] == []


def test_every_installed_default_rule_has_its_history_row_and_audit_event(db):
    # The learned rules (migration 0015) are tested in tests/moderation/flagging/test_learned.py.
    installed = FlagRule.objects.filter(created_by=None).exclude(kind=FlagRule.Kind.LEARNED)
    assert installed.count() == len(DEFAULT_RULES)
    for rule in installed:
        history = list(rule.history.order_by("history_id"))
        assert history[0].history_type == "+", rule.name
        assert history[0].history_change_reason.startswith("Installed by migration 00")
        # Later changes are the upgrades (0011, 0018, 0019): each a "~" row.
        later = [h.history_type for h in history[1:]]
        assert set(later) <= {"~"}, rule.name
        assert all(
            h.history_change_reason.startswith("Upgraded by migration 00") for h in history[1:]
        ), rule.name
    events = AuditEvent.objects.filter(verb="flag_rule.created", actor=None).exclude(
        data__kind=FlagRule.Kind.LEARNED
    )
    assert sorted(int(e.target_id) for e in events) == sorted(
        installed.values_list("pk", flat=True)
    )
    assert all(e.data["installed_by"].startswith("migration 00") for e in events)
    call_command("verify_audit_log")


def test_backfill_gives_a_rule_without_history_its_row_and_event(db, capsys):
    """Databases migrated before the migrations were frozen have default rules with no
    history; 0010 gives them what the service would have written."""
    # bulk_create skips simple-history's signal: a rule with no history, as old databases had.
    (rule,) = FlagRule.objects.bulk_create(
        [
            FlagRule(
                category=PolicyCategory.objects.get(code="profanity"),
                name="Installed before history",
                kind=FlagRule.Kind.KEYWORDS,
                parameters={"terms": ["zorp"], "score": 0.8},
            )
        ]
    )
    assert not rule.history.exists()

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration = import_module("moderation.migrations.0010_default_rules_history")
    migration.backfill_history(apps, editor)
    migration.backfill_history(apps, editor)  # a second run adds nothing

    assert [h.history_type for h in rule.history.all()] == ["+"]
    event = AuditEvent.objects.get(verb="flag_rule.created", target_id=str(rule.pk))
    assert event.data["name"] == "Installed before history"
    call_command("verify_audit_log")
    assert "intact" in capsys.readouterr().out


def test_word_lists_are_files_with_a_header():
    lists = sorted(p for p in DATA.glob("*.txt") if p.name != "english_trigrams.txt")
    assert len(lists) >= 20
    for path in lists:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), path.name
        terms = [line for line in lines if line and not line.startswith("#")]
        assert terms, path.name
        assert len(terms) == len(set(terms)), f"{path.name} repeats a term"


def test_frozen_files_are_only_read_by_migrations():
    assert sorted(p.name for p in FROZEN.glob("*.json")) == sorted(
        [
            f"{name}.json"
            for name in (
                "0005_policy_categories",
                *FLAG_RULE_MIGRATIONS,
                *FLAG_RULE_UPGRADES,
                *FLAG_RULE_DESCRIPTION_UPGRADES,
            )
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("migration", FLAG_RULE_DESCRIPTION_UPGRADES)
def test_description_upgrades_reword_untouched_descriptions_and_leave_a_supervisors_alone(
    client, migration
):
    from django.db import transaction
    from django.utils.html import escape

    from moderation.migrations._frozen import descriptions_upgrade

    upgrades = frozen_data(migration)["descriptions"]
    untouched, reworded = upgrades[0], upgrades[1]
    for upgrade in upgrades:  # as before the migration
        FlagRule.objects.filter(name=upgrade["name"]).update(public_description=upgrade["previous"])
    FlagRule.objects.filter(name=reworded["name"]).update(public_description="Ours, not yours.")
    with transaction.atomic():
        assert descriptions_upgrade(apps, None, migration) == len(upgrades) - 1
    rule = FlagRule.objects.get(name=untouched["name"])
    assert rule.public_description == untouched["public_description"]
    assert FlagRule.objects.get(name=reworded["name"]).public_description == "Ours, not yours."
    history = rule.history.filter(history_change_reason=f"Upgraded by migration {migration}")
    assert history.latest().public_description == untouched["public_description"]
    event = AuditEvent.objects.filter(verb="flag_rule.updated", target_id=str(rule.pk)).latest(
        "seq"
    )
    assert event.actor is None
    assert event.data["changes"]["public_description"] == [
        untouched["previous"],
        untouched["public_description"],
    ]
    call_command("verify_audit_log")
    # What is published at /rules/ is the new wording.
    assert escape(untouched["public_description"]) in client.get("/rules/").content.decode()
