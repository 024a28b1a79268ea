"""Append-only means append-only (PostgreSQL), for the records app.

- Every history table refuses UPDATE outright, as the audit log does.
- A disclosure package's request, builder, criteria and creation time never change; while it
  is built only `DisclosurePackage.MUTABLE_FIELDS` do, and once it is complete nothing does:
  its file, SHA-256 and manifest are what was disclosed.

The column list is written out, not imported (see moderation 0009); tests/test_append_only.py
checks it against the model.
"""

from django.db import migrations

from audit.retention import protect_columns, protect_tables

HISTORY_TABLES = (
    "records_historicalrecordsrequest",
    "records_historicalassistancelogentry",
    "records_historicaldeadlinereminder",
    "records_historicalcityclosure",
    "records_historicalexemption",
    "records_historicalredaction",
    "records_historicallegalhold",
    "records_historicaldisclosurepackage",
    "records_historicalpackagedownload",
)

PACKAGE_MUTABLE_WHILE_BUILT = (
    "status",
    "progress",
    "progress_message",
    "file",
    "sha256",
    "size",
    "manifest",
    "counts",
    "generator_version",
    "started_at",
    "finished_at",
    "attempts",
    "error",
)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_retention_exemptions_search"),
        ("audit", "0003_retention_functions_without_escape_hatch"),
    ]

    operations = [
        protect_tables(append_only=HISTORY_TABLES),
        protect_columns("records_disclosurepackage", mutable=PACKAGE_MUTABLE_WHILE_BUILT),
        protect_columns(
            "records_disclosurepackage", mutable=(), when="OLD.status = 'complete'", suffix="sealed"
        ),
    ]
