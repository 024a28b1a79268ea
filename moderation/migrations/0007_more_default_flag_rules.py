from django.db import migrations


def install_missing_default_rules(apps, schema_editor):
    # Adds default rules introduced since 0006 ("Wishing harm on someone"); rules that exist
    # already (same category and name) are left as supervisors edited them.
    from moderation.flagging.defaults import default_rules_install

    default_rules_install(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0006_default_flag_rules")]

    operations = [migrations.RunPython(install_missing_default_rules, migrations.RunPython.noop)]
