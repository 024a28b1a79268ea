from django.db import migrations

from moderation.migrations._frozen import categories_install


def seed_categories(apps, schema_editor):
    # The catalogue as it was when this migration was written: frozen/0005_policy_categories.json.
    categories_install(apps, "0005_policy_categories")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_retention_triggers_domain")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
