"""Retention triggers for every records table, the seeded exemption catalogue, and the
full-text search indexes over retained comment text (PostgreSQL only)."""

from django.db import migrations

from audit.retention import protect_tables

RECORDS_TABLES = [
    "records_recordsrequest",
    "records_assistancelogentry",
    "records_deadlinereminder",
    "records_cityclosure",
    "records_exemption",
    "records_redaction",
    "records_legalhold",
    "records_disclosurepackage",
    "records_packagedownload",
]

# Post-2023 CPRA section numbers (the recodification, AB 473, Stats. 2021 ch. 614).
EXEMPTIONS = [
    ("personnel-medical", "Gov. Code 7927.700",
     "Personnel, medical, or similar files, the disclosure of which would constitute an "
     "unwarranted invasion of personal privacy."),
    ("employee-home-contact", "Gov. Code 7928.300",
     "Home addresses, home telephone numbers, personal cellular telephone numbers and birth "
     "dates of public agency employees."),
    ("public-interest-balancing", "Gov. Code 7922.000",
     "On the facts of the particular case, the public interest served by not disclosing the "
     "record clearly outweighs the public interest served by disclosure (the \"catch-all\")."),
    ("attorney-client", "Evid. Code 954 (Gov. Code 7927.705)",
     "Confidential communications between the City and its attorneys (lawyer-client privilege)."),
    ("exempt-other-law", "Gov. Code 7927.705",
     "Records whose disclosure is exempted or prohibited by federal or state law, including "
     "the Evidence Code's privileges."),
    ("preliminary-drafts", "Gov. Code 7927.500",
     "Preliminary drafts, notes, or interagency or intra-agency memoranda not retained in the "
     "ordinary course of business, where the public interest in withholding clearly outweighs "
     "disclosure."),
    ("pending-litigation", "Gov. Code 7927.200",
     "Records pertaining to pending litigation to which the City is a party, until the "
     "litigation has been finally adjudicated or otherwise settled."),
]

FTS_INDEXES = [
    ("records_fts_comment_body", "moderation_comment"),
    ("records_fts_revision_body", "moderation_commentrevision"),
    ("records_fts_post_body", "moderation_post"),
]


def seed_exemptions(apps, schema_editor):
    Exemption = apps.get_model("records", "Exemption")
    for code, citation, description in EXEMPTIONS:
        Exemption.objects.get_or_create(
            code=code, defaults={"citation": citation, "description": description}
        )


def create_fts_indexes(apps, schema_editor):
    # The expression matches what SearchVector("body", config="english") generates, so the
    # planner uses the index. SQLite searches with icontains instead and needs none.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, table in FTS_INDEXES:
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin '
                "(to_tsvector('english'::regconfig, COALESCE(body, '')))"
            )


def drop_fts_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _table in FTS_INDEXES:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("records", "0001_records_domain")]

    operations = [
        protect_tables(*RECORDS_TABLES, *[t.replace("records_", "records_historical") for t in RECORDS_TABLES]),
        migrations.RunPython(seed_exemptions, migrations.RunPython.noop),
        migrations.RunPython(create_fts_indexes, drop_fts_indexes),
    ]
