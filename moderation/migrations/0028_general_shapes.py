from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_general_shapes(apps, schema_editor):
    # More shapes of video-comment self-promotion ("sub 2 me", "would love if u checked it out",
    # "mira mi canal", "link is in my profile"), "order online" offers, "drop dead gorgeous" and
    # "worked hard on it" no longer read as a death wish or sexual, "hope u choke", "gives great
    # head", "dumber than" said of a group, offers "u've been picked", "complimentary", earnings
    # per hour (frozen/0028_general_shapes.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0028_general_shapes")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0027_queue_tab_count_indexes")]

    operations = [migrations.RunPython(upgrade_general_shapes, migrations.RunPython.noop)]
