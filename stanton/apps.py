from django.apps import AppConfig


class StantonConfig(AppConfig):
    """The project itself: what every app's database connection shares."""

    name = "stanton"
    verbose_name = "Stanton"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from stanton.pgarrays import list_dumper_register

        connection_created.connect(list_dumper_register, dispatch_uid="stanton-list-dumper")
