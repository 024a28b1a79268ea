from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_harm_shapes(apps, schema_editor):
    # Threat targets and hostile generalisations in strangers' words for the threat and
    # discrimination detectors (frozen/0033_harm_shapes.json); a rule a supervisor edited is
    # left alone.
    rules_upgrade(apps, schema_editor, "0033_harm_shapes")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0032_spam_shapes")]

    operations = [migrations.RunPython(upgrade_harm_shapes, migrations.RunPython.noop)]
