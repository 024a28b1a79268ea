from django.db import migrations

from moderation.migrations._frozen import rules_install


def install_missing_default_rules(apps, schema_editor):
    # Adds "Wishing harm on someone" (frozen/0007_more_default_flag_rules.json); rules that
    # exist already (same category and name) are left as supervisors edited them.
    rules_install(apps, schema_editor, "0007_more_default_flag_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0006_default_flag_rules")]

    operations = [migrations.RunPython(install_missing_default_rules, migrations.RunPython.noop)]
