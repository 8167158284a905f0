from django.apps import AppConfig


class SmartregionConfig(AppConfig):
    name = "smartregion"

    def ready(self) -> None:
        from smartregion import lookups

        lookups.register()
