from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_spam_fifth(apps, schema_editor):
    # Wider kinds of self-promotion and of prize and offer signal for the two "signals
    # together" rules (frozen/0035_spam_fifth.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0035_spam_fifth")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0034_shape_descriptions")]

    operations = [migrations.RunPython(upgrade_spam_fifth, migrations.RunPython.noop)]
