from django.db import migrations

from moderation.migrations._frozen import rules_install


def install_harm_rules(apps, schema_editor):
    # Adds the harm detectors' default rules (threats and calls to violence, hostile
    # generalisations about protected groups, sexual content), frozen in
    # frozen/0017_harm_rules.json. They are all NEW rules: the older threat, discrimination
    # and sexual rules stay as they are (a supervisor may have edited them).
    rules_install(apps, schema_editor, "0017_harm_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0016_spam_pii_rules")]

    operations = [migrations.RunPython(install_harm_rules, migrations.RunPython.noop)]
