"""Staff accounts' history refuses UPDATE on PostgreSQL, as every history table does
(see moderation 0009)."""

from django.db import migrations

from audit.retention import protect_tables


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("audit", "0003_retention_functions_without_escape_hatch"),
    ]

    operations = [protect_tables(append_only=("accounts_historicaluser",))]
