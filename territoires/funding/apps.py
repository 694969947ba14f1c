from django.apps import AppConfig

VERBS = {
    "scheme.created": "Dispositif ajouté au catalogue",
    "scheme.updated": "Dispositif modifié",
    "funding.line_added": "Ligne de financement ajoutée",
    "funding.line_updated": "Ligne de financement modifiée",
    "funding.line_removed": "Ligne de financement retirée",
    "funding.line_status_changed": "Statut d'une ligne de financement",
    "funding.self_funding_set": "Autofinancement",
    "funding.suggestion_dismissed": "Suggestion écartée",
    "funding.alert_created": "Alerte enregistrée",
    "funding.alert_deleted": "Alerte supprimée",
    "funding.alert_unsubscribed": "Désabonnement d'une alerte (lien de l'e-mail)",
}


class FundingConfig(AppConfig):
    name = "territoires.funding"
    label = "funding"
    verbose_name = "Financements"

    def ready(self):
        from territoires.audit import registry

        from . import history

        registry.register(verbs=VERBS)
        history.register()
