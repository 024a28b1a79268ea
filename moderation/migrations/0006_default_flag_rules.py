from django.db import migrations

from moderation.migrations._frozen import rules_install


def install_default_rules(apps, schema_editor):
    # The default rules as they were frozen (frozen/0006_default_flag_rules.json), each with its
    # history row and audit event; existing rules (same category and name) are left as they are.
    rules_install(apps, schema_editor, "0006_default_flag_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_policy_categories"), ("audit", "0002_append_only")]

    operations = [migrations.RunPython(install_default_rules, migrations.RunPython.noop)]
