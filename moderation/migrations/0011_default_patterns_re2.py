from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_default_patterns(apps, schema_editor):
    # The default pattern rules move from Python `re` (with look-aheads) to RE2: the settings
    # before and after are frozen in frozen/0011_default_patterns_re2.json; a rule a supervisor
    # edited is left alone.
    rules_upgrade(apps, schema_editor, "0011_default_patterns_re2")


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0010_default_rules_history"),
        ("audit", "0002_append_only"),
    ]

    operations = [migrations.RunPython(upgrade_default_patterns, migrations.RunPython.noop)]
