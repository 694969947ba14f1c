from django.apps import AppConfig

VERBS = {
    "territory.stage_changed": "Changement d'étape",
    "territory.fragility_changed": "Fragilité du territoire",
    "territory.stage_document_added": "Document d'une étape",
}


class ReferentialConfig(AppConfig):
    name = "territoires.referential"
    label = "referential"
    verbose_name = "Référentiel territorial"

    def ready(self):
        from territoires.audit import registry

        registry.register(verbs=VERBS)
