from django.db import migrations


def seed_categories(apps, schema_editor):
    from moderation.policy.categories import CATEGORIES

    PolicyCategory = apps.get_model("moderation", "PolicyCategory")
    for position, data in enumerate(CATEGORIES, start=1):
        fields = {k: v for k, v in data.items() if k != "code"}
        fields.setdefault("sub_reasons", [])
        PolicyCategory.objects.update_or_create(
            code=data["code"], defaults={**fields, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_retention_triggers_domain")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
