"""A signed-in person's workspace ("Mon espace"): what they pilot or follow, what waits for
them, the recent changes on their territories, and their notifications and digests."""

from django.apps import AppConfig

VERBS = {
    "workspace.sheet_followed": "Fiche suivie",
    "workspace.sheet_unfollowed": "Fiche plus suivie",
    "workspace.notification_read": "Notification lue",
    "workspace.notifications_read": "Notifications lues",
    "workspace.settings_changed": "Réglage des notifications",
}


class WorkspaceConfig(AppConfig):
    name = "territoires.workspace"
    label = "workspace"
    verbose_name = "Mon espace et notifications"

    def ready(self):
        from territoires.audit import log, registry

        from . import notifications

        registry.register(verbs=VERBS)
        # Notifications are derived from the audit log, in the write's transaction
        # (decision 0025).
        log.subscribe(notifications.on_event)
