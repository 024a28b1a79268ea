from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_spam_shapes(apps, schema_editor):
    # Creators' plugs, releases and requests for support, dating lines, local advertisements
    # and SMS offers written without spaces as more kinds of signal of the two "signals
    # together" rules (frozen/0032_spam_shapes.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0032_spam_shapes")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0031_true_descriptions")]

    operations = [migrations.RunPython(upgrade_spam_shapes, migrations.RunPython.noop)]
