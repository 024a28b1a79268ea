from django.db import migrations

from moderation.migrations._frozen import rules_upgrade


def upgrade_spam_offer_signals(apps, schema_editor):
    # More self-promotion shapes ("give my track a listen", follower counts) and four more kinds
    # of offer signal (frozen/0019_spam_offer_signals.json); a rule a supervisor edited is left
    # alone.
    rules_upgrade(apps, schema_editor, "0019_spam_offer_signals")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0018_offer_signals_sales")]

    operations = [migrations.RunPython(upgrade_spam_offer_signals, migrations.RunPython.noop)]
