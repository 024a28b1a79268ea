import json
from pathlib import Path

from django.db import migrations

# The default pattern rules' parameters as 0006-0008 installed them (Python `re`, with
# look-aheads). Kept as data: the record of what this migration replaces.
PREVIOUS = Path(__file__).resolve().parent / "data" / "0009_python_re_patterns.json"


def upgrade_default_patterns(apps, schema_editor):
    from moderation.flagging.defaults import default_patterns_upgrade

    default_patterns_upgrade(apps, json.loads(PREVIOUS.read_text(encoding="utf-8")))


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0009_comment_platform_report"),
        ("audit", "0002_append_only"),
    ]

    operations = [migrations.RunPython(upgrade_default_patterns, migrations.RunPython.noop)]
