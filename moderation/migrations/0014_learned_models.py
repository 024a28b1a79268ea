"""The classifier learned from the City's decisions (moderation/flagging/learned.py).

- `FlagRule.kind` gains "learned"; one such rule per category the classifier may learn is
  installed (active, default settings), with its history row and `flag_rule.created` audit
  event, so what it flags is published at /rules/ and supervisors can tune or switch it off.
  Not for the categories left to people (copyright, illegal conduct, unlawful content,
  unprotected speech), nor Brown Act concerns, which turn on who writes, not on the text.
- `LearnedModel`: one row per training, append-only (PostgreSQL refuses UPDATE and DELETE).

The rules are written out here, not read from today's code: a migration is history.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from audit.retention import protect_tables
from moderation.migrations._frozen import rule_history_and_audit

NAME = "0014_learned_models"
LEARNED_CATEGORIES = (
    "off_topic",
    "profanity",
    "discrimination",
    "sexual",
    "threat",
    "political_campaign",
    "commerce",
    "illegal_encouragement",
    "public_safety",
    "personnel",
    "confidential",
)
DESCRIPTION = (
    "Learns from the City's own moderation decisions, and from nothing else: a statistical "
    "model trained on the comments City staff removed or hid citing this category, set "
    "against the comments they kept or removed for other reasons. It flags a comment for a "
    "person to review when it reads much like the removed ones, naming the words that weighed "
    "most. It is trained only once there are enough such decisions (the minimums below), and "
    "used only while, tested on the City's newest decisions (which it was not trained on), "
    "the share of its flags that staff had removed for this reason meets the precision floor "
    "below. It only adds flags; it never removes a comment or decides anything."
)


def install_learned_rules(apps, schema_editor):
    """One learned rule per category listed, unless the category has one (the test suite calls
    this with no schema editor after a flush)."""
    from django.db import connection as default_connection

    FlagRule = apps.get_model("moderation", "FlagRule")
    PolicyCategory = apps.get_model("moderation", "PolicyCategory")
    connection = schema_editor.connection if schema_editor else default_connection
    for code in LEARNED_CATEGORIES:
        category = PolicyCategory.objects.filter(code=code).first()
        if category is None or FlagRule.objects.filter(category=category, kind="learned").exists():
            continue
        rule = FlagRule.objects.create(
            category=category,
            sub_reason="",
            name=f"Learned from the City's decisions: {category.name.lower()}",
            kind="learned",
            parameters={},
            public_description=DESCRIPTION,
            active=True,
        )
        rule_history_and_audit(apps, connection, rule, installed_by=f"migration {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0013_account_notes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="flagrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("keywords", "Word or phrase list"),
                    ("regex", "Pattern (regular expression)"),
                    ("link_domains", "Link domains"),
                    ("length", "Length limit"),
                    ("repetition", "Repetition window"),
                    ("names", "Names (e.g. City staff directory)"),
                    ("threshold", "Detector threshold"),
                    ("learned", "Learned from the City's decisions"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalflagrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("keywords", "Word or phrase list"),
                    ("regex", "Pattern (regular expression)"),
                    ("link_domains", "Link domains"),
                    ("length", "Length limit"),
                    ("repetition", "Repetition window"),
                    ("names", "Names (e.g. City staff directory)"),
                    ("threshold", "Detector threshold"),
                    ("learned", "Learned from the City's decisions"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="LearnedModel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("trained_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "training_key",
                    models.CharField(
                        help_text="SHA-256 of the decisions and settings it was trained from.",
                        max_length=64,
                    ),
                ),
                ("feature_version", models.PositiveSmallIntegerField()),
                (
                    "library_version",
                    models.CharField(help_text="scikit-learn's version.", max_length=40),
                ),
                (
                    "decision_count",
                    models.PositiveIntegerField(help_text="Decisions learned and measured on."),
                ),
                ("train_count", models.PositiveIntegerField()),
                ("train_violations", models.PositiveIntegerField()),
                ("holdout_count", models.PositiveIntegerField()),
                ("holdout_violations", models.PositiveIntegerField()),
                (
                    "holdout_flagged",
                    models.PositiveIntegerField(help_text="Held-out comments it would flag."),
                ),
                ("holdout_true_positives", models.PositiveIntegerField()),
                ("precision", models.FloatField(blank=True, null=True)),
                ("recall", models.FloatField(blank=True, null=True)),
                ("threshold", models.FloatField()),
                ("precision_floor", models.FloatField()),
                (
                    "activated",
                    models.BooleanField(help_text="Met the precision floor: used to flag."),
                ),
                ("outcome", models.CharField(max_length=300)),
                ("top_terms", models.JSONField(blank=True, default=list)),
                ("model_bytes", models.BinaryField()),
                ("model_sha256", models.CharField(max_length=64)),
                ("model_size", models.PositiveIntegerField()),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="learned_models",
                        to="moderation.policycategory",
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="learned_models",
                        to="moderation.flagrule",
                    ),
                ),
            ],
            options={
                "ordering": ["-trained_at", "-id"],
                "indexes": [
                    models.Index(fields=["category", "-id"], name="moderation__categor_483e4e_idx")
                ],
            },
        ),
        protect_tables(append_only=("moderation_learnedmodel",)),
        migrations.RunPython(install_learned_rules, migrations.RunPython.noop),
    ]
