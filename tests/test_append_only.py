"""Append-only means append-only (PostgreSQL): raw SQL cannot rewrite what was recorded.

Revisions, decision and ban link rows and every history row refuse UPDATE outright. Decisions,
bans and disclosure packages refuse a change to any column outside the model's
`MUTABLE_FIELDS`, and a complete package refuses every change. A comment's text changes only to
a text one of its revisions holds.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, transaction

from moderation.models import (
    Ban,
    Comment,
    CommentRevision,
    Decision,
    PostingRequest,
    ResponseNeed,
    ReviewNotification,
)
from records.models import DisclosurePackage
from records.services.packages import package_request
from tests.moderation.bans.scene import decided_comment, propose
from tests.records.scene import make_request
from tests.test_retention import history_model, trigger_definitions

REFUSED = "retained records are never deleted or rewritten"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params=None, *, naming: str = "") -> None:
    """The statement fails (naming the column, when given), and the transaction stays usable."""
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic():
        execute(sql, params)
    assert isinstance(excinfo.value, IntegrityError), repr(excinfo.value)
    assert REFUSED in str(excinfo.value), str(excinfo.value)
    assert naming in str(excinfo.value), str(excinfo.value)


def allowed(sql: str, params=None) -> None:
    assert execute(sql, params) == 1


@pytest.fixture
def scene(require_postgresql, moderator, supervisor, clerk, site):
    """A decided comment (with its revision), a proposed ban and a queued package, each made
    by the services, so every table below has rows and history rows."""
    comment, decision = decided_comment(site, moderator, action="remove")
    ban = propose(moderator, site, comment)
    with transaction.atomic():
        package = package_request(actor=clerk, request=make_request(clerk), enqueue=False)
    return {"comment": comment, "decision": decision, "ban": ban, "package": package}


# --- tables that refuse every UPDATE ---------------------------------------------------------
def append_only_tables() -> list[str]:
    """Revisions, decision/ban link rows, the audit log and every history table."""
    tables = [
        "moderation_commentrevision",
        "moderation_decisioncategory",
        "moderation_bancategory",
        "moderation_banevidence",
        "moderation_accountnote",
        "moderation_platformreport",
        "records_requestnote",
        "records_requestmessage",
        "records_packagerelease",
        "records_requestletter",
        "audit_auditevent",
    ]
    for model in apps.get_models():
        history = history_model(model)
        if history is not None:
            tables.append(history._meta.db_table)
    return sorted(set(tables))


@pytest.mark.parametrize("table", append_only_tables())
def test_every_append_only_table_has_an_update_refusing_trigger(require_postgresql, db, table):
    """A new history table (a new model with history) without a migration fails here."""
    rows = trigger_definitions(table).get(f"{table}_retain_rows", "")
    assert "BEFORE DELETE OR UPDATE" in rows and "FOR EACH ROW" in rows, (table, rows)
    assert "stanton_refuse_change()" in rows and "[enabled=O]" in rows, rows


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("moderation_commentrevision", "body"),
        ("moderation_commentrevision", "content_hash"),
        ("moderation_decisioncategory", "category_id"),
        ("moderation_bancategory", "category_id"),
        ("moderation_banevidence", "comment_id"),
        ("moderation_historicalcomment", "body"),
        ("moderation_historicalcommentrevision", "body"),
        ("moderation_historicaldecision", "rationale"),
        ("moderation_historicalban", "findings"),
        ("moderation_historicalsite", "name"),
        ("records_historicaldisclosurepackage", "sha256"),
        ("records_historicalrecordsrequest", "description"),
        ("accounts_historicaluser", "email"),
    ],
)
def test_raw_update_of_an_append_only_row_is_refused(scene, table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names from this test
        assert cursor.fetchone()[0] > 0, f"the scene left {table} empty"
    refused(f"UPDATE {table} SET {column} = {column}")  # noqa: S608 - even a no-op rewrite


def test_a_revision_cannot_be_rewritten(scene):
    revision = scene["comment"].revisions.get()
    refused(
        "UPDATE moderation_commentrevision SET body = 'rewritten', content_hash = %s WHERE id = %s",
        [sha("rewritten"), revision.pk],
    )
    assert CommentRevision.objects.get(pk=revision.pk).body == revision.body


# --- decisions ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("rationale", "'A different reason, written later.'"),
        ("action", "'keep'"),
        ("actor_id", "NULL"),
        ("decided_at", "now()"),
        ("policy_version_id", "COALESCE(policy_version_id, 0) + 1"),
        ("previous_platform_state", "'hidden'"),
        ("comment_id", "comment_id + 0 * id + 1"),
        # Why it was (not) sampled for review is part of what was decided.
        ("review_reason", "'sample'"),
        ("review_sample_seed", "COALESCE(review_sample_seed, 0) + 1"),
        ("review_sample_draw", "COALESCE(review_sample_draw, 0) + 0.5"),
        ("review_sample_rate", "COALESCE(review_sample_rate, 0) + 0.5"),
    ],
)
def test_what_was_decided_cannot_be_rewritten(scene, column, value):
    decision = scene["decision"]
    refused(
        f"UPDATE moderation_decision SET {column} = {value} WHERE id = %s",  # noqa: S608
        [decision.pk],
        naming=column,
    )
    assert Decision.objects.get(pk=decision.pk).rationale == decision.rationale


def test_the_review_of_a_decision_is_written_later(scene, supervisor):
    decision = scene["decision"]
    allowed(
        "UPDATE moderation_decision SET review_state = 'upheld', reviewed_by_id = %s, "
        "reviewed_at = now(), review_note = 'Consistent with policy.' WHERE id = %s",
        [supervisor.pk, decision.pk],
    )
    assert Decision.objects.get(pk=decision.pk).review_state == "upheld"
    # ... but not together with a change to the decision itself.
    refused(
        "UPDATE moderation_decision SET review_note = 'x', rationale = 'y' WHERE id = %s",
        [decision.pk],
        naming="rationale",
    )


# --- bans --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("findings", "'Nothing, really.'"),
        ("account_id", "account_id + 0 * id + 1"),
        ("scope", "'platform'"),
        ("duration_days", "365"),
        ("proposed_by_id", "NULL"),
        ("proposed_at", "now() - interval '1 year'"),
    ],
)
def test_a_bans_proposal_cannot_be_rewritten(scene, column, value):
    ban = scene["ban"]
    refused(
        f"UPDATE moderation_ban SET {column} = {value} WHERE id = %s",  # noqa: S608
        [ban.pk],
        naming=column,
    )
    assert Ban.objects.get(pk=ban.pk).findings == ban.findings


def test_a_bans_life_is_written_later(scene, supervisor):
    ban = scene["ban"]
    allowed(
        "UPDATE moderation_ban SET state = 'active', decided_by_id = %s, decided_at = now(), "
        "decision_note = 'Approved.', starts_at = now(), ends_at = now() + interval '7 days' "
        "WHERE id = %s",
        [supervisor.pk, ban.pk],
    )
    allowed(
        "UPDATE moderation_ban SET state = 'lifted', lifted_by_id = %s, lifted_at = now(), "
        "lift_reason = 'Apologised.' WHERE id = %s",
        [supervisor.pk, ban.pk],
    )
    assert Ban.objects.get(pk=ban.pk).state == "lifted"


# --- disclosure packages -----------------------------------------------------------------------
def test_a_package_being_built_changes_only_its_build_columns(scene):
    package = scene["package"]
    allowed(
        "UPDATE records_disclosurepackage SET status = 'building', progress = 40, "
        "progress_message = 'Comments', attempts = 1, started_at = now() WHERE id = %s",
        [package.pk],
    )
    refused(
        "UPDATE records_disclosurepackage SET criteria = '{\"site\": 1}'::jsonb WHERE id = %s",
        [package.pk],
        naming="criteria",
    )
    refused(
        "UPDATE records_disclosurepackage SET request_id = request_id + 0 * id + 1 WHERE id = %s",
        [package.pk],
        naming="request_id",
    )


def test_a_complete_package_is_sealed(scene):
    package = scene["package"]
    allowed(
        "UPDATE records_disclosurepackage SET status = 'complete', progress = 100, "
        "file = 'packages/2026/p.zip', sha256 = %s, size = 10, manifest = '{\"a\": 1}'::jsonb "
        "WHERE id = %s",
        [sha("package"), package.pk],
    )
    for assignment, column in [
        (f"sha256 = '{sha('forged')}'", "sha256"),
        ("file = 'packages/2026/forged.zip'", "file"),
        ("manifest = '{}'::jsonb", "manifest"),
        ("size = 11", "size"),
        ("progress = 99", "progress"),
        ("status = 'failed'", "status"),
    ]:
        refused(
            f"UPDATE records_disclosurepackage SET {assignment} WHERE id = %s",  # noqa: S608
            [package.pk],
            naming=column,
        )
    stored = DisclosurePackage.objects.get(pk=package.pk)
    assert (stored.sha256, stored.file.name) == (sha("package"), "packages/2026/p.zip")


# --- comments ----------------------------------------------------------------------------------
def test_a_comment_body_cannot_change_without_a_revision(scene):
    comment = scene["comment"]
    refused(
        "UPDATE moderation_comment SET body = 'Something else entirely', content_hash = %s "
        "WHERE id = %s",
        [sha("Something else entirely"), comment.pk],
    )
    refused("UPDATE moderation_comment SET body = 'Only the body' WHERE id = %s", [comment.pk])
    refused(
        "UPDATE moderation_comment SET content_hash = %s WHERE id = %s",
        [sha("Only the hash"), comment.pk],
    )
    assert Comment.objects.get(pk=comment.pk).body == comment.body


def test_a_comment_takes_the_text_of_its_revision(scene):
    comment = scene["comment"]
    edited = "An edited comment, as the platform sent it."
    CommentRevision.objects.create(comment=comment, number=2, body=edited, content_hash=sha(edited))
    allowed(
        "UPDATE moderation_comment SET body = %s, content_hash = %s WHERE id = %s",
        [edited, sha(edited), comment.pk],
    )
    # The hash must be the revision's too, and another comment's revision does not count.
    refused(
        "UPDATE moderation_comment SET body = %s, content_hash = %s WHERE id = %s",
        [comment.body, sha("a hash of nothing"), comment.pk],
    )
    other, _ = decided_comment(comment.site, scene["decision"].actor, body="A second one.")
    refused(
        "UPDATE moderation_comment SET body = %s, content_hash = %s WHERE id = %s",
        [edited, sha(edited), other.pk],
    )


def test_a_temporary_table_cannot_stand_in_for_the_revisions(scene):
    comment = scene["comment"]
    execute(
        "CREATE TEMPORARY TABLE moderation_commentrevision "
        "(comment_id bigint, body text, content_hash varchar(64))"
    )
    execute(
        "INSERT INTO moderation_commentrevision VALUES (%s, 'forged', %s)",
        [comment.pk, sha("forged")],
    )
    refused(
        "UPDATE moderation_comment SET body = 'forged', content_hash = %s WHERE id = %s",
        [sha("forged"), comment.pk],
    )


def test_the_rest_of_a_comment_still_changes(scene):
    comment = scene["comment"]
    allowed(
        "UPDATE moderation_comment SET platform_state = 'visible', queue_state = 'open', "
        "queue_score = 2.5, updated_at = now() WHERE id = %s",
        [comment.pk],
    )


# --- the installed allow-lists are the models' -------------------------------------------------
def installed_mutable_columns(table: str, trigger: str) -> list[str]:
    definition = trigger_definitions(table)[trigger]
    arguments = re.search(r"stanton_refuse_immutable_change\((.*)\)", definition)
    assert arguments, definition
    return re.findall(r"'([^']*)'", arguments.group(1))


@pytest.mark.parametrize(
    "model",
    [Decision, Ban, DisclosurePackage, ResponseNeed, PostingRequest, ReviewNotification],
    ids=lambda m: m.__name__,
)
def test_the_installed_allow_list_is_the_models(require_postgresql, db, model):
    """Changing `MUTABLE_FIELDS` needs a migration that reinstalls the trigger."""
    table = model._meta.db_table
    expected = [model._meta.get_field(name).column for name in model.MUTABLE_FIELDS]
    assert installed_mutable_columns(table, f"{table}_immutable") == expected


def test_a_complete_package_allows_no_column(require_postgresql, db):
    definition = trigger_definitions("records_disclosurepackage")[
        "records_disclosurepackage_sealed"
    ]
    assert "WHEN (((old.status)::text = 'complete'::text))" in definition, definition
    assert (
        installed_mutable_columns("records_disclosurepackage", "records_disclosurepackage_sealed")
        == []
    )


def test_the_comment_text_trigger_checks_the_models_revised_fields(require_postgresql, db):
    definition = trigger_definitions("moderation_comment")["moderation_comment_revised_text"]
    arguments = re.search(r"stanton_refuse_unrevised_text\((.*)\)", definition).group(1)
    revisions, key, *columns = re.findall(r"'([^']*)'", arguments)
    assert (revisions, key) == (CommentRevision._meta.db_table, "comment_id")
    assert columns == [Comment._meta.get_field(f).column for f in Comment.REVISED_FIELDS]


def test_a_sent_reply_is_sealed_and_a_draft_is_not(require_postgresql, db, site, moderator):
    from moderation.responses.services import reply_draft_save, reply_send
    from tests.moderation.responses.support import question

    comment = question(site)
    draft = reply_draft_save(comment=comment, actor=moderator, text="Working on it.")
    allowed("UPDATE moderation_commentreply SET text = 'Still working' WHERE id = %s", [draft.pk])
    sent = reply_send(comment=comment, actor=moderator, text="Done.", reply=draft)
    refused(
        "UPDATE moderation_commentreply SET text = 'Rewritten' WHERE id = %s",
        [sent.pk],
        naming="moderation_commentreply",
    )
    refused("UPDATE moderation_responseneed SET due_on = due_on + 1")
