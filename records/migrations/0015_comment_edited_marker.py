"""Records search at county scale (issue 16), part two, on PostgreSQL only (the SQLite demo
searches with icontains and needs none of this).

A keyword search also finds a comment by the text of an earlier revision, and only a comment
with a revision after its first has any (records.selectors.search `_comment_text_branches`).
Finding those comments by joining the revisions to every comment of the date range read the
whole range (a tenth of the table at a million comments, about a second). Now the comment
row says it: `edited`, true once a revision numbered above 1 is stored for it, and a small
partial index of the edited comments by search time (`COALESCE(posted_at, captured_at)`, as
the date range is written) reads only those.

- `edited` is a column of the table, not a model field (like `search_vector`, records 0010):
  the ORM never writes it, so a `.save()` of a comment loaded before the edit cannot put it
  back to false. Only the triggers below write it, and only ever from false to true.
- It is set by a statement-level trigger on the revisions' INSERT (every way a revision is
  written: `.save()`, `bulk_create`, COPY), and by one on the comments' INSERT for a
  revision stored before its comment (foreign keys are deferred, so that order is allowed).
  It is derived, like the queue fields: no history row or audit event of its own. The
  revised-text trigger (moderation 0012) watches only the body and the content hash.
- The comments edited before this migration are marked by one UPDATE.

Adding a column with a constant default does not rewrite the table.
"""

from django.db import migrations

COLUMN = "edited"
INDEX = "records_comment_edited_search_time"
MARK_FUNCTION = "records_comment_mark_edited"
FROM_REVISIONS = "records_revision_marks_comment_edited"
FROM_COMMENTS = "records_comment_marked_edited"

FUNCTIONS = [
    # After revisions are inserted: their comments, if a new revision is after the first.
    f"""
CREATE OR REPLACE FUNCTION {MARK_FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'moderation_commentrevision' THEN
        UPDATE moderation_comment AS c SET {COLUMN} = true
        WHERE NOT c.{COLUMN}
          AND c.id IN (SELECT n.comment_id FROM new_rows AS n WHERE n.number > 1);
    ELSE
        -- New comments whose later revisions are already stored (same transaction).
        UPDATE moderation_comment AS c SET {COLUMN} = true
        WHERE NOT c.{COLUMN}
          AND c.id IN (
              SELECT n.id FROM new_rows AS n
              WHERE EXISTS (
                  SELECT 1 FROM moderation_commentrevision AS r
                  WHERE r.comment_id = n.id AND r.number > 1
              )
          );
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
""",
]


def marker_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f'ALTER TABLE "moderation_comment" ADD COLUMN "{COLUMN}" boolean NOT NULL DEFAULT false'
        )
        for sql in FUNCTIONS:
            cursor.execute(sql)
        cursor.execute(
            f'CREATE TRIGGER "{FROM_REVISIONS}" AFTER INSERT ON "moderation_commentrevision" '
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {MARK_FUNCTION}()"
        )
        cursor.execute(
            f'CREATE TRIGGER "{FROM_COMMENTS}" AFTER INSERT ON "moderation_comment" '
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {MARK_FUNCTION}()"
        )
        # The comments edited so far, in one statement (the partial index of later revisions,
        # records 0010, lists them).
        cursor.execute(
            f'UPDATE "moderation_comment" SET "{COLUMN}" = true WHERE "id" IN '
            '(SELECT "comment_id" FROM "moderation_commentrevision" WHERE "number" > 1)'
        )
        cursor.execute(
            f'CREATE INDEX "{INDEX}" ON "moderation_comment" '
            f'((COALESCE("posted_at", "captured_at"))) WHERE "{COLUMN}"'
        )


def marker_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER IF EXISTS "{FROM_COMMENTS}" ON "moderation_comment"')
        cursor.execute(f'DROP TRIGGER IF EXISTS "{FROM_REVISIONS}" ON "moderation_commentrevision"')
        cursor.execute(f"DROP FUNCTION IF EXISTS {MARK_FUNCTION}()")
        cursor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
        cursor.execute(f'ALTER TABLE "moderation_comment" DROP COLUMN IF EXISTS "{COLUMN}"')


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0014_archive_copy"),
        ("moderation", "0028_general_shapes"),
    ]

    operations = [migrations.RunPython(marker_add, marker_remove)]
