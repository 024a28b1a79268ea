from django.db import migrations

from audit.retention import protect_tables


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        protect_tables(
            "moderation_site",
            "moderation_historicalsite",
            "moderation_designation",
            "moderation_historicaldesignation",
        )
    ]
