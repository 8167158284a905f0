from django.apps import AppConfig


class SmartregionConfig(AppConfig):
    name = "smartregion"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from smartregion import freshness, lookups
        from smartregion.collation import register_sqlite_collation

        lookups.register()
        connection_created.connect(register_sqlite_collation, dispatch_uid="smartregion_french_collation")
        connection_created.connect(freshness.watch_connection, dispatch_uid="smartregion_watch_tables")
        pre_migrate.connect(freshness.suspend_during_migrations, dispatch_uid="smartregion_suspend_versions")
        post_migrate.connect(freshness.resume_after_migrations, dispatch_uid="smartregion_resume_versions")
