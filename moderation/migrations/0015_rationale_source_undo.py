"""Decisions say where their rationale came from (written, a template accepted as it was, or
a template edited), and an undo is a decision of its own pointing at the one it reverses.

Decisions made before this migration are marked `unrecorded`: nobody can now say whether their
rationale was typed or a template. Both new columns are immutable like the rest of a decision
(0012's trigger lists only the review columns as mutable); adding them writes no UPDATE.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0014_learned_models'),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='rationale_source',
            field=models.CharField(choices=[('written', 'Written by the moderator'), ('template', 'Category template, accepted unedited'), ('template_edited', 'Category template, edited by the moderator'), ('none', 'No rationale given'), ('unrecorded', 'Not recorded (decided before the portal kept this)')], default='unrecorded', max_length=16),
        ),
        migrations.AddField(
            model_name='decision',
            name='undoes',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='undone_by', to='moderation.decision'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='rationale_source',
            field=models.CharField(choices=[('written', 'Written by the moderator'), ('template', 'Category template, accepted unedited'), ('template_edited', 'Category template, edited by the moderator'), ('none', 'No rationale given'), ('unrecorded', 'Not recorded (decided before the portal kept this)')], default='unrecorded', max_length=16),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='undoes',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='moderation.decision'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='action',
            field=models.CharField(choices=[('keep', 'Keep (no violation)'), ('hide', 'Hide'), ('remove', 'Remove'), ('restore', 'Restore'), ('escalate', 'Escalate to a supervisor'), ('undo', 'Undo of the decision before')], max_length=10),
        ),
        migrations.AlterField(
            model_name='historicaldecision',
            name='action',
            field=models.CharField(choices=[('keep', 'Keep (no violation)'), ('hide', 'Hide'), ('remove', 'Remove'), ('restore', 'Restore'), ('escalate', 'Escalate to a supervisor'), ('undo', 'Undo of the decision before')], max_length=10),
        ),
    ]
