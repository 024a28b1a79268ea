from django.db import migrations, models
from django.db.models import F


def mark_sent_rows_done(apps, schema_editor):
    """Rows published before this migration cannot say whether their task ran; treat them as
    done, as the old outbox did, rather than re-running the whole history once."""
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    OutboxMessage.objects.filter(sent_at__isnull=False).update(
        done_at=F("sent_at"), deliveries=1
    )


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="deliveries",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_pending_idx"),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["sent_at", "created_at"],
                name="outbox_undone_idx",
            ),
        ),
        migrations.RunPython(mark_sent_rows_done, migrations.RunPython.noop),
    ]
