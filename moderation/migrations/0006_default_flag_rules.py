from django.db import migrations


def install_default_rules(apps, schema_editor):
    # The lists live in moderation/flagging/defaults.py (as the categories live in
    # moderation/policy/categories.py); existing rules (same category and name) are left as
    # supervisors edited them.
    from moderation.flagging.defaults import default_rules_install

    default_rules_install(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_policy_categories")]

    operations = [migrations.RunPython(install_default_rules, migrations.RunPython.noop)]
