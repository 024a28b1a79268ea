from django.db import migrations


def install_missing_default_rules(apps, schema_editor):
    # Adds the default rules introduced for general-case comments (threats that name their own
    # target, generalisations about protected groups, campaign slogans for any named
    # candidate, spam lures, more profanity, slurs and sexual lures). They are all NEW rules:
    # no existing rule's parameters changed, so supervisors' edits are untouched, and rules
    # that exist already (same category and name) are left as they are.
    from moderation.flagging.defaults import default_rules_install

    default_rules_install(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_more_default_flag_rules")]

    operations = [migrations.RunPython(install_missing_default_rules, migrations.RunPython.noop)]
