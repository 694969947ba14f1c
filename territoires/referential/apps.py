from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "territoires.referential"
    label = "referential"
    verbose_name = "Référentiel territorial"
