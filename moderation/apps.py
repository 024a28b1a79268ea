from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        # Name the objects this app's audit events are about (audit.subjects).
        from moderation.auditlog.subjects import register

        register()
