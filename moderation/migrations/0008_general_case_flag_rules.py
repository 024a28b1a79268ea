from django.db import migrations

from moderation.migrations._frozen import rules_install


def install_missing_default_rules(apps, schema_editor):
    # Adds the default rules introduced for general-case comments (threats that name their own
    # target, generalisations about protected groups, campaign slogans for any named
    # candidate, spam lures, more profanity, slurs and sexual lures), frozen in
    # frozen/0008_general_case_flag_rules.json. They are all NEW rules: rules that exist
    # already (same category and name) are left as they are.
    rules_install(apps, schema_editor, "0008_general_case_flag_rules")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_more_default_flag_rules")]

    operations = [migrations.RunPython(install_missing_default_rules, migrations.RunPython.noop)]
