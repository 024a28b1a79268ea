from django.db import migrations

from moderation.migrations._frozen import rule_history_and_audit


def backfill_history(apps, schema_editor):
    # Databases migrated before 0006-0008 were frozen got their default rules without a
    # history row or an audit event. Give each rule that has no history the "+" row and the
    # `flag_rule.created` event it would have had; rules installed since already have both.
    FlagRule = apps.get_model("moderation", "FlagRule")
    HistoricalFlagRule = apps.get_model("moderation", "HistoricalFlagRule")
    with_history = set(HistoricalFlagRule.objects.values_list("id", flat=True).distinct())
    for rule in FlagRule.objects.select_related("category").order_by("pk"):
        if rule.pk not in with_history:
            rule_history_and_audit(
                apps, schema_editor.connection, rule, installed_by="migration 0006-0008"
            )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_comment_platform_report"), ("audit", "0002_append_only")]

    operations = [migrations.RunPython(backfill_history, migrations.RunPython.noop)]
