"""Response shapes, for the OpenAPI schema. Requests are described by
`moderation.ingest.schemas` (the same serializers validate them)."""

from __future__ import annotations

from rest_framework import serializers

from moderation.ingest.services import STATUSES


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. invalid_json, body_too_large, unknown_site")
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class ItemResultSerializer(serializers.Serializer):
    external_id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUSES)
    comment_id = serializers.IntegerField(required=False, help_text="Unless rejected.")
    reason = serializers.CharField(required=False, help_text="Why it was rejected.")
    errors = serializers.JSONField(required=False, help_text="Field-by-field, when rejected.")
    changes = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="When revised: body, platform_state (the platform's report moved the "
        "state), platform_report (recorded beside a state the City decided, not applied) "
        "and/or attachments.",
    )
    stale = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="body and/or platform_state: reported with a platform time older than what "
        "the portal holds, so recorded but not applied.",
    )


class CountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    revised = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()


class CommentBatchResultSerializer(serializers.Serializer):
    site = serializers.CharField()
    results = ItemResultSerializer(many=True, help_text="One per comment sent, in order.")
    counts = CountsSerializer()


class SnapshotCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    site = serializers.CharField()
    count = serializers.IntegerField()
    captured_at = serializers.DateTimeField()
