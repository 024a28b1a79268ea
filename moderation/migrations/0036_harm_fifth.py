from django.db import migrations

from moderation.migrations._frozen import descriptions_upgrade


def upgrade_descriptions(apps, schema_editor):
    # The public descriptions of the threat, discrimination and sexual content rules say what
    # the fifth pass of issue 11 made their detectors read: calls to violence that name no one,
    # slurs in any spelling and groups named with a sneer, sexual chat with no explicit word
    # (frozen/0036_harm_fifth.json); a description a supervisor reworded is left alone.
    descriptions_upgrade(apps, schema_editor, "0036_harm_fifth")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0035_spam_fifth")]

    operations = [migrations.RunPython(upgrade_descriptions, migrations.RunPython.noop)]
