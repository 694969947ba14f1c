from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite the `ti_fold` function (lower case, no accents) used by text search."""
    if connection.vendor == "sqlite":
        from .text import fold

        connection.connection.create_function("ti_fold", 1, fold, deterministic=True)


class CoreConfig(AppConfig):
    name = "territoires.core"
    label = "core"
    verbose_name = "Socle commun"

    def ready(self):
        connection_created.connect(register_sqlite_functions, dispatch_uid="ti_fold")
        from . import lookups

        lookups.register()
