"""Append-only means append-only (PostgreSQL): what was recorded cannot be rewritten in SQL.

- Comment revisions, the categories of decisions and bans, a ban's evidence links and every
  history table refuse UPDATE outright, as the audit log does.
- A decision and a ban refuse an UPDATE that changes any column but the ones their lifecycle
  writes (`Decision.MUTABLE_FIELDS`, `Ban.MUTABLE_FIELDS`; an allow-list, so a column added
  later is immutable until it is listed here).
- A comment's body and content hash change only to a text one of its revisions holds.

The column lists are written out, not imported from the models: a migration must do the same
thing on every database whenever it runs. tests/test_append_only.py checks that the installed
lists equal the models' `MUTABLE_FIELDS`, so a change there without a new migration fails.
"""

from django.db import migrations

from audit.retention import protect_columns, protect_revised_text, protect_tables

HISTORY_TABLES = (
    "moderation_historicalsite",
    "moderation_historicaldesignation",
    "moderation_historicalpolicyversion",
    "moderation_historicalpolicycategory",
    "moderation_historicalpublicaccount",
    "moderation_historicalpost",
    "moderation_historicalcomment",
    "moderation_historicalcommentrevision",
    "moderation_historicalattachment",
    "moderation_historicalflagrule",
    "moderation_historicalflag",
    "moderation_historicaldecision",
    "moderation_historicalban",
    "moderation_historicalplatformaction",
    "moderation_historicalclaim",
    "moderation_historicalapitoken",
    "moderation_historicalsubscribersnapshot",
)

DECISION_MUTABLE = ("review_state", "reviewed_by_id", "reviewed_at", "review_note")
BAN_MUTABLE = (
    "state",
    "decided_by_id",
    "decided_at",
    "decision_note",
    "starts_at",
    "ends_at",
    "lifted_by_id",
    "lifted_at",
    "lift_reason",
)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0011_default_patterns_re2"),
        ("audit", "0003_retention_functions_without_escape_hatch"),
    ]

    operations = [
        protect_tables(
            append_only=(
                "moderation_commentrevision",
                "moderation_decisioncategory",
                "moderation_bancategory",
                "moderation_banevidence",
                *HISTORY_TABLES,
            )
        ),
        protect_columns("moderation_decision", mutable=DECISION_MUTABLE),
        protect_columns("moderation_ban", mutable=BAN_MUTABLE),
        protect_revised_text(
            "moderation_comment",
            revisions="moderation_commentrevision",
            key="comment_id",
            columns=("body", "content_hash"),
        ),
    ]
