"""Records search at county scale (issue 16), on PostgreSQL only (the SQLite demo searches
with icontains and needs none of this):

- each searched text (comment, revision, post) keeps its search vector precomputed in a
  stored generated column `search_vector`, so neither the GIN index's recheck nor the ranking
  re-parses a body; the GIN indexes of records 0002 keep their names, now over that column;
- comments get an index on their search time, `COALESCE(posted_at, captured_at)`, the
  expression records.selectors.search filters a date range on;
- revisions after the first get a small partial index: the search looks for earlier texts
  only among edited comments.

Adding a stored column rewrites the table once (about a minute per million rows).
"""

from django.db import migrations

SEARCHED = [
    ("records_fts_comment_body", "moderation_comment"),
    ("records_fts_revision_body", "moderation_commentrevision"),
    ("records_fts_post_body", "moderation_post"),
]
VECTOR = "to_tsvector('english'::regconfig, COALESCE(body, ''))"
TIME_INDEX = "records_comment_search_time"
# Revisions after the first: only an edited comment has texts other than its body.
EDITS_INDEX = "records_revision_edits"


def vectors_store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for index, table in SEARCHED:
            cursor.execute(f'DROP INDEX IF EXISTS "{index}"')
            cursor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector '
                f"GENERATED ALWAYS AS ({VECTOR}) STORED"
            )
            cursor.execute(f'CREATE INDEX "{index}" ON "{table}" USING gin ("search_vector")')
        cursor.execute(
            f'CREATE INDEX "{TIME_INDEX}" ON "moderation_comment" '
            '((COALESCE("posted_at", "captured_at")))'
        )
        cursor.execute(
            f'CREATE INDEX "{EDITS_INDEX}" ON "moderation_commentrevision" ("comment_id") '
            'WHERE "number" > 1'
        )


def vectors_unstore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX IF EXISTS "{EDITS_INDEX}"')
        cursor.execute(f'DROP INDEX IF EXISTS "{TIME_INDEX}"')
        for index, table in SEARCHED:
            cursor.execute(f'DROP INDEX IF EXISTS "{index}"')
            cursor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')
            cursor.execute(f'CREATE INDEX "{index}" ON "{table}" USING gin ({VECTOR})')


class Migration(migrations.Migration):
    dependencies = [("records", "0009_public_archive")]

    operations = [migrations.RunPython(vectors_store, vectors_unstore)]
