"""Reinstall the retention trigger functions on databases migrated before this one.

Until now `stanton_refuse_change()` let TRUNCATE through when the session setting
`stanton.allow_test_flush` was on, and any client may set a custom setting: retention could be
switched off by whoever could connect. Every `protect_tables` migration installs the current
text by CREATE OR REPLACE, so a fresh database already has the safe function; an upgraded one
gets it here. The triggers themselves are unchanged (they call the function by name).
"""

from django.db import migrations

from audit.retention import install_retention_functions


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [install_retention_functions()]
