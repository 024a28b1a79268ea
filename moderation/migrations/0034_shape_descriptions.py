from django.db import migrations

from moderation.migrations._frozen import descriptions_upgrade


def upgrade_descriptions(apps, schema_editor):
    # The public descriptions of six default rules say what migrations 0028 to 0033 made them
    # read: prize notices, creators' plugs and requests for support, dating lines and local
    # advertisements, slang and third-party threats, groups named by an adjective or by one
    # member (frozen/0034_shape_descriptions.json); a description a supervisor reworded is
    # left alone.
    descriptions_upgrade(apps, schema_editor, "0034_shape_descriptions")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0033_harm_shapes")]

    operations = [migrations.RunPython(upgrade_descriptions, migrations.RunPython.noop)]
