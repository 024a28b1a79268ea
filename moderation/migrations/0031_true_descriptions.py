from django.db import migrations

from moderation.migrations._frozen import descriptions_upgrade


def upgrade_descriptions(apps, schema_editor):
    # The public descriptions of three default rules say what migrations 0029 and 0030 made
    # them read: written-out e-mails, identity numbers, licence plates and dates of birth,
    # spelt-out phone numbers (frozen/0031_true_descriptions.json); a description a
    # supervisor reworded is left alone.
    descriptions_upgrade(apps, schema_editor, "0031_true_descriptions")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0030_strangers_words")]

    operations = [migrations.RunPython(upgrade_descriptions, migrations.RunPython.noop)]
