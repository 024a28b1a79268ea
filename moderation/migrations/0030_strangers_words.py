from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_strangers_words(apps, schema_editor):
    # Offers, creators' plugs, hostile generalisations and explicit scenes in strangers'
    # words; "I'll be waiting for your response" is no veiled threat
    # (frozen/0030_strangers_words.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0030_strangers_words")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0029_generalise_shapes")]

    operations = [migrations.RunPython(upgrade_strangers_words, migrations.RunPython.noop)]
