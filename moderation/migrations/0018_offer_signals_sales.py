from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_offer_signals(apps, schema_editor):
    # The prize and offer rule also reads a local advertisement's shapes as one kind of signal
    # (frozen/0018_offer_signals_sales.json); a rule a supervisor edited is left alone.
    rules_upgrade(apps, schema_editor, "0018_offer_signals_sales")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0017_harm_rules")]

    operations = [migrations.RunPython(upgrade_offer_signals, migrations.RunPython.noop)]
