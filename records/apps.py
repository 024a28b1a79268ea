from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Public records"

    def ready(self) -> None:
        # Name the objects this app's audit events are about (audit.subjects).
        from records.selectors.audit_subjects import register

        register()
