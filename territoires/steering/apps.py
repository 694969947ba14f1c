from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class SteeringConfig(AppConfig):
    name = "territoires.steering"
    label = "steering"
    verbose_name = "Pilotage du programme"

    def ready(self):
        from territoires.audit import log

        from . import cache

        # Every audited write renews the figures' data version (decision 0028), so does a
        # row of the figures saved outside the services, and a migration, which may
        # change the data without an event.
        log.subscribe(cache.on_event)
        post_save.connect(cache.on_row_written, dispatch_uid="figures-cache-saved")
        post_delete.connect(cache.on_row_written, dispatch_uid="figures-cache-deleted")
        post_migrate.connect(cache.renew, sender=self, dispatch_uid="figures-cache-renew")
