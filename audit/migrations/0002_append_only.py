from django.db import migrations

from audit.retention import protect_tables


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [protect_tables(append_only=("audit_auditevent",))]
