from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "territoires.workspace"
    label = "workspace"
    verbose_name = "Mon espace et notifications"
