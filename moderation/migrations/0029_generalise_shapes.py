from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_generalise_shapes(apps, schema_editor):
    # Video-comment spam idioms ("who's here after", "like if you're watching in", "sub to
    # her"), more dehumanising words and hostile predicates said of a group, the handset-upgrade
    # message and local offers ("first session free"), "dumbasses"
    # (frozen/0029_generalise_shapes.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0029_generalise_shapes")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0028_general_shapes")]

    operations = [migrations.RunPython(upgrade_generalise_shapes, migrations.RunPython.noop)]
