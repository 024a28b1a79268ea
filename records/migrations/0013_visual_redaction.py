"""Visual redaction (issue 15): exemptions get a plain-language name (the clerk picks it, the
citation beside it); a redaction may name a raw payload value by its JSON Pointer, so its
field name grows; and the records a clerk leaves out of a release, one by one, are kept
(RecordExclusion, retained: DELETE refused).

Each catalogue row named here gets a history row and an audit event, as an administrator's
edit would; a row an administrator already named keeps its name.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import connection as default_connection
from django.db import migrations, models
from django.utils import timezone

from audit.retention import protect_tables
from moderation.migrations._frozen import audit_append

NAMES = {
    "personnel-medical": "Personnel, medical or similar files",
    "employee-home-contact": "Employee home contact details and birth dates",
    "public-interest-balancing": "Public interest in withholding clearly outweighs disclosure",
    "attorney-client": "Attorney-client privilege",
    "exempt-other-law": "Made confidential by another law",
    "preliminary-drafts": "Preliminary drafts and notes",
    "pending-litigation": "Documents prepared for litigation or a claim",
    "investigation-records": "Police complaints and investigation files",
    "information-security": "Information security records",
    "official-information": "Official information received in confidence",
    "constitutional-privacy": "Privacy of members of the public",
}


def exemption_names(apps, schema_editor) -> None:
    """Also run by the test suite (no schema editor) to put the names back after a flush."""
    Exemption = apps.get_model("records", "Exemption")
    History = apps.get_model("records", "HistoricalExemption")
    connection = schema_editor.connection if schema_editor else default_connection
    reason = "migration records 0013_visual_redaction"
    for exemption in Exemption.objects.filter(code__in=NAMES, name=""):
        exemption.name = NAMES[exemption.code]
        exemption.save(update_fields=["name"])
        History.objects.create(
            id=exemption.pk,
            code=exemption.code,
            name=exemption.name,
            citation=exemption.citation,
            description=exemption.description,
            active=exemption.active,
            history_date=timezone.now(),
            history_change_reason=reason,
            history_type="~",
            history_user=None,
        )
        audit_append(
            apps,
            connection,
            verb="exemption.updated",
            target_type="records.exemption",
            target_id=exemption.pk,
            data={"code": exemption.code, "name": exemption.name, "by": reason},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0012_release_formats'),
        ('audit', '0003_retention_functions_without_escape_hatch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='exemption',
            name='name',
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name='historicalexemption',
            name='name',
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AlterField(
            model_name='historicalredaction',
            name='field',
            field=models.CharField(blank=True, help_text='Empty: the whole record.', max_length=300),
        ),
        migrations.AlterField(
            model_name='redaction',
            name='field',
            field=models.CharField(blank=True, help_text='Empty: the whole record.', max_length=300),
        ),
        migrations.CreateModel(
            name='HistoricalRecordExclusion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(max_length=20)),
                ('record_id', models.PositiveBigIntegerField()),
                ('excluded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('included_again_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('excluded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('included_again_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='records.recordsrequest')),
            ],
            options={
                'verbose_name': 'historical record exclusion',
                'verbose_name_plural': 'historical record exclusions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='RecordExclusion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20)),
                ('record_id', models.PositiveBigIntegerField()),
                ('excluded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('included_again_at', models.DateTimeField(blank=True, null=True)),
                ('excluded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('included_again_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exclusions', to='records.recordsrequest')),
            ],
            options={
                'ordering': ['kind', 'record_id', 'id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('included_again_at__isnull', True)), fields=('request', 'kind', 'record_id'), name='records_exclusion_one_active')],
            },
        ),
        # Exclusions are never deleted (including a record again stamps who and when); their
        # history is append-only.
        protect_tables(
            "records_recordexclusion", append_only=("records_historicalrecordexclusion",)
        ),
        migrations.RunPython(exemption_names, migrations.RunPython.noop),
    ]
