from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "territoires.core"
    label = "core"
    verbose_name = "Socle commun"

    def ready(self):
        from . import lookups

        lookups.register()
