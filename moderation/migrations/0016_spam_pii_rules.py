from django.db import migrations

from moderation.migrations._frozen import rules_install


def install_spam_pii_rules(apps, schema_editor):
    # Adds the default rules for spam and self-promotion (links to outside sites measured
    # against the post's topic, self-promotion signals), prize and offer messages, and more
    # personal information (payment cards, IBANs, IP addresses, phone numbers in other
    # formats, postal addresses), frozen in frozen/0016_spam_pii_rules.json. They are all NEW
    # rules: rules that exist already (same category and name) are left as they are.
    rules_install(apps, schema_editor, "0016_spam_pii_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0015_rationale_source_undo")]

    operations = [migrations.RunPython(install_spam_pii_rules, migrations.RunPython.noop)]
