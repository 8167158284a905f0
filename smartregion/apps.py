from django.apps import AppConfig


class SmartregionConfig(AppConfig):
    name = "smartregion"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from smartregion import lookups
        from smartregion.collation import register_sqlite_collation

        lookups.register()
        connection_created.connect(register_sqlite_collation, dispatch_uid="smartregion_french_collation")
