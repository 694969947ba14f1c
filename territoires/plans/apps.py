from django.apps import AppConfig

VERBS = {
    "sheet.created": "Création",
    "sheet.updated": "Modification",
    "sheet.status_changed": "Changement de statut",
    "sheet.deleted": "Suppression",
    "sheet.restored": "Restauration",
    "sheet.document_added": "Document ajouté",
    "sheet.document_removed": "Document retiré",
}


class PlansConfig(AppConfig):
    name = "territoires.plans"
    label = "plans"
    verbose_name = "Plans d'action"

    def ready(self):
        from territoires.audit import registry

        from .fields import audit_fields

        registry.register("plans.actionsheet", fields=audit_fields(), verbs=VERBS)
