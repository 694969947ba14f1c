from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "territoires.audit"
    label = "audit"
    verbose_name = "Journal des modifications"
