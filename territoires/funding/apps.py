from django.apps import AppConfig

VERBS = {
    "scheme.imported": "Import de dispositifs",
}


class FundingConfig(AppConfig):
    name = "territoires.funding"
    label = "funding"
    verbose_name = "Financements"

    def ready(self):
        from territoires.audit import registry

        registry.register(verbs=VERBS)
