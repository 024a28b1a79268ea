from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_uploads_kitchen_clothes(apps, schema_editor):
    # Requests to watch the writer's uploads as spam, "no business"/"back to the kitchen" said
    # of a group, "without clothes" remarks, and messages "shot" to someone not read as threats
    # (frozen/0024_uploads_kitchen_clothes.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0024_uploads_kitchen_clothes")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0023_reactions")]

    operations = [migrations.RunPython(upgrade_uploads_kitchen_clothes, migrations.RunPython.noop)]
